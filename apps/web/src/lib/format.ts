import { formatMoney } from '@myb/contracts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** In the viewer's locale and time zone, as shop staff read it on the wall clock. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day (`YYYY-MM-DD`, a delivery date) as the viewer writes it: the same day wherever they are. */
export function formatDay(isoDay: string): string {
  return calendarDay.format(new Date(`${isoDay}T00:00:00Z`));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A change with its sign, as a ledger prints it: +3, −3 (a true minus sign), 0. */
export function formatChange(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `\u2212${-value}` : '0';
}

/** A change of value with its sign, in the shop's currency: +€12.50, −€19.90. */
export function formatMoneyChange(minor: number, currency: string): string {
  const amount = formatMoney(Math.abs(minor), currency);
  return minor > 0 ? `+${amount}` : minor < 0 ? `\u2212${amount}` : amount;
}
