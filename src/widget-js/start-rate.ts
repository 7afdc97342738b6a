// How many chats the pages of one widget may start in a minute (WIDGET_CHATS_PER_MINUTE): the widget's routes need no key,
// so a page that starts chats in a loop is bounded here rather than by the cases and webhooks it would make. Real time,
// like any rate limit: the virtual clock stands still between advances.
import { AppError } from '../core/errors.js';

const WINDOW_MS = 60_000;

export class StartRate {
  readonly #starts = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one start of `widgetId`, or refuses it (429) when the last minute already holds `perMinute`. */
  take(widgetId: string): void {
    const now = this.now();
    const recent = (this.#starts.get(widgetId) ?? []).filter((at) => at > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
      this.#starts.set(widgetId, recent);
      throw new AppError(
        429,
        'too_many_chats',
        `the pages of widget ${widgetId} started ${recent.length} chats in the last minute, WIDGET_CHATS_PER_MINUTE; try again in ${retryAfter} s`,
        [],
        { 'retry-after': String(retryAfter) },
      );
    }
    recent.push(now);
    this.#starts.set(widgetId, recent);
  }
}
