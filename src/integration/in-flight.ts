// The attempts running now, each with the AbortController that shutdown uses to end it.
import type { FastifyBaseLogger } from 'fastify';

export class InFlightAttempts {
  readonly #running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();

  get size(): number {
    return this.#running.size;
  }

  /** Tracks `run(signal)` under `id` until it settles; returns its promise. */
  track<T>(id: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const done = run(abort.signal).finally(() => this.#running.delete(id));
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
