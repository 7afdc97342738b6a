// A file the build writes under dist/ (the inspector page, the JavaScript widget): read on its first request, never
// at boot (the cold start does not pay for it), then kept for the life of the process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from './errors.js';
import { packageRoot } from './package-root.js';

const cache = new Map<string, Promise<Buffer>>();

/** dist/`folder`/`file`; a missing file is a 503 `not_ready` naming `what` is not built (and is looked for again next time). */
export function builtAsset(folder: string, file: string, what: string): Promise<Buffer> {
  const path = join(packageRoot(), 'dist', folder, file);
  let body = cache.get(path);
  if (body === undefined) {
    body = readFile(path).catch(() => {
      cache.delete(path);
      throw new AppError(503, 'not_ready', `${what} is not built (${path} is missing): run npm run build`);
    });
    cache.set(path, body);
  }
  return body;
}
