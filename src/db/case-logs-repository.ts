// The Logs API's read of the support_requests table: one organization's cases in creation order, a page at a time.
import type { Db } from './open.js';

/** Where a page starts: after this case (creation instant, then seq to break ties). */
export interface CasePosition {
  createdMs: number;
  seq: number;
}

export interface CaseLogQuery {
  ownerId: number;
  /** Only these widgets (all of them owned by `ownerId`); undefined for every widget of the owner. */
  widgetIds: readonly string[] | undefined;
  /** Inclusive. */
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  after: CasePosition | undefined;
  limit: number;
}

export interface CaseLogRow {
  seq: number;
  createdMs: number;
  /** The support-request document as the webhook sends it. */
  document: string;
  /** The URL its first webhook delivery was POSTed to; null when the widget had no integration settings. */
  deliveryUrl: string | null;
  destinationEmail: string | null;
  ownerEmail: string;
}

interface Row {
  seq: number;
  case_created_ms: number;
  document: string;
  delivery_url: string | null;
  destination_email: string | null;
  owner_email: string;
}

export class CaseLogsRepository {
  readonly #page;
  readonly #widgetIds;

  constructor(db: Db) {
    // Keyset paging on (case_created_ms, seq): a case added while a client pages lands after the cursor or before
    // it, never shifting the pages in between, so no case is seen twice or skipped.
    this.#page = db.prepare<Record<string, unknown>, Row>(
      `SELECT sr.seq, sr.case_created_ms, sr.document, w.destination_email, u.email AS owner_email,
         (SELECT d.url FROM deliveries d WHERE d.support_request_seq = sr.seq ORDER BY d.created_at, d.id LIMIT 1) AS delivery_url
       FROM support_requests sr
       JOIN widgets w ON w.id = sr.widget_id
       JOIN users u ON u.id = w.owner_id
       WHERE w.owner_id = @ownerId
         AND (@widgetIds IS NULL OR sr.widget_id IN (SELECT value FROM json_each(@widgetIds)))
         AND sr.case_created_ms >= @fromMs AND sr.case_created_ms < @toMs
         AND (sr.case_created_ms > @afterMs OR (sr.case_created_ms = @afterMs AND sr.seq > @afterSeq))
       ORDER BY sr.case_created_ms, sr.seq
       LIMIT @limit`,
    );
    this.#widgetIds = db.prepare<[number], { id: string }>('SELECT id FROM widgets WHERE owner_id = ?');
  }

  /** Oldest first; `limit` rows at most. */
  page(query: CaseLogQuery): CaseLogRow[] {
    const rows = this.#page.all({
      ownerId: query.ownerId,
      widgetIds: query.widgetIds === undefined ? null : JSON.stringify(query.widgetIds),
      fromMs: query.fromMs,
      toMs: query.toMs,
      afterMs: query.after?.createdMs ?? Number.MIN_SAFE_INTEGER,
      afterSeq: query.after?.seq ?? 0,
      limit: query.limit,
    });
    return rows.map((r) => ({
      seq: r.seq,
      createdMs: r.case_created_ms,
      document: r.document,
      deliveryUrl: r.delivery_url,
      destinationEmail: r.destination_email,
      ownerEmail: r.owner_email,
    }));
  }

  widgetIdsOf(ownerId: number): Set<string> {
    return new Set(this.#widgetIds.all(ownerId).map((r) => r.id));
  }
}
