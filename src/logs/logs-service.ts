// The Logs API's rules: which of an organization's cases a query selects, and one page of them, oldest first.
import type { Account } from '../accounts/accounts-service.js';
import type { Clock } from '../core/clock.js';
import type { CaseLogsRepository, CasePosition } from '../db/case-logs-repository.js';
import { badRequest, notFound } from '../core/errors.js';
import { decodeCursor } from './cursor.js';
import { toLogsCase, type LogsCase } from './logs-case.js';
import { checkTimeZone, readBound } from './time-range.js';

/** SnapEngage's page size: "100 cases a page". */
export const LOGS_PAGE_SIZE = 100;
export const DEFAULT_TIME_ZONE = 'Etc/UTC';

export interface LogsQuery {
  start: string;
  end: string;
  timezone?: string | undefined;
  widgetId?: string | undefined;
  next?: string | undefined;
}

export interface LogsPage {
  cases: LogsCase[];
  /** Where the next page starts; undefined on the last page. */
  next: CasePosition | undefined;
}

export class LogsService {
  constructor(
    private readonly caseLogs: CaseLogsRepository,
    private readonly clock: Clock,
  ) {}

  page(account: Account, query: LogsQuery): LogsPage {
    const zone = query.timezone ?? DEFAULT_TIME_ZONE;
    checkTimeZone(zone);
    const fromMs = readBound('start', query.start, zone);
    const toMs = readBound('end', query.end, zone);
    if (fromMs >= toMs) throw badRequest('end', 'after_start', `end (${query.end}) must not be before start (${query.start})`);
    const widgetIds = this.#widgets(account, query.widgetId);
    const after = query.next === undefined ? undefined : decodeCursor(query.next);
    // One more than a page tells whether another page follows, so the last page's link is "" even at exactly 100.
    const rows = this.caseLogs.page({ ownerId: account.userId, widgetIds, fromMs, toMs, after, limit: LOGS_PAGE_SIZE + 1 });
    const page = rows.slice(0, LOGS_PAGE_SIZE);
    const now = this.clock.now(account.partner);
    const last = page.at(-1);
    return {
      cases: page.map((row) => toLogsCase(row, now)),
      next: rows.length > LOGS_PAGE_SIZE && last ? { createdMs: last.createdMs, seq: last.seq } : undefined,
    };
  }

  /** `widgetId`: one id or a comma-separated list, each a widget of the organization (404 otherwise). */
  #widgets(account: Account, widgetId: string | undefined): string[] | undefined {
    if (widgetId === undefined) return undefined;
    const ids = [...new Set(widgetId.split(',').map((id) => id.trim()).filter(Boolean))];
    if (ids.length === 0) throw badRequest('widgetId', 'format', 'widgetId must be a widget id or a comma-separated list of them');
    const owned = this.caseLogs.widgetIdsOf(account.userId);
    const unknown = ids.find((id) => !owned.has(id));
    if (unknown !== undefined) throw notFound('widget_not_found', `organization ${account.orgId} has no widget ${unknown}`);
    return ids;
  }
}
