// The bot_calls table: each turn a conversation's bot was (or is to be) called with, and how the call ended.
import type { Db } from './open.js';

/**
 * `queued`: waiting for the call before it to end (one call per conversation at a time, in order); `pending`: sent, no
 * answer yet; `answered`: a 200 with a valid answer (applied, see `applied`); `failed`: see `error`; `dropped`: never
 * sent, the conversation left the bot first.
 */
export type BotCallState = 'queued' | 'pending' | 'answered' | 'failed' | 'dropped';

export interface BotCall {
  id: number;
  partner: string;
  caseId: string;
  /** The widget whose bot was called. */
  widgetId: string;
  /** 1 for the conversation's first turn. */
  turn: number;
  state: BotCallState;
  /** The JSON body sent (never the token, which travels in a header only). */
  request: string;
  /** The bot URL the call went to; null before it is sent. */
  url: string | null;
  queuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Milliseconds the exchange took: real time, or for a timeout on the key's clock, that clock's. */
  durationMs: number | null;
  statusCode: number | null;
  /** The start of the answer's body. */
  answer: string | null;
  error: string | null;
  /** The fault rule that shaped the call, if one fired. */
  faultId: string | null;
  /** What the mock did with the answer, item by item (`message`, `buttons`, `command HUMAN_TRANSFER`, ...). */
  applied: string[];
}

interface BotCallRow {
  id: number;
  partner: string;
  case_id: string;
  widget_id: string;
  turn: number;
  state: string;
  request: string;
  url: string | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  status_code: number | null;
  answer: string | null;
  error: string | null;
  fault_id: string | null;
  applied: string;
}

const toCall = (row: BotCallRow): BotCall => ({
  id: row.id,
  partner: row.partner,
  caseId: row.case_id,
  widgetId: row.widget_id,
  turn: row.turn,
  state: row.state as BotCallState,
  request: row.request,
  url: row.url,
  queuedAt: row.queued_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms,
  statusCode: row.status_code,
  answer: row.answer,
  error: row.error,
  faultId: row.fault_id,
  applied: JSON.parse(row.applied) as string[],
});

/** How a sent call ended. */
export interface BotCallEnd {
  state: 'answered' | 'failed';
  finishedAt: number;
  durationMs: number;
  statusCode: number | null;
  answer: string | null;
  error: string | null;
  faultId: string | null;
  applied: string[];
}

export class BotCallsRepository {
  readonly #insert;
  readonly #byId;
  readonly #ofCase;
  readonly #nextQueued;
  readonly #open;
  readonly #pending;
  readonly #lastTurn;
  readonly #start;
  readonly #end;
  readonly #drop;
  readonly #stranded;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO bot_calls (partner, case_id, widget_id, turn, state, request, queued_at, applied)
       VALUES (@partner, @caseId, @widgetId, @turn, 'queued', @request, @queuedAt, '[]')`,
    );
    this.#byId = db.prepare<[number], BotCallRow>('SELECT * FROM bot_calls WHERE id = ?');
    this.#ofCase = db.prepare<[string], BotCallRow>('SELECT * FROM bot_calls WHERE case_id = ? ORDER BY id');
    this.#nextQueued = db.prepare<[string], BotCallRow>(`SELECT * FROM bot_calls WHERE case_id = ? AND state = 'queued' ORDER BY id LIMIT 1`);
    this.#open = db.prepare<[string], { open: number }>(`SELECT COUNT(*) AS open FROM bot_calls WHERE case_id = ? AND state IN ('queued', 'pending')`);
    this.#pending = db.prepare<[string], { id: number }>(`SELECT id FROM bot_calls WHERE case_id = ? AND state = 'pending' LIMIT 1`);
    this.#lastTurn = db.prepare<[string], { turn: number | null }>('SELECT MAX(turn) AS turn FROM bot_calls WHERE case_id = ?');
    this.#start = db.prepare(`UPDATE bot_calls SET state = 'pending', url = @url, started_at = @startedAt WHERE id = @id AND state = 'queued'`);
    // Only a pending call ends, once: a late answer after the key's clock timed the call out changes nothing.
    this.#end = db.prepare(
      `UPDATE bot_calls SET state = @state, finished_at = @finishedAt, duration_ms = @durationMs, status_code = @statusCode, answer = @answer,
       error = @error, fault_id = @faultId, applied = @applied WHERE id = @id AND state = 'pending'`,
    );
    this.#stranded = db.prepare<[], { partner: string; case_id: string }>(
      `SELECT DISTINCT q.partner, q.case_id FROM bot_calls q WHERE q.state = 'queued'
       AND NOT EXISTS (SELECT 1 FROM bot_calls p WHERE p.case_id = q.case_id AND p.state = 'pending')`,
    );
    this.#drop = db.prepare(`UPDATE bot_calls SET state = 'dropped', error = @error, finished_at = @at WHERE case_id = @caseId AND state = 'queued'`);
  }

  /** A turn to send, queued behind the conversation's call in flight (if any); returns its id. */
  add(call: { partner: string; caseId: string; widgetId: string; request: string; queuedAt: number }): number {
    const turn = (this.#lastTurn.get(call.caseId)?.turn ?? 0) + 1;
    return Number(this.#insert.run({ ...call, turn }).lastInsertRowid);
  }

  find(id: number): BotCall | undefined {
    const row = this.#byId.get(id);
    return row && toCall(row);
  }

  ofCase(caseId: string): BotCall[] {
    return this.#ofCase.all(caseId).map(toCall);
  }

  nextQueued(caseId: string): BotCall | undefined {
    const row = this.#nextQueued.get(caseId);
    return row && toCall(row);
  }

  /** Calls of the conversation queued or in flight. */
  openCount(caseId: string): number {
    return this.#open.get(caseId)!.open;
  }

  /** Whether a call of the conversation is in flight. */
  hasPending(caseId: string): boolean {
    return this.#pending.get(caseId) !== undefined;
  }

  /** queued → pending; false when it was no longer queued. */
  start(id: number, url: string, startedAt: number): boolean {
    return this.#start.run({ id, url, startedAt }).changes > 0;
  }

  /** pending → answered or failed; false when it had already ended (a timeout on the key's clock came first). */
  end(id: number, end: BotCallEnd): boolean {
    return this.#end.run({ id, ...end, applied: JSON.stringify(end.applied) }).changes > 0;
  }

  /** Conversations with a turn queued and none in flight: what a stop between the two left behind. */
  stranded(): Array<{ partner: string; caseId: string }> {
    return this.#stranded.all().map((r) => ({ partner: r.partner, caseId: r.case_id }));
  }

  /** The conversation's queued turns are never sent (it left the bot). */
  dropQueued(caseId: string, error: string, at: number): void {
    this.#drop.run({ caseId, error, at });
  }
}
