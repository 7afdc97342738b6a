// The folder of the package this module belongs to (the nearest package.json above it): from src/ (tests), dist/, or
// the bundled dist/cli-bundle.cjs alike, so files shipped beside the code (package.json, fixtures, dist/ui) are found.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (root = dir);
}
