// The agent_presence table: each agent's status on each widget (online, paused, offline) and how many chats it takes.
import type { Db } from './open.js';

export type AgentStatus = 'online' | 'paused' | 'offline';

export interface Presence {
  widgetId: string;
  /** Lower-cased, without `wc:` (as the widgets table keeps agents). */
  agentId: string;
  partner: string;
  status: AgentStatus;
  maxChats: number;
  updatedAt: number;
}

interface PresenceRow {
  widget_id: string;
  agent_id: string;
  partner: string;
  status: string;
  max_chats: number;
  updated_at: number;
}

const toPresence = (row: PresenceRow): Presence => ({
  widgetId: row.widget_id,
  agentId: row.agent_id,
  partner: row.partner,
  status: row.status as AgentStatus,
  maxChats: row.max_chats,
  updatedAt: row.updated_at,
});

export class PresenceRepository {
  readonly #ofWidget;
  readonly #upsert;

  constructor(db: Db) {
    this.#ofWidget = db.prepare<[string], PresenceRow>('SELECT * FROM agent_presence WHERE widget_id = ?');
    this.#upsert = db.prepare(
      `INSERT INTO agent_presence (widget_id, agent_id, partner, status, max_chats, updated_at)
       VALUES (@widgetId, @agentId, @partner, @status, @maxChats, @updatedAt)
       ON CONFLICT (widget_id, agent_id) DO UPDATE SET status = excluded.status, max_chats = excluded.max_chats, updated_at = excluded.updated_at`,
    );
  }

  /** Every agent of the widget that ever had a status set, by agent id. */
  ofWidget(widgetId: string): Map<string, Presence> {
    return new Map(this.#ofWidget.all(widgetId).map((row) => [row.agent_id, toPresence(row)]));
  }

  upsert(presence: Presence): void {
    this.#upsert.run(presence);
  }
}
