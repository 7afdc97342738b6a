// Opens the one SQLite connection the mock uses, with the pragmas every caller relies on.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { loadLazily } from '../lazy-require.js';
import { migrate } from './migrations.js';

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

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Driver(path);
  // WAL lets readers run beside the writer and survives a SIGKILL without losing committed rows.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Runs `fn` as one transaction (a savepoint when one is already open): how services and the dispatcher group writes. */
export type Transaction = <T>(fn: () => T) => T;

export function transactionOf(db: Db): Transaction {
  return (fn) => db.transaction(fn)();
}
