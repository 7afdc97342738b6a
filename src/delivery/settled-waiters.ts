// The long-polls of `GET /_mock/deliveries/{id}?wait=settled`: each waits for its delivery to settle, or its timeout.
interface Waiting {
  /** The partner the delivery belongs to: an advance of its clock ends the wait (see wakeWhere). */
  partner: string;
  wakes: Set<() => void>;
}

export class SettledWaiters {
  readonly #waiters = new Map<string, Waiting>();
  #closed = false;

  /** How many long-polls are held now. */
  get size(): number {
    let n = 0;
    for (const { wakes } of this.#waiters.values()) n += wakes.size;
    return n;
  }

  /** Resolves when `wake(id)` or a `wakeWhere` that takes `partner` is called, or after `timeoutMs`, whichever first. */
  wait(id: string, partner: string, timeoutMs: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.#waiters.get(id) ?? { partner, wakes: new Set() };
      this.#waiters.set(id, waiting);
      const done = () => {
        clearTimeout(timer);
        waiting.wakes.delete(done);
        if (waiting.wakes.size === 0) this.#waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiting.wakes.add(done);
    });
  }

  wake(id: string): void {
    for (const wake of [...(this.#waiters.get(id)?.wakes ?? [])]) wake();
  }

  /** Wakes every long-poll on a delivery of a partner `test` accepts (those whose clock an advance just moved). */
  wakeWhere(test: (partner: string) => boolean): void {
    for (const { partner, wakes } of [...this.#waiters.values()]) if (test(partner)) for (const wake of [...wakes]) wake();
  }

  /**
   * Shutting down: every long-poll answers now and new ones do not wait. The HTTP server only finishes closing once
   * its requests have, so this runs before it (preClose).
   */
  close(): void {
    this.#closed = true;
    this.wakeWhere(() => true);
  }
}
