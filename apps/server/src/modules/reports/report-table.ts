import type { ReportColumn, ReportTable } from '@myb/contracts';

/** What every report builds: its columns, rows and totals; the service adds the shop's currency. */
export type Table = Omit<ReportTable, 'currency'>;
export type Row = Table['rows'][number];

export const money = (key: string, label: string): ReportColumn => ({ key, label, kind: 'money' });
export const count = (key: string, label: string): ReportColumn => ({ key, label, kind: 'count' });
export const percent = (key: string, label: string): ReportColumn => ({ key, label, kind: 'percent' });
export const decimal = (key: string, label: string): ReportColumn => ({ key, label, kind: 'decimal' });
export const text = (key: string, label: string): ReportColumn => ({ key, label, kind: 'text' });

/** A share or a change in per cent, to one decimal; null where there is nothing to divide by. */
export const perCent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
/** A measure to one decimal, as the `decimal` columns show it. */
export const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
export const sumOf = <Item>(items: readonly Item[], pick: (item: Item) => number) =>
  items.reduce((total, item) => total + Number(pick(item)), 0);

/**
 * Totals of the money and count columns, but of those named in `notAdded` (averages and the like, which
 * do not add up); none of shares and measures.
 */
export function totalsOf(
  rows: Row[],
  columns: ReportColumn[],
  labelKey: string,
  notAdded: string[] = [],
): Row {
  const totals: Row = { key: 'total', [labelKey]: 'Total' };
  for (const column of columns) {
    if (column.kind === 'money' || column.kind === 'count') {
      totals[column.key] = notAdded.includes(column.key)
        ? null
        : sumOf(rows, (row) => Number(row[column.key] ?? 0));
    }
  }
  return totals;
}
