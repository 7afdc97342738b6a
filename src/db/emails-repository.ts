// The emails table: every fallback email the mock "sent", with whether the SMTP relay (if any) took it.
import type { Db } from './open.js';

interface StoredAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface StoredEmail {
  id: string;
  partner: string;
  deliveryId: string;
  supportRequestId: string;
  widgetId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  attachments: StoredAttachment[];
  createdAt: number;
  smtpSent: boolean;
  smtpError: string | null;
  /** How many times the SMTP relay was tried (0 without SMTP_URL). */
  smtpAttempts: number;
}

export interface SmtpResult {
  sent: boolean;
  error: string | null;
  attempts: number;
}

interface EmailRow {
  id: string;
  partner: string;
  delivery_id: string;
  support_request_id: string;
  widget_id: string;
  recipient: string;
  sender: string;
  subject: string;
  text: string;
  attachments: string;
  created_at: number;
  smtp_sent: number;
  smtp_error: string | null;
  smtp_attempts: number;
}

const toEmail = (row: EmailRow): StoredEmail => ({
  id: row.id,
  partner: row.partner,
  deliveryId: row.delivery_id,
  supportRequestId: row.support_request_id,
  widgetId: row.widget_id,
  to: row.recipient,
  from: row.sender,
  subject: row.subject,
  text: row.text,
  attachments: JSON.parse(row.attachments) as StoredAttachment[],
  createdAt: row.created_at,
  smtpSent: row.smtp_sent === 1,
  smtpError: row.smtp_error,
  smtpAttempts: row.smtp_attempts,
});

export interface EmailFilter {
  partner: string;
  widgetId?: string;
  deliveryId?: string;
  limit: number;
}

export class EmailsRepository {
  readonly #insert;
  readonly #list;
  readonly #setSmtp;
  readonly #get;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO emails (id, partner, delivery_id, support_request_id, widget_id, recipient, sender, subject, text,
         attachments, created_at, smtp_sent, smtp_error)
       VALUES (@id, @partner, @deliveryId, @supportRequestId, @widgetId, @to, @from, @subject, @text,
         @attachments, @createdAt, 0, NULL)`,
    );
    this.#list = db.prepare<{ partner: string; widgetId: string | null; deliveryId: string | null; limit: number }, EmailRow>(
      `SELECT * FROM emails WHERE partner = @partner
         AND (@widgetId IS NULL OR widget_id = @widgetId) AND (@deliveryId IS NULL OR delivery_id = @deliveryId)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    );
    this.#get = db.prepare<{ partner: string; id: string }, EmailRow>('SELECT * FROM emails WHERE partner = @partner AND id = @id');
    this.#setSmtp = db.prepare('UPDATE emails SET smtp_sent = @sent, smtp_error = @error, smtp_attempts = @attempts WHERE id = @id');
  }

  insert(email: Omit<StoredEmail, 'smtpSent' | 'smtpError' | 'smtpAttempts'>): void {
    this.#insert.run({ ...email, attachments: JSON.stringify(email.attachments) });
  }

  list(filter: EmailFilter): StoredEmail[] {
    return this.#list
      .all({ partner: filter.partner, widgetId: filter.widgetId ?? null, deliveryId: filter.deliveryId ?? null, limit: filter.limit })
      .map(toEmail);
  }

  get(partner: string, id: string): StoredEmail | undefined {
    const row = this.#get.get({ partner, id });
    return row && toEmail(row);
  }

  /** A reset may have removed the row meanwhile; then there is nothing to update. */
  setSmtpResult(id: string, { sent, error, attempts }: SmtpResult): void {
    this.#setSmtp.run({ id, sent: sent ? 1 : 0, error, attempts });
  }
}
