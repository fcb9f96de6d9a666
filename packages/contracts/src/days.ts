/**
 * A calendar day (`YYYY-MM-DD`) moved by whole days: a shop's day, whatever its time zone, counted on
 * the calendar (a day of 23 or 25 hours is still one day).
 */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
