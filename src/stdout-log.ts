// Where the CLI's logs go: stdout, written so that a reader going away (EPIPE) or stalling can never wedge the process.
import { writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** How long one line may wait for a reader that has stopped reading before it is dropped. */
export const STALLED_READER_MS = 1000;
const RETRY_MS = 10;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pino destination writing each line synchronously to `fd`. Not pino's default: that one buffers, writes
 * asynchronously and flushes at exit in a loop that retries EPIPE forever, so with stdout piped into a process that
 * has exited (`snapengage-mock | head -3`) SIGTERM closed the port and the process never ended. Here EPIPE (or any
 * other write error) switches output off for good; a full pipe (EAGAIN) is retried for up to STALLED_READER_MS, then
 * the line is dropped, so the server never waits on its reader for longer than that.
 */
export function stdoutLog(fd = 1): DestinationStream & { readonly closed: boolean } {
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    write(line: string) {
      if (closed) return;
      let rest = Buffer.from(line);
      let waited = 0;
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(fd, rest));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') {
            closed = true;
            return;
          }
          if (waited >= STALLED_READER_MS) return;
          Atomics.wait(pause, 0, 0, RETRY_MS);
          waited += RETRY_MS;
        }
      }
    },
  };
}
