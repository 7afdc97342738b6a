// Schema migrations: an ordered list, applied in one transaction each and tracked with PRAGMA user_version.
import type Database from 'better-sqlite3';

/** Append only: never edit a migration that has shipped. */
export const migrations: readonly string[] = [
  // 1: provisioning. `partner` is a fingerprint of the api_key (never the key itself).
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    partner TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    account_type TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX users_partner ON users(partner);

  CREATE TABLE widgets (
    id TEXT PRIMARY KEY,
    partner TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT,
    destination_email TEXT,
    agents TEXT NOT NULL,
    enable_proactive_chat INTEGER NOT NULL,
    enable_conversations INTEGER NOT NULL,
    conversation_schedule TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX widgets_owner ON widgets(owner_id);
  CREATE INDEX widgets_partner ON widgets(partner);
  `,
];

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this snapengage-mock knows (${migrations.length}); use a newer version or another DATABASE_PATH`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return migrations.length;
}
