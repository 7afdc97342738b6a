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

export class SupportRequestsRepository {
  readonly #insert;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO support_requests (partner, widget_id, id, type, document, case_created_ms, created_at)
       VALUES (@partner, @widgetId, @id, @type, @document, @caseCreatedMs, @createdAt)`,
    );
  }

  /** Returns the row's seq, which its deliveries point at. */
  insert(request: Omit<StoredSupportRequest, 'seq'>): number {
    return Number(this.#insert.run(request).lastInsertRowid);
  }
}
