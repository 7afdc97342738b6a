// Opens the one SQLite connection the mock uses, with the pragmas every caller relies on, under the one-process lock.
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { BootError } from '../core/boot-error.js';
import { loadLazily } from '../core/lazy-require.js';
import { makeFolder } from '../core/make-folder.js';
import { migrate } from './migrations.js';
import { batchReads } from './read-batch.js';
import { bootStorageError } from './storage-errors.js';
import { lockStore, removeLockFile } from './store-lock.js';

export type Db = Database.Database;

/**
 * better-sqlite3 13 (Node-API) where npm installed it, i.e. on Node 22 and later (an optional dependency aliased
 * `better-sqlite3-napi`, skipped on Node 20 by its engines field); 12.x otherwise. On Node 24.19 and later, 12.x
 * aborts the process when a garbage collection outside JavaScript finalises one of its statements
 * (nodejs/node#65446), and 13.x does not support Node 20: one API, the driver the running Node can use.
 */
function sqliteDriver(): typeof Database {
  try {
    return loadLazily<typeof Database>('better-sqlite3-napi');
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    return loadLazily<typeof Database>('better-sqlite3');
  }
}

const Driver = sqliteDriver();

/**
 * Opens (creating it and its folder if needed), locks and migrates the store at `path`. Closing the returned
 * connection releases the lock. Every failure a user can fix is a BootError naming DATABASE_PATH.
 */
export function openDatabase(path: string): Db {
  if (path === ':memory:') return openMemory();
  makeFolder(dirname(resolve(path)), `DATABASE_PATH=${path}`, { ignoredByGit: true });
  const lock = lockStore(Driver, path);
  let db: Db | undefined;
  try {
    db = new Driver(path);
    batchReads(configure(db));
  } catch (err) {
    if (db?.open) db.close();
    // A store this start cannot use keeps no lock file of this start beside it.
    lock.release({ remove: true });
    throw err instanceof BootError ? err : bootStorageError(err, path);
  }
  const checkpoints = checkpointWhileOpen(db);
  const close = db.close.bind(db);
  db.close = () => {
    clearInterval(checkpoints);
    try {
      return close();
    } finally {
      lock.release();
    }
  };
  return db;
}

/**
 * After a start that failed once its store was open (and is closed again): removes the store's lock file, unless
 * another process holds the store by now. `:memory:` has none.
 */
export function removeStoreLock(path: string): void {
  if (path !== ':memory:') removeLockFile(Driver, path);
}

function configure(db: Db): Db {
  // WAL lets readers run beside the writer and survives a SIGKILL without losing committed rows.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  connectionPragmas(db);
  migrate(db);
  return db;
}

/**
 * How many pages the WAL may hold before a commit copies them into the database (SQLite's default is 1,000).
 * A copy syncs both files: at the default, a burst of small commits (the dispatcher's) paid more for its
 * checkpoints than for its own writes. A larger bound plus a passive checkpoint each CHECKPOINT_EVERY_MS copies each
 * changed page once per interval, off the commits that happen to cross the bound.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
const CHECKPOINT_EVERY_MS = 1_000;

function checkpointWhileOpen(db: Db): NodeJS.Timeout {
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const timer = setInterval(() => {
    try {
      // PASSIVE never waits for or blocks a reader or writer; a WAL with nothing new returns at once.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A failing disk is reported by the requests that need it (StoreHealth), not by a background timer.
    }
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return timer;
}

function connectionPragmas(db: Db): void {
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * A freshly migrated empty store, serialized by the first `:memory:` open of the process: later ones start as a copy
 * of it instead of running every migration again (startMock() opens one per test file; a copy takes well under 1 ms).
 */
let emptyMemoryStore: Buffer | undefined;

function openMemory(): Db {
  // No read batching (read-batch.ts): a memory store has no file to lock, so a read outside a transaction costs
  // nothing a shared one would save, and the batch's BEGIN, COMMIT and end-of-turn timer were all cost (~10 us a request).
  if (emptyMemoryStore) {
    const db = new Driver(emptyMemoryStore);
    connectionPragmas(db);
    return db;
  }
  const db = configure(new Driver(':memory:'));
  emptyMemoryStore = db.serialize();
  return db;
}

/** Runs `fn` as one transaction (a savepoint when one is already open): how services and the dispatcher group writes. */
export type Transaction = <T>(fn: () => T) => T;

export function transactionOf(db: Db): Transaction {
  // One wrapper for every call: better-sqlite3's transaction() builds four wrapped functions and their properties
  // each time it is called (~10 us), and the dispatcher, the desk and the services open one per write.
  const run = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T) => run(fn) as T;
}
