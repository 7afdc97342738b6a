// One process per database: a write lock held on a side file (`<DATABASE_PATH>-lock`) for as long as the store is open.
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { BootError } from '../core/boot-error.js';
import { bootStorageError, sqliteCode } from './storage-errors.js';

export interface StoreLock {
  readonly path: string;
  /** Lets go of the lock; `remove` first deletes the lock file, while still holding it (a failed start leaves none). */
  release(options?: { remove?: boolean }): void;
}

interface Holder {
  pid: number;
  host: string;
  started_at: string;
}

/**
 * Takes the lock or throws a BootError naming the holder.
 *
 * The lock is SQLite's own RESERVED lock on a small rollback-journal database, taken by `BEGIN IMMEDIATE` and never
 * committed. It is an OS file lock (fcntl on POSIX, LockFileEx on Windows), so the kernel drops it when the holder
 * dies, SIGKILL included: a stale lock file never blocks the next start, and no pid has to be probed for liveness
 * (pids are reused, and a pid from another container or host cannot be probed at all). A RESERVED lock still lets
 * readers in, which is how a refused process learns who holds it. Locks only mean something on one machine: a
 * network file system may not honour them (the README says so).
 */
export function lockStore(Driver: typeof Database, databasePath: string): StoreLock {
  // A file can be locked after its holder removed it from the folder (see below): then again, on the file now there.
  for (let attempt = 1; ; attempt++) {
    const lock = tryLock(Driver, databasePath);
    if (lock) return lock;
    if (attempt === 3) throw new BootError(`DATABASE_PATH=${databasePath}: its lock file ${databasePath}-lock keeps being replaced; is another program deleting it?`);
  }
}

/**
 * The lock, or undefined when the file locked is no longer the one at the path. A failed start deletes its lock file
 * while it holds it (release({ remove: true })); a process that opened that file just before, and locks it just after,
 * holds a lock on a file nobody else will ever open, beside whoever creates the next one. So the file carries a random
 * token (user_version), and once locked it must be the one a fresh open of the path finds.
 */
function tryLock(Driver: typeof Database, databasePath: string): StoreLock | undefined {
  const path = `${databasePath}-lock`;
  let db: Database.Database;
  const token = randomInt(1, 2 ** 31);
  try {
    // timeout 0: a held lock answers SQLITE_BUSY at once instead of after the usual busy wait.
    db = new Driver(path, { timeout: 0 });
  } catch (err) {
    throw bootStorageError(err, databasePath, path);
  }
  try {
    // What the file holds is only for the message: no fsync (35-170 ms per start on a busy disk). A killed process
    // loses nothing either way; only a power cut could damage it, and then the boot error names it.
    db.pragma('synchronous = OFF');
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, host, started_at) VALUES (?, ?, ?)').run(process.pid, hostname(), new Date().toISOString());
    db.pragma(`user_version = ${token}`);
    // Committing needs a moment of EXCLUSIVE lock, which a refused process reading the holder may briefly block.
    db.pragma('busy_timeout = 2000');
    db.exec('COMMIT');
    db.pragma('busy_timeout = 0');
    // Held until release() or the process ends. Between COMMIT and here another starter can win: then this one is refused.
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    const refusal = sqliteCode(err)?.startsWith('SQLITE_BUSY') ? inUse(db, databasePath) : bootStorageError(err, databasePath, path);
    db.close();
    throw refusal;
  }
  if (tokenAt(Driver, path) !== token) {
    db.close();
    return undefined;
  }
  return {
    path,
    release: ({ remove = false } = {}) => {
      if (!db.open) return;
      if (remove) rmSync(path, { force: true });
      db.close();
    },
  };
}

function tokenAt(Driver: typeof Database, path: string): number | undefined {
  try {
    const reader = new Driver(path, { readonly: true, fileMustExist: true });
    try {
      return reader.pragma('user_version', { simple: true }) as number;
    } finally {
      reader.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock file of a store nobody holds, after a start that failed once it had the store open; a store that
 * another process holds by then keeps its file.
 */
export function removeLockFile(Driver: typeof Database, databasePath: string): void {
  try {
    lockStore(Driver, databasePath).release({ remove: true });
  } catch {
    // Held by another process, or unreachable: it is not this start's to remove.
  }
}

function inUse(db: Database.Database, databasePath: string): BootError {
  let holder: Holder | undefined;
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('busy_timeout = 1000');
    holder = db.prepare('SELECT pid, host, started_at FROM holder').get() as Holder | undefined;
  } catch {
    // The holder is still writing its row (it has only just started): say so without the details.
  }
  const who = holder ? `pid ${holder.pid} on host ${holder.host}, since ${holder.started_at}` : 'a process that is just starting';
  return new BootError(
    `DATABASE_PATH=${databasePath} is in use by another snapengage-mock (${who}); stop that one, or give this one another DATABASE_PATH (or :memory:)`,
  );
}
