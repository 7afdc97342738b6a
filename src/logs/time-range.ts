// Reads the Logs API's start/end: a date or an ISO-8601 date-time, in an IANA time zone, into epoch milliseconds.
import { badRequest } from '../core/errors.js';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter that reads an instant's wall-clock time in `zone`; undefined for a zone the runtime does not know. */
function formatterOf(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    // Zone names are few; the bound only stops a stream of odd names from growing the cache.
    if (formatters.size >= 512) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** How far `zone`'s wall clock is ahead of UTC at `utcMs`. */
function offsetAt(f: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The instant a wall-clock time in `zone` names (in a gap, the time after it; in an overlap, the earlier one). */
function zonedToUtc(f: Intl.DateTimeFormat, wallMs: number): number {
  const first = wallMs - offsetAt(f, wallMs);
  return wallMs - offsetAt(f, first);
}

/** Throws the 400 for an unknown zone; `timezone` is an IANA name such as `America/New_York` or `Etc/UTC`. */
export function checkTimeZone(zone: string): void {
  if (!formatterOf(zone)) {
    throw badRequest('timezone', 'time_zone', `timezone "${zone}" is not an IANA time zone name (such as Etc/UTC or America/New_York)`);
  }
}

/**
 * `start` gives the first instant included; `end` the first instant excluded: a date `end` covers its whole day, a
 * date-time `end` is included to the millisecond. A value without an offset is read in `zone`.
 */
export function readBound(field: 'start' | 'end', value: string, zone: string): number {
  const m = DATE_TIME.exec(value);
  const invalid = () =>
    badRequest(field, 'format', `${field} must be a date (YYYY-MM-DD) or an ISO-8601 date-time (such as 2026-01-05T09:30:00Z); got "${value}"`);
  if (!m) throw invalid();
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (year < 1970 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw invalid();
  }
  const dateOnly = h === undefined;
  let instant: number;
  if (offset !== undefined) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.toUpperCase() === 'Z' ? '0000' : offset.slice(1).replace(':', '').padEnd(4, '0');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (minutes > 18 * 60) throw invalid();
    instant = wall - sign * minutes * 60_000;
  } else {
    instant = zonedToUtc(formatterOf(zone)!, wall);
  }
  if (field === 'start') return instant;
  // The end of a date is the next day's midnight in the zone (23 or 25 hours away across a DST change).
  if (dateOnly) return zonedToUtc(formatterOf(zone)!, wall + 86_400_000);
  return instant + 1;
}
