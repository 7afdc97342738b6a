// The attempts running now, each with the abort that shutdown uses to end it.
import type { FastifyBaseLogger } from 'fastify';
import { AttemptAbort } from './attempt-abort.js';

export class InFlightAttempts {
  readonly #running = new Map<string, { abort: AttemptAbort; done: Promise<unknown> }>();

  get size(): number {
    return this.#running.size;
  }

  /** Tracks `run(abort)` under `id` until it settles; returns its promise. */
  track<T>(id: string, run: (abort: AttemptAbort) => Promise<T>): Promise<T> {
    const abort = new AttemptAbort();
    const done = run(abort).finally(() => this.#running.delete(id));
    this.#running.set(id, { abort, done });
    return done;
  }

  /**
   * Waits up to `drainMs` for the attempts to finish, then aborts the rest (their leases are given back, so the
   * next start retries them) and waits for them to wind up: closing stays bounded and nothing is lost.
   */
  async drain(drainMs: number, log: FastifyBaseLogger): Promise<void> {
    if (this.#running.size === 0) return;
    const all = () => Promise.allSettled([...this.#running.values()].map((f) => f.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    clearTimeout(timer);
    if (this.#running.size > 0) log.warn({ inFlight: this.#running.size, drainMs }, 'aborting webhook attempts still in flight');
    for (const f of this.#running.values()) f.abort.abort();
    await all();
  }
}
