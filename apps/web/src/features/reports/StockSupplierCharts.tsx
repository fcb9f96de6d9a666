import { Stack, Text } from '@mantine/core';
import { formatMoney, type StockReport, type SupplierReport } from '@myb/contracts';
import { Bars } from './ReportChart';

/** The most bars a chart draws of a long list: the table under it has them all. */
const MOST_BARS = 12;
const oneDecimal = (unit: string) => (value: number) =>
  `${value.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${unit}`;

function Empty({ children }: { children: string }) {
  return (
    <Text c="dimmed" ta="center" py="xl">
      {children}
    </Text>
  );
}

/**
 * A stock report's chart, from the rows of the table under it: the value in stock by category, the money
 * tied up in what does not sell, or the days each low product lasts.
 */
export function StockReportChart({ report }: { report: StockReport }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  switch (report.report) {
    case 'valuation': {
      // Only what has a value is drawn: a category of products with no cost known would read as worth 0.
      const byCategory = new Map<string, number>();
      for (const row of report.rows.filter((each) => each.value !== null)) {
        const category = String(row.category);
        byCategory.set(category, (byCategory.get(category) ?? 0) + Number(row.value));
      }
      if (report.rows.length === 0) {
        return <Empty>Nothing is in stock.</Empty>;
      }
      return (
        <Stack gap={4}>
          {byCategory.size > 0 && (
            <Bars
              data={[...byCategory].map(([name, value]) => ({ name, Value: value }))}
              series={[{ name: 'Value', color: 'teal.6' }]}
              format={money}
              label="Value in stock at average cost, by category"
            />
          )}
          {report.totals?.note && (
            <Text size="sm" c="dimmed">
              Not in the chart: {String(report.totals.note)}.
            </Text>
          )}
        </Stack>
      );
    }
    case 'dead-stock': {
      const valued = report.rows.filter((row) => row.value !== null).slice(0, MOST_BARS);
      if (report.rows.length === 0) {
        return <Empty>{`Everything in stock sold in the last ${report.days} days.`}</Empty>;
      }
      if (valued.length === 0) {
        return <Empty>None of these products has a known cost: their value is not known.</Empty>;
      }
      return (
        <Bars
          data={valued.map((row) => ({ name: String(row.product), 'Value tied up': Number(row.value) }))}
          series={[{ name: 'Value tied up', color: 'orange.6' }]}
          format={money}
          label="Money tied up in stock that does not sell, largest first"
        />
      );
    }
    case 'low-stock': {
      const covered = report.rows.filter((row) => row.daysOfCover !== null).slice(0, MOST_BARS);
      if (report.rows.length === 0) {
        return <Empty>No product with a reorder rule is at or under its minimum.</Empty>;
      }
      if (covered.length === 0) {
        return <Empty>None of these products sold in the last 28 days.</Empty>;
      }
      return (
        <Bars
          data={covered.map((row) => ({
            name: String(row.product),
            'Days of cover': Number(row.daysOfCover),
          }))}
          series={[{ name: 'Days of cover', color: 'red.6' }]}
          format={oneDecimal('days')}
          label="Days each product's stock lasts at its recent sales, shortest first"
        />
      );
    }
  }
}

/** A supplier report's chart: per supplier, its average and 90th percentile times, from the table's rows. */
export function SupplierReportChart({ report }: { report: SupplierReport }) {
  const [average, p90, unit, what] =
    report.report === 'purchase-orders'
      ? (['leadTimeAverage', 'leadTimeP90', 'days', 'Lead time'] as const)
      : (['deliveryAverage', 'deliveryP90', 'seconds', 'E-mailed in'] as const);
  const measured = report.rows.filter((row) => row[average] !== null);
  if (measured.length === 0) {
    return (
      <Empty>
        {report.report === 'purchase-orders'
          ? 'No purchase order sent in these days has been received yet.'
          : 'No message written in these days has been e-mailed yet.'}
      </Empty>
    );
  }
  return (
    <Bars
      data={measured.map((row) => ({
        name: String(row.supplier),
        [`${what}, average`]: Number(row[average]),
        [`${what}, p90`]: Number(row[p90]),
      }))}
      series={[
        { name: `${what}, average`, color: 'teal.6' },
        { name: `${what}, p90`, color: 'blue.4' },
      ]}
      format={oneDecimal(unit)}
      label={`${what} per supplier in ${unit}: the average, and the time nine in ten were within`}
    />
  );
}
