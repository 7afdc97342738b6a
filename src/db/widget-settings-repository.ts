// A widget's settings kept as one JSON document per widget, for the tables that hold nothing else (chat_settings,
// agent_scripts): read, replaced whole, removed. Each table has the same four columns.
import type { Db } from './open.js';

export interface WidgetSettings<T> {
  widgetId: string;
  partner: string;
  settings: T;
  updatedAt: number;
}

const COLUMN = { chat_settings: 'settings', agent_scripts: 'script' } as const;

export class WidgetSettingsRepository<T> {
  readonly #find;
  readonly #upsert;
  readonly #delete;

  constructor(db: Db, table: keyof typeof COLUMN) {
    const column = COLUMN[table];
    this.#find = db.prepare<[string], { partner: string; json: string; updated_at: number }>(
      `SELECT partner, ${column} AS json, updated_at FROM ${table} WHERE widget_id = ?`,
    );
    this.#upsert = db.prepare(
      `INSERT INTO ${table} (widget_id, partner, ${column}, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (widget_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare(`DELETE FROM ${table} WHERE widget_id = ?`);
  }

  find(widgetId: string): WidgetSettings<T> | undefined {
    const row = this.#find.get(widgetId);
    return row && { widgetId, partner: row.partner, settings: JSON.parse(row.json) as T, updatedAt: row.updated_at };
  }

  put(record: WidgetSettings<T>): void {
    this.#upsert.run(record.widgetId, record.partner, JSON.stringify(record.settings), record.updatedAt);
  }

  delete(widgetId: string): boolean {
    return this.#delete.run(widgetId).changes > 0;
  }
}
