// What a SQLite or file-system failure means for the user: one line naming DATABASE_PATH at boot, 507/503 at run time.
import { AppError } from '../core/errors.js';
import { BootError } from '../core/boot-error.js';

/** The SQLite result code of a better-sqlite3 error (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`, ...), or undefined. */
export function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

const whoAmI = () => (typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '');

/** Why a database file cannot be used, and what to do about it; `undefined` when the error is not about the file. */
function storageReason(code: string): string | undefined {
  if (code === 'SQLITE_NOTADB') return 'is not a SQLite database (or is encrypted); move it away or point DATABASE_PATH at another file';
  if (code.startsWith('SQLITE_CORRUPT')) return 'is damaged (truncated or corrupt); restore it from a copy, or move it away to start empty';
  if (code.startsWith('SQLITE_READONLY')) return `is read-only, or its folder is; make both writable by this user${whoAmI()} or point DATABASE_PATH elsewhere`;
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH'))
    return `cannot be opened for writing; check that it and its folder are writable by this user${whoAmI()}`;
  if (code.startsWith('SQLITE_FULL')) return 'cannot grow: the disk is full; free some space or point DATABASE_PATH at another disk';
  if (code.startsWith('SQLITE_IOERR')) return `cannot be read or written (${code}); check the disk, or point DATABASE_PATH at another file`;
  return undefined;
}

/** A boot-time failure on `file` (the database, or its lock file), as a BootError naming DATABASE_PATH; other errors pass through. */
export function bootStorageError(err: unknown, databasePath: string, file: string = databasePath): unknown {
  const code = sqliteCode(err);
  const reason = code && storageReason(code);
  if (!reason) return err;
  const which = file === databasePath ? 'the file' : `its side file ${file}`;
  return new BootError(`DATABASE_PATH=${databasePath}: ${which} ${reason} [${code}]`);
}

/**
 * A failure of the store while serving, in the error envelope: 507 when it is full, 503 when it cannot be written
 * (read-only, I/O error, locked). `undefined` for anything else (a bug, answered 500).
 */
export function runtimeStorageError(err: unknown): AppError | undefined {
  const code = sqliteCode(err);
  if (!code) return undefined;
  if (code.startsWith('SQLITE_FULL')) {
    return new AppError(507, 'store_full', 'the store is full (the disk where DATABASE_PATH lives has no space left): free some space, or delete data with POST /_mock/reset');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(503, 'store_read_only', 'the store is read-only (DATABASE_PATH or its folder cannot be written): make it writable and retry');
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(503, 'store_unavailable', `the store cannot be read or written (${code}); check the disk where DATABASE_PATH lives`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(503, 'store_busy', 'the store is locked by a long write; retry shortly', [], { 'retry-after': '1' });
  }
  return undefined;
}
