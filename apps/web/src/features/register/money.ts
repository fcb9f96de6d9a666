import { formatMoney, MAX_PRICE_MINOR, minorUnitDigits, parseMoney } from '@myb/contracts';

/** What a money field holds: the amount in minor units, or why it is not one the person may send. */
export type MoneyCheck = { ok: true; value: number } | { ok: false; message: string };

/** "12.50" for EUR, "1250" for JPY: how an amount is typed, to show in a message. */
export const exampleAmount = (currency: string) => {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
};

/** Reads an amount as typed ("12", "12.5", "12,50"), never rounding it to fit. */
export function readMoney(
  text: string,
  currency: string,
  {
    blank = 'Enter an amount.',
    max = MAX_PRICE_MINOR,
    aboveMax,
  }: { blank?: string; max?: number; aboveMax?: string } = {},
): MoneyCheck {
  if (text.trim() === '') {
    return { ok: false, message: blank };
  }
  const value = parseMoney(text, currency);
  if (value === null) {
    return { ok: false, message: `Enter an amount like ${exampleAmount(currency)}.` };
  }
  if (value > max) {
    return { ok: false, message: aboveMax ?? `At most ${formatMoney(max, currency)}.` };
  }
  return { ok: true, value };
}
