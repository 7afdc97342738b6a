// The conversations table: live chats (and offline messages) of the front desk, from the visitor's start to their close.
import type { Db } from './open.js';

export type ConversationType = 'chat' | 'offline';
/** `bot`: a bot has the chat (src/bots/) until it hands over; it is in no agent's queue. */
export type ConversationStatus = 'queued' | 'active' | 'bot' | 'closed';

/** What the visitor (or the page that embeds the widget) told about themselves; only what was given is set. */
export interface VisitorDetails {
  email?: string;
  name?: string;
  phone?: string;
  userAgent?: string;
  locale?: string;
  appVersionName?: string;
  ipAddress?: string;
  pageUrl?: string;
  referrerUrl?: string;
  languageCode?: string;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface Conversation {
  caseId: string;
  partner: string;
  widgetId: string;
  type: ConversationType;
  status: ConversationStatus;
  /** The agent who has (or last had) the chat, as SnapEngage shows agents (`wc:` for web-client ones); null before any. */
  agentId: string | null;
  visitor: VisitorDetails;
  /** The page's custom fields (`javascript_variables`). */
  variables: NameValue[];
  description: string;
  proactive: boolean;
  /** The index the next message gets. */
  nextIndex: number;
  agentTyping: boolean;
  visitorTyping: boolean;
  createdAt: number;
  acceptedAt: number | null;
  lastVisitorAt: number;
  closedAt: number | null;
  endedBy: string | null;
}

interface ConversationRow {
  case_id: string;
  partner: string;
  widget_id: string;
  type: string;
  status: string;
  agent_id: string | null;
  visitor: string;
  variables: string;
  description: string;
  proactive: number;
  next_index: number;
  agent_typing: number;
  visitor_typing: number;
  created_at: number;
  accepted_at: number | null;
  last_visitor_at: number;
  closed_at: number | null;
  ended_by: string | null;
}

const toConversation = (row: ConversationRow): Conversation => ({
  caseId: row.case_id,
  partner: row.partner,
  widgetId: row.widget_id,
  type: row.type as ConversationType,
  status: row.status as ConversationStatus,
  agentId: row.agent_id,
  visitor: JSON.parse(row.visitor) as VisitorDetails,
  variables: JSON.parse(row.variables) as NameValue[],
  description: row.description,
  proactive: row.proactive === 1,
  nextIndex: row.next_index,
  agentTyping: row.agent_typing === 1,
  visitorTyping: row.visitor_typing === 1,
  createdAt: row.created_at,
  acceptedAt: row.accepted_at,
  lastVisitorAt: row.last_visitor_at,
  closedAt: row.closed_at,
  endedBy: row.ended_by,
});

const toRow = (c: Conversation): ConversationRow => ({
  case_id: c.caseId,
  partner: c.partner,
  widget_id: c.widgetId,
  type: c.type,
  status: c.status,
  agent_id: c.agentId,
  visitor: JSON.stringify(c.visitor),
  variables: JSON.stringify(c.variables),
  description: c.description,
  proactive: c.proactive ? 1 : 0,
  next_index: c.nextIndex,
  agent_typing: c.agentTyping ? 1 : 0,
  visitor_typing: c.visitorTyping ? 1 : 0,
  created_at: c.createdAt,
  accepted_at: c.acceptedAt,
  last_visitor_at: c.lastVisitorAt,
  closed_at: c.closedAt,
  ended_by: c.endedBy,
});

export interface ConversationFilter {
  partner: string;
  widgetId?: string;
  status?: ConversationStatus;
  limit: number;
}

const COLUMNS = [
  'case_id', 'partner', 'widget_id', 'type', 'status', 'agent_id', 'visitor', 'variables', 'description', 'proactive', 'next_index',
  'agent_typing', 'visitor_typing', 'created_at', 'accepted_at', 'last_visitor_at', 'closed_at', 'ended_by',
] as const satisfies ReadonlyArray<keyof ConversationRow>;

export class ConversationsRepository {
  readonly #byId;
  readonly #insert;
  readonly #update;
  readonly #list;
  readonly #openByAgent;
  readonly #openCount;
  readonly #queuedOf;
  readonly #activeOf;

  constructor(db: Db) {
    this.#byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE case_id = ?');
    this.#insert = db.prepare(`INSERT INTO conversations (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    this.#update = db.prepare(
      `UPDATE conversations SET ${COLUMNS.filter((c) => c !== 'case_id').map((c) => `${c} = @${c}`).join(', ')} WHERE case_id = @case_id`,
    );
    // Newest first; the filters are optional (NULL matches everything).
    this.#list = db.prepare<[{ partner: string; widgetId: string | null; status: string | null; limit: number }], ConversationRow>(
      `SELECT * FROM conversations WHERE partner = @partner AND (@widgetId IS NULL OR widget_id = @widgetId)
       AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    );
    this.#openByAgent = db.prepare<[string], { agent_id: string; open: number }>(
      `SELECT agent_id, COUNT(*) AS open FROM conversations WHERE widget_id = ? AND status = 'active' GROUP BY agent_id`,
    );
    this.#openCount = db.prepare<[string], { open: number }>(`SELECT COUNT(*) AS open FROM conversations WHERE partner = ? AND status != 'closed'`);
    this.#activeOf = db.prepare<[string, string], ConversationRow>(
      `SELECT * FROM conversations WHERE widget_id = ? AND status = 'active' AND agent_id = ? ORDER BY created_at, rowid`,
    );
    this.#queuedOf = db.prepare<[string], ConversationRow>(`SELECT * FROM conversations WHERE widget_id = ? AND status = 'queued' ORDER BY created_at, rowid`);
  }

  find(caseId: string): Conversation | undefined {
    const row = this.#byId.get(caseId);
    return row && toConversation(row);
  }

  insert(conversation: Conversation): void {
    this.#insert.run(toRow(conversation));
  }

  update(conversation: Conversation): void {
    this.#update.run(toRow(conversation));
  }

  list(filter: ConversationFilter): Conversation[] {
    return this.#list.all({ partner: filter.partner, widgetId: filter.widgetId ?? null, status: filter.status ?? null, limit: filter.limit }).map(toConversation);
  }

  /** Active chats per agent of one widget (agents with none are absent). */
  openByAgent(widgetId: string): Map<string, number> {
    return new Map(this.#openByAgent.all(widgetId).map((r) => [r.agent_id, r.open]));
  }

  /** Queued or active conversations of one api_key. */
  openCount(partner: string): number {
    return this.#openCount.get(partner)!.open;
  }

  /** One agent's active chats on a widget. */
  activeOf(widgetId: string, agentId: string): Conversation[] {
    return this.#activeOf.all(widgetId, agentId).map(toConversation);
  }

  /** A widget's queued chats, oldest first: the order agents take them in. */
  queued(widgetId: string): Conversation[] {
    return this.#queuedOf.all(widgetId).map(toConversation);
  }
}
