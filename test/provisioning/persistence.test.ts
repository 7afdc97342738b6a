import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { api, userBody, widgetBody } from '../helpers/provisioning.js';
import { tempDir } from '../helpers/temp-dir.js';

const onFile = async (path: string) => (await buildTestApp({ config: { DATABASE_PATH: path } })).app;

describe('a file database', () => {
  it('keeps users and widgets across a restart', async () => {
    const path = join(tempDir(), 'nested', 'store.db');
    const first = await onFile(path);
    await api(first).putUser(userBody());
    const { uuid } = (await api(first).putWidget(widgetBody())).json();
    await first.close();

    const second = await onFile(path);
    expect((await api(second).getUser('jimbo@example.com')).json().name).toBe('Jimbo Something');
    expect((await api(second).getWidget(uuid, 'jimbo@example.com')).json().agents[0].agentId).toBe('wc:agent@example.com');
  });

  it('runs in WAL mode with foreign keys on, and records the schema version', () => {
    const db = openDatabase(join(tempDir(), 'store.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer version instead of corrupting it', () => {
    const path = join(tempDir(), 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this snapengage-mock knows/);
  });
});
