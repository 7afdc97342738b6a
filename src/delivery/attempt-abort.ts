// How shutdown and the attempt deadline end a webhook exchange. An AbortController costs several microseconds per
// attempt (its signal is an EventTarget); an EventEmitter with an `aborted` flag is what undici also accepts.
import { EventEmitter } from 'node:events';

export class AttemptAbort extends EventEmitter {
  aborted = false;
  #controller: AbortController | undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }

  /** The same abort as a standard AbortSignal, made on first use, for APIs that take only that (the SMTP relay). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController());
      if (this.aborted) controller.abort();
      else this.once('abort', () => controller.abort());
    }
    return this.#controller.signal;
  }
}
