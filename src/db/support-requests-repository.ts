// The support_requests table: every support-request document the mock generated, exactly as it is sent.
import type { Db } from './open.js';

export interface StoredSupportRequest {
  seq: number;
  partner: string;
  widgetId: string;
  id: string;
  type: string;
  /** The document as JSON text, exactly as it is sent. */
  document: string;
  /** The document's own creation instant (created_at_seconds and _milliseconds, in ms), which the Logs API filters on. */
  caseCreatedMs: number;
  createdAt: number;
}

type StoredSupportRequestRow = StoredSupportRequest;

export class SupportRequestsRepository {
  readonly #insert;
  readonly #byId;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO support_requests (partner, widget_id, id, type, document, case_created_ms, created_at)
       VALUES (@partner, @widgetId, @id, @type, @document, @caseCreatedMs, @createdAt)`,
    );
    this.#byId = db.prepare<[string, string], StoredSupportRequestRow>(
      `SELECT seq, partner, widget_id AS widgetId, id, type, document, case_created_ms AS caseCreatedMs, created_at AS createdAt
       FROM support_requests WHERE partner = ? AND id = ? ORDER BY seq DESC LIMIT 1`,
    );
  }

  /** One of a partner's documents by its `id` (the inspector's detail view). */
  find(partner: string, id: string): StoredSupportRequest | undefined {
    return this.#byId.get(partner, id);
  }

  /** Returns the row's seq, which its deliveries point at. */
  insert(request: Omit<StoredSupportRequest, 'seq'>): number {
    return Number(this.#insert.run(request).lastInsertRowid);
  }
}
