import { TZDate } from '@date-fns/tz';

/** A supplier's working day, on the shop's clock: 09:00 to 17:00, Monday to Friday. */
const OPENS_AT_HOUR = 9;
const CLOSES_AT_HOUR = 17;
const HOUR_MS = 60 * 60 * 1000;

const isWeekend = (day: TZDate) => day.getDay() === 0 || day.getDay() === 6;

/** `day`'s calendar day `offset` days on, at `hour` on the wall clock of its time zone. */
const atHour = (day: TZDate, hour: number, offset = 0) =>
  new TZDate(day.getFullYear(), day.getMonth(), day.getDate() + offset, hour, 0, 0, day.timeZone);

/**
 * When a purchase order sent at `sentAt` should have been acknowledged: `workingHours` of working
 * time later, counting only Monday to Friday, 09:00 to 17:00 in `timeZone` (the shop's). Sent in the
 * evening or at a weekend, the count starts when the next working day opens; an hour falling at 17:00
 * sharp is due then, not the next morning. Each working day is 09:00 to 17:00 on the wall clock, so a
 * change of daylight saving time moves neither end. Public holidays are not known, and count.
 */
export function acknowledgementDueAt(sentAt: Date, workingHours: number, timeZone: string): Date {
  let left = workingHours * HOUR_MS;
  let cursor = new TZDate(sentAt.getTime(), timeZone);
  for (;;) {
    if (isWeekend(cursor)) {
      cursor = atHour(cursor, OPENS_AT_HOUR, 1);
      continue;
    }
    const opens = atHour(cursor, OPENS_AT_HOUR);
    const closes = atHour(cursor, CLOSES_AT_HOUR);
    if (cursor.getTime() >= closes.getTime()) {
      cursor = atHour(cursor, OPENS_AT_HOUR, 1);
      continue;
    }
    const from = Math.max(cursor.getTime(), opens.getTime());
    const today = closes.getTime() - from;
    if (left <= today) {
      return new Date(from + left);
    }
    left -= today;
    cursor = atHour(cursor, OPENS_AT_HOUR, 1);
  }
}

/**
 * The two deadlines of something sent at `sentAt` to a supplier with `workingHours` to acknowledge it:
 * when it is sent again, and (as many working hours on) when the shop is told; null for no deadline.
 */
export function acknowledgementDeadlines(
  sentAt: Date,
  workingHours: number | null,
  timeZone: string,
): { dueAt: Date; tellShopAt: Date } | null {
  if (workingHours === null) {
    return null;
  }
  const dueAt = acknowledgementDueAt(sentAt, workingHours, timeZone);
  return { dueAt, tellShopAt: acknowledgementDueAt(dueAt, workingHours, timeZone) };
}
