// The reads of one event-loop turn share one SQLite read transaction, instead of one each.
//
// Outside a transaction every statement is its own: on a WAL store SQLite takes a read lock on the -shm file, checks
// the file's size and drops the lock, three system calls that cost ~8 us of a ~10 us read (a GET's whole read of the
// store). Under load one turn of the event loop serves many requests, so the first read-only statement of a turn opens
// a read transaction (BEGIN) and the turn's end (setImmediate) closes it. Every read still goes to the store (a
// failing disk still fails the read that touches it), and sees everything this connection has committed: the mock is
// the store's only writer (store-lock.ts), and any write first closes the open read transaction, so it commits as it
// always did, before its caller goes on (durability unchanged). Other processes may read the file meanwhile; a read
// transaction held for one turn only delays a checkpoint by that long.
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

type Db = Database.Database;

/** Makes `db` batch its reads: run once, before any statement is prepared on it (repositories prepare theirs at start). */
export function batchReads(db: Db): Db {
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let open = false;

  const end = () => {
    if (!open) return;
    // A failed read may already have ended it (SQLite rolls back on some errors); a read-only COMMIT cannot lose data.
    if (db.open && db.inTransaction) {
      try {
        commit.run();
      } catch {
        try {
          rollback.run();
        } catch {
          // Still open: tried again at the end of the next turn.
        }
      }
    }
    open = db.open && db.inTransaction;
    if (open) setImmediate(end);
  };
  const startRead = () => {
    // Inside a write transaction (or our own) reads just read.
    if (db.inTransaction) return;
    begin.run();
    open = true;
    setImmediate(end);
  };

  const wrap = <A extends unknown[], R>(fn: (...args: A) => R, before: () => void) =>
    function (this: unknown, ...args: A): R {
      before();
      return fn.apply(this, args);
    };

  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source) as Statement<unknown[], unknown>;
    if (statement.readonly) {
      statement.get = wrap(statement.get, startRead);
      statement.all = wrap(statement.all, startRead);
      statement.run = wrap(statement.run, startRead);
      // An iterator may outlive the turn, and no COMMIT can run while it is open: it reads on its own, as before.
      statement.iterate = wrap(statement.iterate, end);
    } else {
      // A write (an INSERT … RETURNING read through get() included) commits on its own, as before.
      statement.get = wrap(statement.get, end);
      statement.all = wrap(statement.all, end);
      statement.iterate = wrap(statement.iterate, end);
      statement.run = wrap(statement.run, end);
    }
    return statement;
  }) as Db['prepare'];

  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn);
    const wrapped = wrap(tx, end) as typeof tx;
    for (const mode of ['default', 'deferred', 'immediate', 'exclusive'] as const) wrapped[mode] = wrap(tx[mode], end);
    return wrapped;
  }) as Db['transaction'];

  // Pragmas (foreign_keys cannot change inside a transaction), exec, serialize and close see no open read transaction.
  db.exec = wrap(db.exec, end);
  db.pragma = wrap(db.pragma, end) as Db['pragma'];
  db.serialize = wrap(db.serialize, end);
  db.close = wrap(db.close, end);
  return db;
}
