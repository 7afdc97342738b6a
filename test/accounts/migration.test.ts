import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { migrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';
import { tempDir } from '../helpers/temp-dir.js';

test('a database from before accounts gives every user an orgId and a token, and every case its creation instant', () => {
  const path = join(tempDir(), 'old.db');
  const old = new Database(path);
  for (const { sql } of migrations.slice(0, 3)) old.exec(sql);
  old.pragma('user_version = 3');
  for (const email of ['a@example.com', 'b@example.com']) {
    old.prepare(`INSERT INTO users (partner, email, name, account_type, password_hash, created_at, updated_at) VALUES ('p', ?, 'N', 'biz', 'h', 0, 0)`).run(email);
  }
  old.prepare(`INSERT INTO widgets (id, partner, owner_id, agents, enable_proactive_chat, enable_conversations, created_at, updated_at) VALUES ('w', 'p', 1, '[]', 0, 1, 0, 0)`).run();
  old
    .prepare(`INSERT INTO support_requests (partner, widget_id, id, type, document, created_at) VALUES ('p', 'w', 'c', 'chat', ?, 0)`)
    .run(JSON.stringify({ created_at_seconds: 1412367271, created_at_milliseconds: 268 }));
  old.close();

  const db = openDatabase(path);
  try {
    const users = db.prepare('SELECT org_id, api_token FROM users ORDER BY id').all() as Array<{ org_id: string; api_token: string }>;
    for (const u of users) {
      expect(u.org_id).toMatch(/^[1-9]\d{15}$/);
      expect(u.api_token).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(users[0]!.org_id).not.toBe(users[1]!.org_id);
    expect(users[0]!.api_token).not.toBe(users[1]!.api_token);
    expect(db.prepare('SELECT case_created_ms FROM support_requests').pluck().get()).toBe(1412367271268);
  } finally {
    db.close();
  }
});
