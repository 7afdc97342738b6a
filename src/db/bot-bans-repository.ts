// The bot_bans table: visitors a widget's bot banned (its BAN and BAN_IP commands), by email or IP address.
import type { Db } from './open.js';

export type BanKind = 'email' | 'ip';

export interface BotBan {
  widgetId: string;
  kind: BanKind;
  /** The email (lower-cased) or the IP address. */
  value: string;
  partner: string;
  /** The conversation whose bot banned the visitor. */
  caseId: string;
  createdAt: number;
}

interface BanRow {
  widget_id: string;
  kind: string;
  value: string;
  partner: string;
  case_id: string;
  created_at: number;
}

const toBan = (row: BanRow): BotBan => ({
  widgetId: row.widget_id,
  kind: row.kind as BanKind,
  value: row.value,
  partner: row.partner,
  caseId: row.case_id,
  createdAt: row.created_at,
});

export class BotBansRepository {
  readonly #add;
  readonly #find;
  readonly #ofWidget;

  constructor(db: Db) {
    // A second ban of the same visitor keeps the first (its conversation, its time).
    this.#add = db.prepare(
      `INSERT INTO bot_bans (widget_id, kind, value, partner, case_id, created_at) VALUES (@widgetId, @kind, @value, @partner, @caseId, @createdAt)
       ON CONFLICT DO NOTHING`,
    );
    this.#find = db.prepare<[string, string, string], BanRow>('SELECT * FROM bot_bans WHERE widget_id = ? AND kind = ? AND value = ?');
    this.#ofWidget = db.prepare<[string], BanRow>('SELECT * FROM bot_bans WHERE widget_id = ? ORDER BY created_at, kind, value');
  }

  add(ban: BotBan): void {
    this.#add.run(ban);
  }

  find(widgetId: string, kind: BanKind, value: string): BotBan | undefined {
    const row = this.#find.get(widgetId, kind, value);
    return row && toBan(row);
  }

  ofWidget(widgetId: string): BotBan[] {
    return this.#ofWidget.all(widgetId).map(toBan);
  }
}
