// The conversation_messages table: every line of a conversation, numbered in order (the Visitor Chat API's index).
import type { Db } from './open.js';

export type MessageKind = 'visitor' | 'agent' | 'bot' | 'system';

export interface Message {
  caseId: string;
  index: number;
  partner: string;
  kind: MessageKind;
  /** The agent's or bot's alias; the visitor's name or `visitor`; `system` for system lines. */
  author: string;
  /** The agent who wrote it, as SnapEngage shows agents (`wc:` for web-client ones); null for other kinds. */
  agentId: string | null;
  text: string;
  at: number;
}

interface MessageRow {
  case_id: string;
  idx: number;
  partner: string;
  kind: string;
  author: string;
  agent_id: string | null;
  text: string;
  at: number;
}

const toMessage = (row: MessageRow): Message => ({
  caseId: row.case_id,
  index: row.idx,
  partner: row.partner,
  kind: row.kind as MessageKind,
  author: row.author,
  agentId: row.agent_id,
  text: row.text,
  at: row.at,
});

export class MessagesRepository {
  readonly #insert;
  readonly #from;
  readonly #ofKinds;

  constructor(db: Db) {
    this.#insert = db.prepare(
      'INSERT INTO conversation_messages (case_id, idx, partner, kind, author, agent_id, text, at) VALUES (@caseId, @index, @partner, @kind, @author, @agentId, @text, @at)',
    );
    this.#from = db.prepare<[string, number, number], MessageRow>(
      'SELECT * FROM conversation_messages WHERE case_id = ? AND idx >= ? ORDER BY idx LIMIT ?',
    );
    // What a visitor polls for: the other side's lines (agents, bots, the system), from an index on.
    this.#ofKinds = db.prepare<[string, number, number], MessageRow>(
      `SELECT * FROM conversation_messages WHERE case_id = ? AND idx >= ? AND kind != 'visitor' ORDER BY idx LIMIT ?`,
    );
  }

  insert(message: Message): void {
    this.#insert.run(message);
  }

  /** Every line from `index` on, at most `limit`. */
  from(caseId: string, index = 0, limit = Number.MAX_SAFE_INTEGER): Message[] {
    return this.#from.all(caseId, index, limit).map(toMessage);
  }

  /** The lines a visitor receives (not their own), from `index` on, at most `limit`. */
  toVisitor(caseId: string, index: number, limit: number): Message[] {
    return this.#ofKinds.all(caseId, index, limit).map(toMessage);
  }
}
