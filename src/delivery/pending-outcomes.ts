// Attempt outcomes waiting for the dispatcher's next group commit: each is written inside that transaction, and its
// attempt learns whether it was recorded only once the commit is done.
/** An attempt's outcome waiting for the next group commit; `write` runs inside that transaction. */
interface PendingRecord {
  write: () => boolean;
  resolve: (recorded: boolean) => void;
  reject: (err: unknown) => void;
}

export class PendingOutcomes {
  #records: PendingRecord[] = [];
  #flushQueued = false;

  constructor(private readonly flush: () => void) {}

  get size(): number {
    return this.#records.length;
  }

  /** Queues an outcome; resolves with whether it was recorded, once committed. */
  add(write: () => boolean): Promise<boolean> {
    return new Promise((resolve, reject) => this.#records.push({ write, resolve, reject }));
  }

  /** Runs the group's writes inside `transaction`; each attempt hears its result once that commit is done. */
  commit<T>(transaction: <R>(fn: () => R) => R, andThen: () => T): T {
    const records = this.#records.splice(0);
    let recorded: boolean[];
    let result: T;
    try {
      [recorded, result] = transaction(() => [records.map((r) => r.write()), andThen()] as const);
    } catch (err) {
      // A closed or broken database: the attempts are reported as crashed and their leases run out.
      for (const r of records) r.reject(err);
      throw err;
    }
    records.forEach((r, i) => r.resolve(recorded[i]!));
    return result;
  }

  /** A flush after the current I/O phase: outcomes that arrive together (several sockets read in one pass) share a commit. */
  scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      this.flush();
    });
  }
}
