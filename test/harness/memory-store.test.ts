// Each :memory: store after the first in a process starts as a copy of a freshly migrated empty store (startMock()
// per test file): it must be as complete as a migrated one, and as separate from its siblings.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { migrations } from '../../src/db/migrations.js';

describe('memory stores', () => {
  it('start empty, fully migrated, with foreign keys on, and share nothing', () => {
    const first = openDatabase(':memory:');
    const second = openDatabase(':memory:');
    try {
      first.prepare("INSERT INTO users (partner, email, name, phone, account_type, password_hash, org_id, api_token, created_at, updated_at) VALUES ('p', 'a@example.com', 'A', NULL, 'basic', 'h', '1', 't', 0, 0)").run();
      const third = openDatabase(':memory:');
      try {
        for (const db of [second, third]) {
          expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
          expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
          expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        }
      } finally {
        third.close();
      }
      expect(first.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    } finally {
      first.close();
      second.close();
    }
  });
});
