// The bots table: a widget's chat bot (SnapEngage's Chatbot API settings): where its turns are POSTed, with what token.
import type { Db } from './open.js';

export interface Bot {
  widgetId: string;
  partner: string;
  url: string;
  /** A secret: sent as the `authorization` header, never returned, logged or recorded anywhere else. */
  token: string | null;
  /** The author of its lines, as the visitor sees them. */
  name: string;
  /** null: BOT_TIMEOUT_MS. */
  timeoutMs: number | null;
  createdAt: number;
  updatedAt: number;
}

interface BotRow {
  widget_id: string;
  partner: string;
  url: string;
  token: string | null;
  name: string;
  timeout_ms: number | null;
  created_at: number;
  updated_at: number;
}

const toBot = (row: BotRow): Bot => ({
  widgetId: row.widget_id,
  partner: row.partner,
  url: row.url,
  token: row.token,
  name: row.name,
  timeoutMs: row.timeout_ms,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class BotsRepository {
  readonly #byWidget;
  readonly #upsert;
  readonly #delete;

  constructor(db: Db) {
    this.#byWidget = db.prepare<[string], BotRow>('SELECT * FROM bots WHERE widget_id = ?');
    // An update keeps the row (and with it the bot's bans, which cascade from it) and its created_at.
    this.#upsert = db.prepare(
      `INSERT INTO bots (widget_id, partner, url, token, name, timeout_ms, created_at, updated_at)
       VALUES (@widgetId, @partner, @url, @token, @name, @timeoutMs, @createdAt, @updatedAt)
       ON CONFLICT (widget_id) DO UPDATE SET url = excluded.url, token = excluded.token, name = excluded.name,
         timeout_ms = excluded.timeout_ms, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM bots WHERE widget_id = ?');
  }

  findByWidget(widgetId: string): Bot | undefined {
    const row = this.#byWidget.get(widgetId);
    return row && toBot(row);
  }

  upsert(bot: Bot): Bot {
    this.#upsert.run(bot);
    return this.findByWidget(bot.widgetId)!;
  }

  delete(widgetId: string): boolean {
    return this.#delete.run(widgetId).changes > 0;
  }
}
