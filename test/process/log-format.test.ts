// Logs: readable lines on a terminal (LOG_FORMAT=pretty), JSON lines otherwise; the banner stays plain text.
import { describe, expect, it } from 'vitest';
import { resolveLogFormat } from '../../src/process/log-format.js';
import { spawnServer } from '../helpers/spawned-server.js';

async function firstLogLines(settings: Record<string, string>): Promise<string[]> {
  const server = await spawnServer({ DATABASE_PATH: ':memory:', FIXTURES: 'none', ...settings });
  const res = await fetch(`${server.url}/_mock/health`);
  expect(res.status).toBe(200);
  const lines: string[] = [];
  server.child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
  server.child.kill('SIGTERM');
  await server.exited;
  return lines;
}

describe('LOG_FORMAT', () => {
  it('defaults to pretty on a terminal and JSON otherwise; a setting wins', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('pretty: one line per event with a local time and a level, no JSON', async () => {
    const lines = await firstLogLines({ LOG_FORMAT: 'pretty' });
    const stopping = lines.find((l) => l.includes('shutting down'));
    expect(stopping).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: shutting down: finishing in-flight requests/);
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
  });

  it('json (the default when stdout is not a terminal): every log line parses', async () => {
    const lines = await firstLogLines({});
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('shutting down: finishing in-flight requests');
  });
});
