// Where the CLI's logs go: stdout, written so that a reader going away (EPIPE) or stalling can never wedge the process.
import { writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** How long one batch may wait for a reader that has stopped reading before it is dropped. */
const STALLED_READER_MS = 1000;
/** Lines buffered past this many bytes are written at once rather than at the end of the event loop's turn. */
const FLUSH_AT_BYTES = 64 * 1024;
const RETRY_MS = 10;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pino destination for `fd`: lines are gathered during one turn of the event loop and written together, synchronously,
 * when the turn ends (setImmediate), when 64 KB are waiting, or at exit. One write per turn instead of one per line:
 * a write(2) per request log line was a tenth of a GET's CPU under load. Not pino's default destination: that one
 * flushes at exit in a loop that retries EPIPE forever, so with stdout piped into a process that has exited
 * (`snapengage-mock | head -3`) SIGTERM closed the port and the process never ended. Here EPIPE (or any other write
 * error) switches output off for good; a full pipe (EAGAIN) is retried for up to STALLED_READER_MS, then the batch is
 * dropped, so the server never waits on its reader for longer than that. Only a SIGKILL can lose the lines of the
 * turn it interrupts.
 */
export function stdoutLog(fd = 1): DestinationStream & { readonly closed: boolean; flush(): void } {
  let closed = false;
  let pending: string[] = [];
  let pendingBytes = 0;
  let scheduled = false;

  const writeAll = (text: string) => {
    let rest = Buffer.from(text);
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
  };
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    pendingBytes = 0;
    if (!closed) writeAll(text);
  };
  process.once('exit', flush);

  return {
    get closed() {
      return closed;
    },
    flush,
    write(line: string) {
      if (closed) return;
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= FLUSH_AT_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
