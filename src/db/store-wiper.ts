// What POST /_mock/reset runs on the store: every data table emptied, or one partner's rows, in one transaction.
import { DATA_TABLES } from './migrations.js';
import type { Db } from './open.js';

/** Deletes every data table's rows (children first), or one partner's, in one transaction. */
export class StoreWiper {
  readonly #wipe;

  constructor(
    private readonly db: Db,
    tables: readonly string[] = DATA_TABLES,
  ) {
    const all = tables.map((t) => [t, db.prepare(`DELETE FROM ${t}`)] as const);
    const byPartner = tables.map((t) => [t, db.prepare(`DELETE FROM ${t} WHERE partner = ?`)] as const);
    this.#wipe = db.transaction((partner: string | undefined) => {
      const deleted: Record<string, number> = {};
      for (const [table, statement] of partner === undefined ? all : byPartner) {
        deleted[table] = (partner === undefined ? statement.run() : statement.run(partner)).changes;
      }
      return deleted;
    });
  }

  /** Rows deleted per table (cascades not counted twice: children go first). */
  wipe(partner?: string): Record<string, number> {
    // One key's rows are deleted with the foreign-key checks on: turning them off is a pragma that expires every
    // statement the mock has prepared, so each was compiled again on its next use, ~0.5 ms of CPU in the calls a test
    // makes after each reset. Children go first, and every foreign key has an index, so the checks are one lookup a row.
    if (partner !== undefined) return this.#wipe(partner);
    // Everything: with the checks off, an unfiltered DELETE is SQLite's truncate (no per-row work), which is what keeps
    // a reset with 10,000 users in a few milliseconds. The pragma is a no-op inside a transaction, hence around it;
    // one connection, so nothing runs in between.
    this.db.pragma('foreign_keys = OFF');
    try {
      return this.#wipe(partner);
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }
}
