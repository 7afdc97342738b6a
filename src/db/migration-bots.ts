// Migration 9, the bots' tables: a widget's bot settings, the visitors a bot banned, and every call to a bot.

import type { Migration } from './migration.js';

// Migration 9: bots. A widget's bot (its URL, write-only token, name and timeout) goes with the widget; the visitors it
// banned go with the bot (removing the bot lifts them); each call to it is kept with its conversation: the turn sent,
// the answer's start, how it ended and what the mock did with it.
export const botsMigration: Migration = {
  name: 'bots',
  sql: `
CREATE TABLE bots (
  widget_id TEXT PRIMARY KEY REFERENCES widgets(id) ON DELETE CASCADE,
  partner TEXT NOT NULL,
  url TEXT NOT NULL,
  token TEXT,
  name TEXT NOT NULL,
  timeout_ms INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX bots_partner ON bots(partner);

CREATE TABLE bot_bans (
  widget_id TEXT NOT NULL REFERENCES bots(widget_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  partner TEXT NOT NULL,
  case_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (widget_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX bot_bans_partner ON bot_bans(partner);

CREATE TABLE bot_calls (
  id INTEGER PRIMARY KEY,
  partner TEXT NOT NULL,
  case_id TEXT NOT NULL REFERENCES conversations(case_id) ON DELETE CASCADE,
  widget_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  state TEXT NOT NULL,
  request TEXT NOT NULL,
  url TEXT,
  queued_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  duration_ms INTEGER,
  status_code INTEGER,
  answer TEXT,
  error TEXT,
  fault_id TEXT,
  applied TEXT NOT NULL
) STRICT;
CREATE INDEX bot_calls_case ON bot_calls(case_id, id);
CREATE INDEX bot_calls_partner ON bot_calls(partner);
`,
};
