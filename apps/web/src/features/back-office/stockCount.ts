import type { StockCountLine, StockCountStatus } from '@myb/contracts';

export const COUNT_STATUS_LABEL: Record<StockCountStatus, string> = {
  counting: 'Counting',
  applied: 'Applied',
  cancelled: 'Cancelled',
};
export const COUNT_STATUS_COLOR: Record<StockCountStatus, string> = {
  counting: 'blue',
  applied: 'green',
  cancelled: 'gray',
};

/** Which lines a count's table shows. */
export const LINE_FILTERS = ['all', 'not-counted', 'difference'] as const;
export type LineFilter = (typeof LINE_FILTERS)[number];
export const LINE_FILTER_LABEL: Record<LineFilter, string> = {
  all: 'All',
  'not-counted': 'Not counted',
  difference: 'With a difference',
};
export const isLineFilter = (value: string | null): value is LineFilter =>
  LINE_FILTERS.some((filter) => filter === value);

const hasDifference = (line: StockCountLine) => line.difference !== null && line.difference !== 0;

/** The lines `filter` keeps whose SKU or name holds `search` (any case). */
export function linesShown(lines: StockCountLine[], filter: LineFilter, search: string): StockCountLine[] {
  const text = search.trim().toLowerCase();
  return lines.filter(
    (line) =>
      (filter === 'all' || (filter === 'not-counted' ? line.counted === null : hasDifference(line))) &&
      (text === '' ||
        line.product.sku.toLowerCase().includes(text) ||
        line.product.name.toLowerCase().includes(text)),
  );
}

export interface CountReview {
  lines: number;
  counted: number;
  /** Lines nobody counted: applying leaves their stock as it is. */
  notCounted: number;
  /** Counted lines whose stock applying changes. */
  withDifference: number;
  /** The differences at selling price, in minor units: in all, what is missing and what was found. */
  valueMinor: number;
  missingMinor: number;
  foundMinor: number;
}

export function reviewOf(lines: StockCountLine[]): CountReview {
  const counted = lines.filter((line) => line.counted !== null).length;
  const values = lines.map((line) => line.differenceValueMinor ?? 0);
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);
  return {
    lines: lines.length,
    counted,
    notCounted: lines.length - counted,
    withDifference: lines.filter(hasDifference).length,
    valueMinor: sum(values),
    missingMinor: -sum(values.filter((value) => value < 0)),
    foundMinor: sum(values.filter((value) => value > 0)),
  };
}

/** The line a scanned or typed SKU names: as printed, else in any case. */
export function lineBySku(lines: StockCountLine[], typed: string): StockCountLine | undefined {
  const sku = typed.trim();
  return (
    lines.find((line) => line.product.sku === sku) ??
    lines.find((line) => line.product.sku.toLowerCase() === sku.toLowerCase())
  );
}
