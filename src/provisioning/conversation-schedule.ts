// conversationSchedule rules the schema alone cannot express: a real time zone, start before end, no overlaps.
import { badRequest } from '../core/errors.js';
import type { ConversationSchedule } from '../db/widgets-repository.js';

const TZ_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** IANA names (and their legacy links such as US/Mountain, which the document's sample uses). */
function isTimeZone(name: string): boolean {
  if (!TZ_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight for an already format-checked `h:mm AM/PM`. */
export function minutesOf(time: string): number {
  const [, h, m, half] = /^(\d{1,2}):(\d{2}) (AM|PM)$/.exec(time)!;
  return ((Number(h) % 12) + (half === 'PM' ? 12 : 0)) * 60 + Number(m);
}

export function checkSchedule(schedule: ConversationSchedule): void {
  if (!isTimeZone(schedule.timeZone)) {
    throw badRequest(
      'conversationSchedule.timeZone',
      'time_zone',
      `timeZone "${schedule.timeZone}" is not an IANA time zone (e.g. "Europe/Berlin", "UTC", "US/Mountain")`,
    );
  }
  const taken = new Map<string, Array<[number, number, number]>>();
  schedule.schedules.forEach((entry, index) => {
    const field = `conversationSchedule.schedules.${index}.scheduleList`;
    const [start, end] = entry.scheduleList.map(minutesOf) as [number, number];
    if (start >= end) {
      throw badRequest(field, 'start_before_end', `start ${entry.scheduleList[0]} must be before end ${entry.scheduleList[1]}`);
    }
    if (!entry.enabled) return;
    const day = taken.get(entry.dayOfWeek) ?? [];
    const clash = day.find(([s, e]) => start < e && s < end);
    if (clash) {
      throw badRequest(field, 'overlap', `${entry.dayOfWeek} ${entry.scheduleList.join('-')} overlaps schedules.${clash[2]}`);
    }
    day.push([start, end, index]);
    taken.set(entry.dayOfWeek, day);
  });
}
