// The CLI's log writer gathers the lines of one event-loop turn into one write, in order, and loses none at exit.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stdoutLog } from '../../src/process/stdout-log.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the stdout log writer', () => {
  const opened: number[] = [];
  afterEach(() => opened.splice(0).forEach((fd) => closeSync(fd)));

  it('writes the lines of one turn together at its end, in order', async () => {
    const path = join(tempDir(), 'out.log');
    const fd = openSync(path, 'w');
    opened.push(fd);
    const log = stdoutLog(fd);
    log.write('one\n');
    log.write('two\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
    log.write('three\n');
    log.flush();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('writes what is still waiting when the process exits', () => {
    const path = join(tempDir(), 'exit.log');
    // The built module (npm test builds dist/ first), in a process of its own that exits with the line still waiting.
    const module = new URL('../../dist/process/stdout-log.js', import.meta.url).pathname;
    const script = `import { openSync } from 'node:fs'; import { stdoutLog } from '${module}';
      const log = stdoutLog(openSync('${path}', 'w')); log.write('last words\\n'); process.exit(0);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(readFileSync(path, 'utf8')).toBe('last words\n');
  });
});
