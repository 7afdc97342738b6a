// The store as /_mock/health reports it: whether it is migrated, and whether it still takes writes (degraded from a
// failed write until one succeeds).
import type { Statement } from 'better-sqlite3';
import type { AppError } from '../core/errors.js';
import { migrations } from './migrations.js';
import type { Db } from './open.js';

export interface StoreFailure {
  /** The envelope code the failed request got: `store_full`, `store_read_only` or `store_unavailable`. */
  code: string;
  message: string;
}

/**
 * Remembers the last write that failed for lack of space or permission, with SQLite's count of rows changed so far on
 * this connection. Any row written since then (a create, a reset, a delivery recorded) proves the store takes writes
 * again, and clears it. Nothing is probed: a health check never writes, so it cannot fill a disk or wait on a lock.
 */
export class StoreHealth {
  #failure: (StoreFailure & { changes: number }) | undefined;
  readonly #db: Db;
  readonly #totalChanges: Statement<[], { n: number }>;

  constructor(db: Db) {
    this.#db = db;
    this.#totalChanges = db.prepare('SELECT total_changes() AS n');
  }

  failed(error: AppError): void {
    this.#failure = { code: error.code, message: error.message, changes: this.#changes() };
  }

  /** The last failure, unless a write has succeeded since. */
  degraded(): StoreFailure | undefined {
    const failure = this.#failure;
    if (!failure) return undefined;
    if (this.#changes() > failure.changes) {
      this.#failure = undefined;
      return undefined;
    }
    return { code: failure.code, message: failure.message };
  }

  /** The schema version the store is at (0 once it is closed), and the one this version of the mock migrates it to. */
  schema(): { version: number; latest: number } {
    const version = this.#db.open ? (this.#db.pragma('user_version', { simple: true }) as number) : 0;
    return { version, latest: migrations.length };
  }

  #changes(): number {
    return this.#db.open ? this.#totalChanges.get()!.n : 0;
  }
}
