import { Table } from '@mantine/core';
import { formatMoney, type ReportColumn, type ReportTable as Report } from '@myb/contracts';

type Cell = Report['rows'][number][string];

/**
 * A cell as the table and the chart's tooltip read it: money in the shop's currency, shares in per cent,
 * measures to one decimal.
 */
export function formatCell(column: ReportColumn, value: Cell | undefined, currency: string): string {
  if (value === null || value === undefined) {
    return '—';
  }
  if (typeof value === 'string') {
    return value;
  }
  switch (column.kind) {
    case 'money':
      return formatMoney(value, currency);
    case 'percent':
      return `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
    case 'decimal':
      return value.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'count':
    case 'text':
      return value.toLocaleString();
  }
}

/** The report's table, under its chart: the same columns and rows its CSV export writes. */
export function ReportTable({ report, label }: { report: Report; label: string }) {
  const numeric = (column: ReportColumn) => column.kind !== 'text';
  return (
    <Table.ScrollContainer minWidth={Math.max(480, report.columns.length * 90)}>
      <Table aria-label={label} striped verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {report.columns.map((column) => (
              <Table.Th key={column.key} ta={numeric(column) ? 'right' : 'left'}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => (
            <Table.Tr key={String(row.key)}>
              {report.columns.map((column) => (
                <Table.Td key={column.key} ta={numeric(column) ? 'right' : 'left'}>
                  {formatCell(column, row[column.key], report.currency)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {report.totals && (
          <Table.Tfoot>
            <Table.Tr fw={700}>
              {report.columns.map((column) => (
                <Table.Td key={column.key} ta={numeric(column) ? 'right' : 'left'}>
                  {column.key in report.totals!
                    ? formatCell(column, report.totals![column.key], report.currency)
                    : ''}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}
