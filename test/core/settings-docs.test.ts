// The settings are described once, in the config schema: the README's table and --help are written from it, so they
// cannot drift from it or from each other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/core/config.js';
import { settingsHelp, settingsTable, withSettingsTable } from '../../src/core/settings-docs.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const keys = Object.keys(configSchema.shape);

describe("the README's settings table", () => {
  it('is what the config schema says (run `npm run docs:settings` after changing a setting)', () => {
    expect(readme).toBe(withSettingsTable(readme));
  });

  it('names every setting, with the default loadConfig applies when it is unset', () => {
    const table = settingsTable();
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const key of keys) {
      const row = table.split('\n').find((line) => line.startsWith('| ') && line.split(' | ')[0]!.includes(`\`${key}\``));
      expect(row, key).toBeDefined();
      const value = defaults[key];
      if (typeof value === 'number' || typeof value === 'string') expect(row!.split(' | ')[1], key).toContain(`\`${value}\``);
    }
  });

  it('keeps its links and code, and a byte bound in words', () => {
    const table = settingsTable();
    expect(table).toContain('| `JOURNAL_MAX_BYTES` | `33554432` (32 MiB) |');
    expect(table).toContain('See [HTTPS](#https)');
    expect(table).toContain('| `TLS_CERT`, `TLS_KEY` | unset |');
  });
});

describe('--help', () => {
  it('gives every setting a placeholder and a plain-text line ending with its default', () => {
    const help = settingsHelp();
    expect(help.map((h) => h.key)).toEqual(keys);
    for (const { key, arg, text } of help) {
      expect(arg, key).toMatch(/^[A-Z0-9,|a-z]+$/);
      expect(text, key).toMatch(/ \(default[ :].*\)$/);
      expect(text, key).not.toMatch(/`|\]\(/);
    }
    expect(help.find((h) => h.key === 'PORT')!.text).toBe('port to listen on; 0 picks a free one (default 8080)');
    expect(help.find((h) => h.key === 'MOCK_SEED')!.text).toMatch(/\(default: random, shown at start\)$/);
  });
});

describe('withSettingsTable', () => {
  it('refuses a README without its markers rather than writing the table nowhere', () => {
    expect(() => withSettingsTable('# no table here\n')).toThrow(/settings:start/);
  });
});
