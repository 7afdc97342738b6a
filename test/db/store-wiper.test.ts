// A key's reset empties exactly that key's rows in every data table, whichever tables it touched, counts them per
// table, and leaves every other key's rows: checked on rows made from the schema itself, so a new table is covered too.
import { describe, expect, it } from 'vitest';
import { DATA_TABLES } from '../../src/db/migrations.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { StoreWiper } from '../../src/db/store-wiper.js';

/** The columns of `table` that a UNIQUE index covers (their defaults would collide). */
const uniqueColumns = (db: Db, table: string): Set<string> =>
  new Set(
    db
      .prepare<[], { name: string }>(
        `SELECT ii.name FROM pragma_index_list('${table}') AS il, pragma_index_info(il.name) AS ii WHERE il."unique" = 1`,
      )
      .all()
      .map((c) => c.name),
  );

/** One row of `table` for `partner`: every column that must be set gets a value of its type, unique to this row. */
function insertRow(db: Db, table: string, partner: string, n: number): void {
  const columns = db
    .prepare<[], { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>(`SELECT * FROM pragma_table_info('${table}')`)
    .all()
    .filter((c) => c.name === 'partner' || (c.notnull === 1 && c.dflt_value === null) || c.pk > 0 || uniqueColumns(db, table).has(c.name));
  const values = columns.map((c) => {
    if (c.name === 'partner') return partner;
    if (/INT|REAL/i.test(c.type)) return n;
    const text = `${partner}-${table}-${c.name}-${n}`;
    return /BLOB/i.test(c.type) ? Buffer.from(text) : text;
  });
  db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
}

const countOf = (db: Db, table: string, partner: string): number =>
  db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE partner = ?`).get(partner)!.n;

describe('StoreWiper', () => {
  it.each([0, 1])("a key's wipe deletes its rows in the tables it touched, counts them, and leaves every other key's rows (tables %i, %i+2, …)", (first) => {
    const db = openDatabase(':memory:');
    // Made-up rows whose references point nowhere: the checks are off while they go in, and on for the wipe.
    db.pragma('foreign_keys = OFF');
    // Key A touched every other table (two rows each), key B every table (one row each); ids never collide.
    const touched = DATA_TABLES.filter((_, i) => i % 2 === first);
    let n = 1;
    for (const table of touched) {
      insertRow(db, table, 'A', 1000 + n++);
      insertRow(db, table, 'A', 1000 + n++);
    }
    for (const table of DATA_TABLES) insertRow(db, table, 'B', 5000 + n++);
    db.pragma('foreign_keys = ON');

    const deleted = new StoreWiper(db).wipe('A');

    expect(deleted).toEqual(Object.fromEntries(DATA_TABLES.map((t) => [t, touched.includes(t) ? 2 : 0])));
    for (const table of DATA_TABLES) {
      expect(countOf(db, table, 'A'), table).toBe(0);
      expect(countOf(db, table, 'B'), table).toBe(1);
    }
    // Nothing left to delete: every table answers 0.
    expect(Object.values(new StoreWiper(db).wipe('A')).every((count) => count === 0)).toBe(true);
    db.close();
  });
});
