// The long-polls of `GET /_mock/deliveries/{id}?wait=settled`: each waits for its delivery to settle, or its timeout.
export class SettledWaiters {
  readonly #waiters = new Map<string, Set<() => void>>();
  #closed = false;

  /** How many long-polls are held now. */
  get size(): number {
    let n = 0;
    for (const set of this.#waiters.values()) n += set.size;
    return n;
  }

  /** Resolves when `wake(id)` or `wakeAll()` is called, or after `timeoutMs`, whichever comes first. */
  wait(id: string, timeoutMs: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.#waiters.get(id) ?? new Set();
      this.#waiters.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.#waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
    });
  }

  wake(id: string): void {
    for (const wake of [...(this.#waiters.get(id) ?? [])]) wake();
  }

  wakeAll(): void {
    for (const set of [...this.#waiters.values()]) for (const wake of [...set]) wake();
  }

  /**
   * Shutting down: every long-poll answers now and new ones do not wait. The HTTP server only finishes closing once
   * its requests have, so this runs before it (preClose).
   */
  close(): void {
    this.#closed = true;
    this.wakeAll();
  }
}
