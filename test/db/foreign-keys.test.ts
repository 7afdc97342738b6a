// Every foreign key has an index on its column: deleting a user or a widget (a key's reset, DELETE /api/v1/widget.json)
// finds the rows pointing at it with one lookup, instead of reading the whole table of every key.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';

describe('the schema', () => {
  it('indexes every foreign key column', () => {
    const db = openDatabase(':memory:');
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    const unindexed: string[] = [];
    for (const { name } of tables) {
      const firstColumns = new Set(
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_index_list('${name}')`)
          .all()
          .map((index) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_index_info('${index.name}') WHERE seqno = 0`).get()?.name),
      );
      // A rowid alias (INTEGER PRIMARY KEY) has no index of its own and needs none.
      const rowid = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}') WHERE pk = 1 AND type = 'INTEGER'`).get()?.name;
      for (const fk of db.prepare<[], { from: string }>(`SELECT "from" FROM pragma_foreign_key_list('${name}')`).all()) {
        if (!firstColumns.has(fk.from) && fk.from !== rowid) unindexed.push(`${name}.${fk.from}`);
      }
    }
    db.close();
    expect(unindexed).toEqual([]);
  });
});
