// Whether a widget's conversationSchedule covers an instant: the instant read in the schedule's time zone, against
// the enabled entries of that weekday. A schedule with no enabled entry does not restrict anything (see fidelity notes).
import type { ConversationSchedule, DayOfWeek } from '../db/widgets-repository.js';
import { minutesOf } from '../provisioning/conversation-schedule.js';

const DAYS: Record<string, DayOfWeek> = {
  Mon: 'MONDAY',
  Tue: 'TUESDAY',
  Wed: 'WEDNESDAY',
  Thu: 'THURSDAY',
  Fri: 'FRIDAY',
  Sat: 'SATURDAY',
  Sun: 'SUNDAY',
};

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The weekday and the minutes after midnight of `instant`, on the wall clock of `timeZone`. */
export function wallClock(instant: number, timeZone: string): { day: DayOfWeek; minutes: number } {
  const parts = formatterOf(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: DAYS[part('weekday')]!, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Whether the schedule lets chats in at `instant`: inside an enabled [start, end) of that weekday, or no enabled entry at all. */
export function scheduleCovers(schedule: ConversationSchedule | null, instant: number): boolean {
  const enabled = schedule?.schedules.filter((entry) => entry.enabled) ?? [];
  if (schedule === null || enabled.length === 0) return true;
  const { day, minutes } = wallClock(instant, schedule.timeZone);
  return enabled.some((entry) => {
    if (entry.dayOfWeek !== day) return false;
    const [start, end] = entry.scheduleList.map(minutesOf) as [number, number];
    return start <= minutes && minutes < end;
  });
}
