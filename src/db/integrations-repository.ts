// The integrations table: a widget's Integration API settings (Settings > Integrations in SnapEngage).
import type { Db } from './open.js';

export type AuthHeader = 'Authentication' | 'Authorization';
export type DocumentFormat = 'json' | 'xml';

export interface Integration {
  widgetId: string;
  partner: string;
  url: string;
  /** A secret: never returned, logged or stored anywhere else. */
  authToken: string | null;
  authHeader: AuthHeader;
  format: DocumentFormat;
  transcriptEmail: string | null;
  createdAt: number;
  updatedAt: number;
}

interface IntegrationRow {
  widget_id: string;
  partner: string;
  url: string;
  auth_token: string | null;
  auth_header: string;
  format: string;
  transcript_email: string | null;
  created_at: number;
  updated_at: number;
}

const toIntegration = (row: IntegrationRow): Integration => ({
  widgetId: row.widget_id,
  partner: row.partner,
  url: row.url,
  authToken: row.auth_token,
  authHeader: row.auth_header as AuthHeader,
  format: row.format as DocumentFormat,
  transcriptEmail: row.transcript_email,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class IntegrationsRepository {
  readonly #byWidget;
  readonly #upsert;
  readonly #delete;

  constructor(db: Db) {
    this.#byWidget = db.prepare<[string], IntegrationRow>('SELECT * FROM integrations WHERE widget_id = ?');
    // created_at survives a replace: the settings were first saved then.
    this.#upsert = db.prepare(
      `INSERT INTO integrations (widget_id, partner, url, auth_token, auth_header, format, transcript_email, created_at, updated_at)
       VALUES (@widgetId, @partner, @url, @authToken, @authHeader, @format, @transcriptEmail, @createdAt, @updatedAt)
       ON CONFLICT (widget_id) DO UPDATE SET url = excluded.url, auth_token = excluded.auth_token,
         auth_header = excluded.auth_header, format = excluded.format, transcript_email = excluded.transcript_email,
         updated_at = excluded.updated_at
       RETURNING *`,
    );
    this.#delete = db.prepare('DELETE FROM integrations WHERE widget_id = ?');
  }

  findByWidget(widgetId: string): Integration | undefined {
    const row = this.#byWidget.get(widgetId);
    return row && toIntegration(row);
  }

  /** The settings as stored (created_at is the first save's). */
  upsert(integration: Integration): Integration {
    return toIntegration(this.#upsert.get(integration) as IntegrationRow);
  }

  delete(widgetId: string): boolean {
    return this.#delete.run(widgetId).changes > 0;
  }
}
