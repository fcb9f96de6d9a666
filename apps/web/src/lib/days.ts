/** A day as a date field gives it (`YYYY-MM-DD`), or nothing. */
export const dayParam = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

/**
 * The start of a day the viewer picked (`YYYY-MM-DD`), in the viewer's time zone, as the instant
 * the server compares with (an ISO 8601 instant with its offset). `daysLater` moves on whole days
 * of the calendar, so a day of 23 or 25 hours (a clock change) still ends at the next midnight.
 */
export function startOfLocalDay(day: string, daysLater = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) {
    return null;
  }
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + daysLater);
  return Number.isNaN(start.getTime()) ? null : start.toISOString();
}

/**
 * The days picked as a list route's `from` and `to`: from the start of the first day to the start of
 * the day after the last, in the viewer's time zone. A range that ends before it starts is not sent
 * (the page shows it as wrong).
 */
export function dayRangeQuery(from: string, to: string): { from?: string; to?: string } {
  if (from !== '' && to !== '' && from > to) {
    return {};
  }
  const start = startOfLocalDay(from);
  const end = startOfLocalDay(to, 1);
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}
