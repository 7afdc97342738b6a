// The CLI explains itself: every option with its meaning and default, examples, and errors that name the flag as
// typed, suggest the option meant, and refuse empty values instead of falling back to defaults.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--help', () => {
  const { code, stdout } = cli('--help');

  it('gives every option a meaning and a default, never a bare pointer to the README', () => {
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((l) => /^ {2}--[a-z]/.test(l) && l.includes('[env '));
    expect(rows.length).toBeGreaterThanOrEqual(26);
    for (const row of rows) {
      expect(row).not.toContain("see the README");
      expect(row).not.toMatch(/ VALUE /);
      expect(row, row).toMatch(/\(default[ :]/);
    }
  });

  it('ends with examples, the receiver among them', () => {
    expect(stdout).toMatch(/examples:\n {2}snapengage-mock /);
    expect(stdout).toContain('snapengage-mock receive --status 500');
  });
});

describe('errors', () => {
  it('name the flag as typed, with the value', () => {
    const r = cli('--port', 'abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port "abc": must be a number');
    expect(r.stderr).not.toContain('PORT=');
    expect(cli('--db=:memory:', '--journal-limit=-1').stderr).toContain('--journal-limit "-1": must be 0 or more');
  });

  it('still name the variable when the value came from the environment', () => {
    const r = spawnSync(process.execPath, [CLI], { env: { PATH: process.env.PATH ?? '', PORT: 'abc' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT="abc": must be a number');
  });

  it('suggest the closest option for a typo', () => {
    const r = cli('--prot', '8080');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--prot'");
    expect(r.stderr).toContain('(did you mean --port?)');
    expect(cli('--clok', 'virtual').stderr).toContain('(did you mean --clock?)');
    expect(cli('--zzzzzzzzzz', '1').stderr).not.toContain('did you mean');
  });

  it("suggest the command for a typo, and receive's options for a typo after it", () => {
    const command = cli('recieve');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Unexpected argument 'recieve'");
    expect(command.stderr).toContain('(did you mean snapengage-mock receive?)');
    const option = cli('receive', '--staus', '500');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--staus' (did you mean --status?)");
    expect(cli('receive', '--fail-frist', '2').stderr).toContain('(did you mean --fail-first?)');
    expect(cli('receive', '--jsn').stderr).toContain('(did you mean --json?)');
    expect(cli('zzzzzzzzzz').stderr).not.toContain('did you mean');
  });

  it('name the missing half of a TLS pair, not a value nobody gave', () => {
    const r = cli('--tls-cert', 'x.pem', '--db', ':memory:');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TLS_KEY is not set: needed with TLS_CERT');
    expect(r.stderr).not.toContain('undefined');
  });

  it('refuse an empty or blank value instead of falling back to the default', () => {
    const keys = cli('--api-keys', '');
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain('--api-keys is empty: give it a value, or leave it out for the default');
    expect(cli('--port=  ').stderr).toContain('--port is empty');
  });
});
