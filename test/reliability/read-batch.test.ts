// The reads of one event-loop turn share one read transaction (src/db/read-batch.ts); writes still commit on their own,
// at once, as another connection to the file sees; pragmas and transactions behave as on a plain connection.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open.js';
import { tempDir } from '../helpers/temp-dir.js';

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function store(): { db: Db; path: string } {
  const path = join(tempDir(), 'store.db');
  const db = openDatabase(path);
  opened.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, path };
}

/** Another connection to the same file: what another process (or a crash) would find on disk. */
function outsider(path: string): Database.Database {
  const other = new Database(path, { readonly: true });
  opened.push(other);
  return other;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('reads batched per event-loop turn', () => {
  it('a read opens one read transaction for the rest of the turn, closed when the turn ends', async () => {
    const { db } = store();
    const read = db.prepare('SELECT count(*) AS n FROM t');
    expect(db.inTransaction).toBe(false);
    read.get();
    expect(db.inTransaction).toBe(true);
    read.get();
    await nextTurn();
    expect(db.inTransaction).toBe(false);
  });

  it('a write after a read of the same turn is committed before it returns, and the next read sees it', () => {
    const { db, path } = store();
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM t');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    expect(count.get()!.n).toBe(0);
    insert.run('a');
    expect(db.inTransaction).toBe(false);
    expect(outsider(path).prepare('SELECT v FROM t').all()).toEqual([{ v: 'a' }]);
    expect(count.get()!.n).toBe(1);
  });

  it('a transaction after a read is a transaction of its own: it rolls back alone, earlier writes stay', () => {
    const { db, path } = store();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    insert.run('kept');
    db.prepare('SELECT * FROM t').all();
    const failing = db.transaction(() => {
      insert.run('dropped');
      throw new Error('boom');
    });
    expect(() => failing()).toThrow('boom');
    expect(db.inTransaction).toBe(false);
    expect(outsider(path).prepare('SELECT v FROM t').all()).toEqual([{ v: 'kept' }]);
    db.prepare('SELECT * FROM t').all();
    db.transaction(() => insert.run('committed')).immediate();
    expect(outsider(path).prepare('SELECT v FROM t ORDER BY id').all()).toEqual([{ v: 'kept' }, { v: 'committed' }]);
  });

  it('a pragma after a read takes effect (foreign_keys cannot change inside a transaction)', () => {
    const { db } = store();
    db.prepare('SELECT * FROM t').all();
    db.pragma('foreign_keys = OFF');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
    db.prepare('SELECT * FROM t').all();
    db.pragma('foreign_keys = ON');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('INSERT … RETURNING read through get() commits at once', () => {
    const { db, path } = store();
    db.prepare('SELECT * FROM t').all();
    expect(db.prepare('INSERT INTO t (v) VALUES (?) RETURNING v').get('r')).toEqual({ v: 'r' });
    expect(outsider(path).prepare('SELECT v FROM t').all()).toEqual([{ v: 'r' }]);
  });

  it('closing the store within a read turn closes the read transaction with it', () => {
    const { db } = store();
    db.prepare('SELECT * FROM t').all();
    db.close();
    expect(db.open).toBe(false);
  });
});
