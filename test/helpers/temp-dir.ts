// A temporary folder per call, removed when the test finishes (after whatever was opened in it later, say an app on a file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
