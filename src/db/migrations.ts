// Schema migrations: an ordered list, applied in one write transaction and tracked with PRAGMA user_version.
import type Database from 'better-sqlite3';
import { BootError } from '../core/boot-error.js';
import { botsMigration } from './migration-bots.js';
import { conversationsMigration } from './migration-conversations.js';
import type { Migration } from './migration.js';

/** Append only: never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [
  // 1: provisioning. `partner` is a fingerprint of the api_key (never the key itself).
  {
    name: 'provisioning',
    sql: `
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
  },
  // 2: Integration API. Integration settings per widget, the support requests generated for it, the outbox
  // of webhook deliveries (written in the same transaction as the support request), every attempt, and the
  // fallback emails. Emails are a log: they outlive the widget they were sent for.
  {
    name: 'integration-api',
    sql: `
  CREATE TABLE integrations (
    widget_id TEXT PRIMARY KEY REFERENCES widgets(id) ON DELETE CASCADE,
    partner TEXT NOT NULL,
    url TEXT NOT NULL,
    auth_token TEXT,
    auth_header TEXT NOT NULL,
    format TEXT NOT NULL,
    transcript_email TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX integrations_partner ON integrations(partner);

  CREATE TABLE support_requests (
    seq INTEGER PRIMARY KEY,
    partner TEXT NOT NULL,
    widget_id TEXT NOT NULL REFERENCES widgets(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX support_requests_widget ON support_requests(widget_id);
  CREATE INDEX support_requests_partner ON support_requests(partner);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    partner TEXT NOT NULL,
    widget_id TEXT NOT NULL REFERENCES widgets(id) ON DELETE CASCADE,
    support_request_seq INTEGER NOT NULL REFERENCES support_requests(seq) ON DELETE CASCADE,
    support_request_id TEXT NOT NULL,
    redelivery_of TEXT,
    url TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt_count INTEGER NOT NULL,
    next_attempt_at INTEGER,
    lease_token TEXT,
    lease_until INTEGER,
    email_id TEXT,
    created_at INTEGER NOT NULL,
    settled_at INTEGER
  ) STRICT;
  CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
  CREATE INDEX deliveries_partner ON deliveries(partner, created_at);
  CREATE INDEX deliveries_support_request ON deliveries(support_request_seq);

  CREATE TABLE delivery_attempts (
    delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    partner TEXT NOT NULL,
    url TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    response_body_start TEXT,
    outcome TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
  ) STRICT;
  CREATE INDEX delivery_attempts_partner ON delivery_attempts(partner);

  CREATE TABLE emails (
    id TEXT PRIMARY KEY,
    partner TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    support_request_id TEXT NOT NULL,
    widget_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    attachments TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    smtp_sent INTEGER NOT NULL,
    smtp_error TEXT
  ) STRICT;
  CREATE INDEX emails_partner ON emails(partner, created_at);
  `,
  },
  // 3: the virtual clock's instant survives a restart (one row, never reset); relay attempts per fallback email.
  {
    name: 'clock-and-relay-attempts',
    sql: `
  CREATE TABLE clock_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    virtual_now INTEGER NOT NULL
  ) STRICT;
  ALTER TABLE emails ADD COLUMN smtp_attempts INTEGER NOT NULL DEFAULT 0;
  `,
  },
  // 4: accounts and the Logs API. Each user is an organization with an orgId and an API token ("My Account");
  // users created before get theirs here. Each support request keeps its document's creation instant, which the
  // Logs API filters and pages on.
  {
    name: 'accounts-and-logs',
    sql: `
  ALTER TABLE users ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN api_token TEXT NOT NULL DEFAULT '';
  UPDATE users SET org_id = CAST(1000000000000000 + id * 7919 + abs(random() % 1000) AS TEXT), api_token = lower(hex(randomblob(16)));
  CREATE UNIQUE INDEX users_org_id ON users(org_id);
  CREATE UNIQUE INDEX users_api_token ON users(api_token);
  ALTER TABLE support_requests ADD COLUMN case_created_ms INTEGER NOT NULL DEFAULT 0;
  UPDATE support_requests SET case_created_ms =
    json_extract(document, '$.created_at_seconds') * 1000 + json_extract(document, '$.created_at_milliseconds');
  CREATE INDEX support_requests_case_created ON support_requests(widget_id, case_created_ms, seq);
  `,
  },
  // 5: files uploaded with a support request, served to their organization (owner) over https.
  {
    name: 'uploaded-files',
    sql: `
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    partner TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    support_request_seq INTEGER NOT NULL REFERENCES support_requests(seq) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX files_partner ON files(partner);
  CREATE INDEX files_support_request ON files(support_request_seq);
  `,
  },
  // 6: a virtual clock per api_key (a partner's own instant, once it moved its clock by itself), and the index the
  // dispatcher walks one partner's due deliveries by.
  {
    name: 'partner-clocks',
    sql: `
  CREATE TABLE partner_clocks (
    partner TEXT PRIMARY KEY,
    virtual_now INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX deliveries_partner_due ON deliveries(partner, status, next_attempt_at);
  `,
  },
  // 7: every claim and due-time read now goes by partner (migration 6's index), so the index over (status,
  // next_attempt_at) only cost a write on every lease and outcome.
  {
    name: 'drop-status-due-index',
    sql: `
  DROP INDEX deliveries_due;
  `,
  },
  conversationsMigration,
  botsMigration,
  // 10: an index under every foreign key. Deleting a widget or a user looks for the rows that point at it (to cascade),
  // and these two had none, so each such delete read every delivery or every file, of every key: a key's reset, which
  // deletes with the checks on (store-wiper.ts), and DELETE /api/v1/widget.json grew with the whole store.
  {
    name: 'foreign-key-indexes',
    sql: `
  CREATE INDEX deliveries_widget ON deliveries(widget_id);
  CREATE INDEX files_owner ON files(owner_id);
  `,
  },
];

/**
 * Every table holding user data, children before parents: the order rows must be deleted in.
 * Each has a `partner` column, so a reset can clear one api_key's data (`WHERE partner = ?`) or all of it.
 */
export const DATA_TABLES = [
  'bot_calls',
  'bot_bans',
  'conversation_timers',
  'conversation_messages',
  'conversations',
  'bots',
  'agent_scripts',
  'chat_settings',
  'agent_presence',
  'files',
  'emails',
  'delivery_attempts',
  'deliveries',
  'support_requests',
  'integrations',
  'widgets',
  'users',
] as const;

/**
 * Brings the schema up to date. The version is read and bumped inside one write transaction (BEGIN IMMEDIATE), so two
 * connections migrating a fresh file at once take turns: the second finds the work done, instead of re-running it and
 * failing with `table users already exists`.
 */
export function migrate(db: Database.Database): number {
  return db
    .transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > migrations.length) {
        throw new BootError(
          `DATABASE_PATH=${db.name}: schema version ${current} is newer than this snapengage-mock knows (${migrations.length}); run the newer snapengage-mock that wrote it, or point DATABASE_PATH at another file`,
        );
      }
      for (let version = current; version < migrations.length; version++) db.exec(migrations[version]!.sql);
      // Written even when nothing was pending: a read-only file fails here, at boot, not at the first request.
      db.pragma(`user_version = ${migrations.length}`);
      return migrations.length;
    })
    .immediate();
}
