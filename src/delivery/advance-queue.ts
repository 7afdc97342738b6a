// The order virtual-clock advances run in: one partner's one after another, different partners' side by side, and an
// advance of the shared clock (which moves every partner following it) alone, after all before it and before all after.

/** The key of the shared clock's advances (partner fingerprints are hex, so it never names a partner). */
export const SHARED = '*';

export class AdvanceQueue {
  /** The last advance queued per key, settled either way. */
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `job` once the advances it must follow have ended; `key` is a partner, or SHARED. */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const before = key === SHARED ? [...this.#tails.values()] : [this.#tails.get(SHARED), this.#tails.get(key)];
    const run = Promise.all(before).then(job);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** Resolves once every advance queued so far has ended. */
  async drain(): Promise<void> {
    await Promise.all(this.#tails.values());
  }
}
