import type { TaxRateRef } from './registerProducts';

/** "Since 17:40" for today, "Since 5 Dec, 17:40" before. */
export function formatSince(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === now.toDateString()
    ? time
    : `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** 200 000 ppm → "20%". */
export function formatRate(ratePpm: number): string {
  return `${(ratePpm / 10_000).toLocaleString(undefined, { maximumFractionDigits: 4 })}%`;
}

/** A tax rate as a receipt names it: "VAT 20%", or "No tax". */
export function taxLabel(rate: TaxRateRef | null): string {
  return rate === null ? 'No tax' : `${rate.name} ${formatRate(rate.ratePpm)}`;
}

/** The currency's sign as the viewer's locale writes it: €, $, CHF. */
export function currencySymbol(currency: string): string {
  return (
    new Intl.NumberFormat(undefined, { style: 'currency', currency })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency
  );
}
