import { z } from 'zod';
import { named } from './messages';

/** Prices are integer minor units (cents); the ceiling keeps totals far inside Number.MAX_SAFE_INTEGER. */
export const MAX_PRICE_MINOR = 100_000_000_00;
export const priceMinorSchema = z.int().min(0).max(MAX_PRICE_MINOR);
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, named((field) => `${field} must be a three-letter ISO 4217 code, like "EUR".`));

const digitsByCurrency = new Map<string, number>();

/** Minor units per major unit for a currency, from the platform's own Intl data (asked once per currency: it is slow to ask). */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorUnitDigits(currency);
  // A true minus sign (−€12.50, a refund), not the hyphen Intl gives, wherever the locale puts it.
  return new Intl.NumberFormat(locale, { style: 'currency', currency })
    .formatToParts(minor / 10 ** digits)
    .map((part) => (part.type === 'minusSign' ? '\u2212' : part.value))
    .join('');
}

/**
 * An amount in minor units as a person writes it in a spreadsheet, in major units without a currency
 * sign or grouping: 1250 EUR → "12.50", 1250 JPY → "1250". `parseMoney` reads it back.
 */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) {
    return String(minor);
  }
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${minor < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * Parses a decimal amount typed by a person ("12", "12.5", "12,50") into minor units without
 * going through floating point. Returns null for anything else.
 */
export function parseMoney(input: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^\s*(\d{1,12})(?:[.,](\d*))?\s*$/.exec(input);
  if (!match) {
    return null;
  }
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return null;
  }
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
