// The conversation_timers table: what a scripted agent does later (accept, reply, close when idle), due on the
// conversation's key's clock, kept in the store so a restart keeps every pending step.
import type { Db } from './open.js';

/** A scripted agent's steps; `bot-timeout`: a bot call unanswered at its deadline on the key's clock fails. */
export type TimerKind = 'accept' | 'reply' | 'idle-close' | 'bot-timeout';

export interface Timer {
  id: number;
  partner: string;
  caseId: string;
  kind: TimerKind;
  dueAt: number;
  /** The reply's text, for `reply`; the call and its timeout, for `bot-timeout`. */
  payload: { text?: string; callId?: number; timeoutMs?: number };
}

interface TimerRow {
  id: number;
  partner: string;
  case_id: string;
  kind: string;
  due_at: number;
  payload: string;
}

const toTimer = (row: TimerRow): Timer => ({
  id: row.id,
  partner: row.partner,
  caseId: row.case_id,
  kind: row.kind as TimerKind,
  dueAt: row.due_at,
  payload: JSON.parse(row.payload) as Timer['payload'],
});

export class TimersRepository {
  readonly #insert;
  readonly #dueOf;
  readonly #nextByPartner;
  readonly #delete;
  readonly #deleteKind;
  readonly #ofCase;

  constructor(db: Db) {
    this.#insert = db.prepare('INSERT INTO conversation_timers (partner, case_id, kind, due_at, payload) VALUES (?, ?, ?, ?, ?)');
    this.#dueOf = db.prepare<[string, number, number], TimerRow>('SELECT * FROM conversation_timers WHERE partner = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?');
    this.#nextByPartner = db.prepare<[], { partner: string; due: number }>('SELECT partner, MIN(due_at) AS due FROM conversation_timers GROUP BY partner');
    this.#delete = db.prepare('DELETE FROM conversation_timers WHERE id = ?');
    this.#deleteKind = db.prepare<[{ caseId: string; kind: string | null }]>('DELETE FROM conversation_timers WHERE case_id = @caseId AND (@kind IS NULL OR kind = @kind)');
    this.#ofCase = db.prepare<[string, string], TimerRow>('SELECT * FROM conversation_timers WHERE case_id = ? AND kind = ?');
  }

  add(partner: string, caseId: string, kind: TimerKind, dueAt: number, payload: Timer['payload'] = {}): void {
    this.#insert.run(partner, caseId, kind, dueAt, JSON.stringify(payload));
  }

  /** One partner's timers due at `now` or before, in order, at most `limit`. */
  due(partner: string, now: number, limit: number): Timer[] {
    return this.#dueOf.all(partner, now, limit).map(toTimer);
  }

  /** Each partner's earliest due time. */
  nextByPartner(): Array<{ partner: string; due: number }> {
    return this.#nextByPartner.all();
  }

  has(caseId: string, kind: TimerKind): boolean {
    return this.#ofCase.get(caseId, kind) !== undefined;
  }

  delete(id: number): void {
    this.#delete.run(id);
  }

  /** A conversation's timers of one kind, or (no kind) all of them. */
  cancel(caseId: string, kind?: TimerKind): void {
    this.#deleteKind.run({ caseId, kind: kind ?? null });
  }
}
