// `mkdir -p` for the folders a start creates (the database's, the TLS folder's parent), failing as a BootError that
// names the setting, never as a stack trace or a hang; a data folder it creates is kept out of git.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
export function makeFolder(dir: string, setting: string, options: { ignoredByGit?: boolean } = {}): void {
  const missing: string[] = [];
  for (let at = dir; !isFolder(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  let outermostCreated: string | undefined;
  for (const folder of missing) {
    try {
      mkdirSync(folder);
      outermostCreated ??= folder;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(folder)) continue;
      throw new BootError(`${setting}: cannot create the folder ${folder} (${describeFailure(err)}); create it yourself, or choose a path in a writable folder`);
    }
  }
  if (options.ignoredByGit && outermostCreated !== undefined) ignoreInGit(outermostCreated, setting);
}

/**
 * What a folder the mock created for its data holds first, as Python's venv does: `npx snapengage-mock` in a project
 * makes ./data/ there, with the store and the development CA's private key, and `git add .` must not pick them up.
 */
export const GITIGNORE = '# Made by snapengage-mock with this folder: its store and the development CA\'s private key stay out of git.\n*\n';

/**
 * Writes GITIGNORE into `folder`, which the caller has just created: never anywhere else, and never over a .gitignore
 * that is there (`wx`: created or left alone).
 */
function ignoreInGit(folder: string, setting: string): void {
  try {
    writeFileSync(join(folder, '.gitignore'), GITIGNORE, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new BootError(`${setting}: cannot write ${join(folder, '.gitignore')} (${describeFailure(err)}); make the folder writable by this user`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
