import { BarChart, DonutChart, LineChart, MatrixChart } from '@mantine/charts';
import { ScrollArea, Stack, Text } from '@mantine/core';
import { formatMoney, type SalesReport } from '@myb/contracts';
import { formatDay } from '../../lib/format';

/** Up to six slices a donut reads well; beyond, the shares are drawn as stacked bars. */
const MOST_SLICES = 6;
const PALETTE = [
  'teal.6',
  'blue.6',
  'orange.6',
  'grape.6',
  'yellow.6',
  'red.6',
  'cyan.6',
  'lime.6',
  'pink.6',
  'indigo.6',
];

/** What each breakdown's slice is called in its rows. */
const LABEL_KEY: Partial<Record<SalesReport['report'], string>> = {
  channels: 'channel',
  categories: 'category',
  payments: 'method',
  staff: 'staff',
  products: 'product',
};

function Trend({ report, money }: { report: SalesReport; money: (minor: number) => string }) {
  const then = report.comparison
    ? `${formatDay(report.comparison.from)} – ${formatDay(report.comparison.to)}`
    : null;
  const data = report.rows.map((row) => ({
    bucket: formatDay(String(row.bucket)),
    'Net sales': Number(row.netSales),
    ...(then ? { [then]: row.netSalesThen === null ? null : Number(row.netSalesThen) } : {}),
  }));
  return (
    <LineChart
      h={300}
      data={data}
      dataKey="bucket"
      series={[
        { name: 'Net sales', color: 'teal.6' },
        ...(then ? [{ name: then, color: 'gray.5', strokeDasharray: '5 5' }] : []),
      ]}
      curveType="monotone"
      withLegend
      valueFormatter={money}
      aria-label="Net sales over the period, and over the period compared with"
    />
  );
}

function Hours({ report, money }: { report: SalesReport; money: (minor: number) => string }) {
  const hours = report.columns.filter((column) => /^h\d+$/.test(column.key));
  const data = report.rows.flatMap((row) =>
    hours.map((hour) => ({
      x: hour.label.slice(0, 2),
      y: String(row.weekday).slice(0, 3),
      value: Number(row[hour.key]),
    })),
  );
  // 24 hours of cells are wider than a phone: the heat map scrolls sideways in its own box, not the page.
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <MatrixChart
        data={data}
        xLabels={hours.map((hour) => hour.label.slice(0, 2))}
        yLabels={report.rows.map((row) => String(row.weekday).slice(0, 3))}
        withXLabels
        withYLabels
        withLegend
        cellSize={22}
        yLabelsWidth={40}
        xLabelsHeight={28}
        withTooltip
        getTooltipLabel={(cell) => `${cell.y} ${cell.x}:00 — ${money(cell.value ?? 0)}`}
        aria-label="Net sales by weekday and hour: the darker, the more"
      />
    </ScrollArea>
  );
}

/** Shares of net sales: a donut up to six slices, stacked bars (this period, and the one compared) beyond. */
function Shares({
  report,
  money,
  labelKey,
}: {
  report: SalesReport;
  money: (minor: number) => string;
  labelKey: string;
}) {
  const slices = report.rows.filter((row) => Number(row.netSales) > 0);
  if (slices.length === 0) {
    return null;
  }
  if (slices.length <= MOST_SLICES) {
    return (
      <DonutChart
        data={slices.map((row, index) => ({
          name: String(row[labelKey]),
          value: Number(row.netSales),
          color: PALETTE[index % PALETTE.length]!,
        }))}
        withLabels
        withLabelsLine
        withTooltip
        valueFormatter={money}
        size={200}
        thickness={30}
        mx="auto"
        aria-label="Share of net sales"
      />
    );
  }
  const bars = [
    {
      period: 'This period',
      ...Object.fromEntries(slices.map((row) => [String(row[labelKey]), Number(row.netSales)])),
    },
    ...(report.comparison
      ? [
          {
            period: 'Compared with',
            ...Object.fromEntries(
              slices.map((row) => [String(row[labelKey]), Number(row.netSalesThen ?? 0)]),
            ),
          },
        ]
      : []),
  ];
  return (
    <BarChart
      h={160}
      data={bars}
      dataKey="period"
      type="percent"
      orientation="vertical"
      withLegend
      series={slices.map((row, index) => ({
        name: String(row[labelKey]),
        color: PALETTE[index % PALETTE.length]!,
      }))}
      valueFormatter={money}
      aria-label="Share of net sales, this period and the one compared with"
    />
  );
}

/**
 * Horizontal bars, one per name, largest first as the rows come: readable on a phone, where the names
 * of bars standing up would not fit.
 */
export function Bars({
  data,
  series,
  format,
  label,
}: {
  data: Record<string, string | number>[];
  series: { name: string; color: string }[];
  format: (value: number) => string;
  label: string;
}) {
  return (
    <BarChart
      h={Math.max(160, data.length * 28 * Math.max(1, series.length * 0.75))}
      data={data}
      dataKey="name"
      orientation="vertical"
      yAxisProps={{ width: 120 }}
      withLegend={series.length > 1}
      series={series}
      valueFormatter={format}
      aria-label={label}
    />
  );
}

function Ranked({
  report,
  money,
  labelKey,
}: {
  report: SalesReport;
  money: (minor: number) => string;
  labelKey: string;
}) {
  return (
    <Bars
      data={report.rows.map((row) => ({ name: String(row[labelKey]), 'Net sales': Number(row.netSales) }))}
      series={[{ name: 'Net sales', color: 'teal.6' }]}
      format={money}
      label="Net sales of each, largest first"
    />
  );
}

/** The report's chart, drawn from the same rows as the table under it. */
export function ReportChart({ report }: { report: SalesReport }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  if (report.rows.length === 0) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        Nothing was sold in these days.
      </Text>
    );
  }
  const labelKey = LABEL_KEY[report.report];
  return (
    <Stack>
      {report.report === 'trend' && <Trend report={report} money={money} />}
      {report.report === 'hours' && <Hours report={report} money={money} />}
      {labelKey && (report.report === 'products' || report.report === 'staff') && (
        <Ranked report={report} money={money} labelKey={labelKey} />
      )}
      {labelKey && ['channels', 'categories', 'payments'].includes(report.report) && (
        <Shares report={report} money={money} labelKey={labelKey} />
      )}
    </Stack>
  );
}
