// Migration 8, the front desk's tables, in a file of its own so the list in migrations.ts stays short.
import type { Migration } from './migration.js';

// Migration 8: the front desk. Agents' presence per widget, a widget's chat settings and agent script, live conversations with
// their messages, and the durable timers of scripted agents (due on the conversation's key's clock). A conversation
// goes with its widget; once closed it is also a support request, which outlives nothing more than before.
export const conversationsMigration: Migration = {
  name: 'conversations',
  sql: `
CREATE TABLE agent_presence (
  widget_id TEXT NOT NULL REFERENCES widgets(id) ON DELETE CASCADE,
  agent_id TEXT NOT NULL,
  partner TEXT NOT NULL,
  status TEXT NOT NULL,
  max_chats INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (widget_id, agent_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agent_presence_partner ON agent_presence(partner);

CREATE TABLE chat_settings (
  widget_id TEXT PRIMARY KEY REFERENCES widgets(id) ON DELETE CASCADE,
  partner TEXT NOT NULL,
  settings TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX chat_settings_partner ON chat_settings(partner);

CREATE TABLE agent_scripts (
  widget_id TEXT PRIMARY KEY REFERENCES widgets(id) ON DELETE CASCADE,
  partner TEXT NOT NULL,
  script TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX agent_scripts_partner ON agent_scripts(partner);

CREATE TABLE conversations (
  case_id TEXT PRIMARY KEY,
  partner TEXT NOT NULL,
  widget_id TEXT NOT NULL REFERENCES widgets(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  agent_id TEXT,
  visitor TEXT NOT NULL,
  variables TEXT NOT NULL,
  description TEXT NOT NULL,
  proactive INTEGER NOT NULL,
  next_index INTEGER NOT NULL,
  agent_typing INTEGER NOT NULL,
  visitor_typing INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  accepted_at INTEGER,
  last_visitor_at INTEGER NOT NULL,
  closed_at INTEGER,
  ended_by TEXT
) STRICT;
CREATE INDEX conversations_partner ON conversations(partner, status);
CREATE INDEX conversations_widget ON conversations(widget_id, status);

CREATE TABLE conversation_messages (
  case_id TEXT NOT NULL REFERENCES conversations(case_id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  partner TEXT NOT NULL,
  kind TEXT NOT NULL,
  author TEXT NOT NULL,
  agent_id TEXT,
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (case_id, idx)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_messages_partner ON conversation_messages(partner);

CREATE TABLE conversation_timers (
  id INTEGER PRIMARY KEY,
  partner TEXT NOT NULL,
  case_id TEXT NOT NULL REFERENCES conversations(case_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX conversation_timers_due ON conversation_timers(partner, due_at);
CREATE INDEX conversation_timers_case ON conversation_timers(case_id, kind);
`,
};
