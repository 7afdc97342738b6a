// `mkdir -p` for the folders a start creates (the database's, the TLS folder's parent), failing as a BootError that
// names the setting, never as a stack trace or a hang.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { BootError } from './boot-error.js';

/** What a failed mkdir or rename means, for the one-line message. */
export const FILE_SYSTEM_FAILURES: Record<string, string> = {
  EEXIST: 'EEXIST: a file of that name is in the way',
  ENOTDIR: 'ENOTDIR: a parent is a file, not a folder',
  ENOENT: 'ENOENT: this file system cannot hold it',
  EACCES: 'EACCES: permission denied',
  EPERM: 'EPERM: operation not permitted',
  EROFS: 'EROFS: read-only file system',
  ENOSPC: 'ENOSPC: the disk is full',
  EDQUOT: 'EDQUOT: the disk quota is used up',
  ELOOP: 'ELOOP: too many symbolic links',
  EBUSY: 'EBUSY: a mount point, or in use',
};

export const describeFailure = (err: unknown): string => {
  const { code = 'error' } = err as NodeJS.ErrnoException;
  return FILE_SYSTEM_FAILURES[code] ?? code;
};

/**
 * Creates `dir` and its missing parents, one level at a time.
 * Not `mkdirSync(dir, { recursive: true })`: Node reads ENOENT as "the parent is missing", creates the parent (which
 * exists) and retries forever where a file system answers ENOENT for a child it can never hold, e.g. anything under
 * /proc: `--db /proc/nope/x.db` spun at 100% CPU. `setting` starts the message, e.g. `DATABASE_PATH=./x/y.db`.
 */
export function makeFolder(dir: string, setting: string): void {
  const missing: string[] = [];
  for (let at = dir; !isFolder(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(folder)) continue;
      throw new BootError(`${setting}: cannot create the folder ${folder} (${describeFailure(err)}); create it yourself, or choose a path in a writable folder`);
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
