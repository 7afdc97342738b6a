// The widgets table: prepared statements and the row <-> object mapping (agents and schedule stored as JSON).
import type { Db } from './open.js';

export interface Agent {
  /** Lower-cased, stored without the `wc:` prefix the API adds on the way out. */
  agentId: string;
  agentAlias: string;
  agentAvatar: string;
  agentType: string;
}

/** The schedule as the API validated it; stored as JSON. */
export type DayOfWeek = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

/** As the Provisioning API's conversationSchedule field holds it (validated there; stored here as JSON). */
export interface ConversationSchedule {
  timeZone: string;
  schedules: Array<{ dayOfWeek: DayOfWeek; enabled: boolean; scheduleList: string[] }>;
}

export interface Widget {
  id: string;
  partner: string;
  ownerId: number;
  name: string | null;
  destinationEmail: string | null;
  agents: Agent[];
  enableProactiveChat: boolean;
  enableConversations: boolean;
  conversationSchedule: ConversationSchedule | null;
  createdAt: number;
  updatedAt: number;
}

/** A widget with its owner's email, which every response carries. */
export interface OwnedWidget extends Widget {
  ownerEmail: string;
}

interface WidgetRow {
  id: string;
  partner: string;
  owner_id: number;
  owner_email: string;
  name: string | null;
  destination_email: string | null;
  agents: string;
  enable_proactive_chat: number;
  enable_conversations: number;
  conversation_schedule: string | null;
  created_at: number;
  updated_at: number;
}

const toWidget = (row: WidgetRow): OwnedWidget => ({
  id: row.id,
  partner: row.partner,
  ownerId: row.owner_id,
  ownerEmail: row.owner_email,
  name: row.name,
  destinationEmail: row.destination_email,
  agents: JSON.parse(row.agents) as Agent[],
  enableProactiveChat: row.enable_proactive_chat === 1,
  enableConversations: row.enable_conversations === 1,
  conversationSchedule: row.conversation_schedule ? (JSON.parse(row.conversation_schedule) as ConversationSchedule) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toParams = (w: Widget) => ({
  id: w.id,
  partner: w.partner,
  ownerId: w.ownerId,
  name: w.name,
  destinationEmail: w.destinationEmail,
  agents: JSON.stringify(w.agents),
  enableProactiveChat: w.enableProactiveChat ? 1 : 0,
  enableConversations: w.enableConversations ? 1 : 0,
  conversationSchedule: w.conversationSchedule ? JSON.stringify(w.conversationSchedule) : null,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

export class WidgetsRepository {
  readonly #byId;
  readonly #insert;
  readonly #update;
  readonly #delete;
  readonly #byPartner;

  constructor(db: Db) {
    this.#byId = db.prepare<[string], WidgetRow>(
      'SELECT w.*, u.email AS owner_email FROM widgets w JOIN users u ON u.id = w.owner_id WHERE w.id = ?',
    );
    this.#insert = db.prepare(
      `INSERT INTO widgets (id, partner, owner_id, name, destination_email, agents, enable_proactive_chat,
         enable_conversations, conversation_schedule, created_at, updated_at)
       VALUES (@id, @partner, @ownerId, @name, @destinationEmail, @agents, @enableProactiveChat,
         @enableConversations, @conversationSchedule, @createdAt, @updatedAt)`,
    );
    this.#update = db.prepare(
      `UPDATE widgets SET name = @name, destination_email = @destinationEmail, agents = @agents,
         enable_proactive_chat = @enableProactiveChat, enable_conversations = @enableConversations,
         conversation_schedule = @conversationSchedule, updated_at = @updatedAt WHERE id = @id`,
    );
    this.#delete = db.prepare('DELETE FROM widgets WHERE id = ?');
    this.#byPartner = db.prepare<[string, number], WidgetRow>(
      'SELECT w.*, u.email AS owner_email FROM widgets w JOIN users u ON u.id = w.owner_id WHERE w.partner = ? ORDER BY w.created_at, w.id LIMIT ?',
    );
  }

  /** A partner's widgets, oldest first (the inspector's accounts view). */
  listByPartner(partner: string, limit: number): OwnedWidget[] {
    return this.#byPartner.all(partner, limit).map(toWidget);
  }

  findById(id: string): OwnedWidget | undefined {
    const row = this.#byId.get(id);
    return row && toWidget(row);
  }

  insert(widget: Widget): void {
    this.#insert.run(toParams(widget));
  }

  update(widget: Widget): void {
    this.#update.run(toParams(widget));
  }

  delete(id: string): void {
    this.#delete.run(id);
  }
}
