import { Button, Group, Paper, Select, Stack, Tabs, Text } from '@mantine/core';
import { SALES_REPORTS, type SalesReportName, type SalesReportQuery } from '@myb/contracts';
import { IconDownload } from '@tabler/icons-react';
import { salesReportExportAddress, useSalesReport } from '../../api/reports';
import { dayParam } from '../../lib/days';
import { formatDay } from '../../lib/format';
import { useUrlFilters } from '../../lib/url-filters';
import { DayRangeInputs } from '../../ui/DayRangeInputs';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { ReportChart } from './ReportChart';
import { ReportTable } from './ReportTable';

const TITLES: Record<SalesReportName, string> = {
  trend: 'Sales over time',
  hours: 'Busy hours',
  channels: 'Channels',
  categories: 'Categories',
  payments: 'Payment methods',
  products: 'Products',
  staff: 'Staff',
};
const ABOUT: Record<SalesReportName, string> = {
  trend:
    'Net sales, sales, average ticket and refunds per day, week or month, against the days compared with.',
  hours: 'Net sales by weekday and hour of the shop’s day, over the days chosen.',
  channels: 'Online and at the register.',
  categories: 'Net sales and margin by category, at each product’s average cost when sold.',
  payments: 'What came in by each payment method (cash net of change) and what went back.',
  products: 'Products ranked, at most twenty.',
  staff: 'Register sales, refunds and voided lines by cashier.',
};

const isReport = (value: string | null): value is SalesReportName =>
  SALES_REPORTS.some((report) => report === value);
const localDay = (daysAgo: number) => {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
};
const pick = <Value extends string>(
  value: string | null,
  allowed: readonly Value[],
  fallback: Value,
): Value => allowed.find((each) => each === value) ?? fallback;

/**
 * The shop's sales reports: one tab per report, over the days chosen (the last 28 unless told), against
 * the days before or a year before; a chart, the table under it, and the same table as CSV. Everything
 * chosen is kept in the address.
 */
export function ReportsPage() {
  const shop = useShop();
  const { params, setParam } = useUrlFilters();
  const rawReport = params.get('report');
  const report: SalesReportName = isReport(rawReport) ? rawReport : 'trend';
  const query: SalesReportQuery = {
    from: dayParam(params.get('from')) || localDay(27),
    to: dayParam(params.get('to')) || localDay(0),
    compare: pick(params.get('compare'), ['previous', 'year', 'none'] as const, 'previous'),
    by: pick(params.get('by'), ['day', 'week', 'month'] as const, 'day'),
    rank: pick(params.get('rank'), ['revenue', 'quantity', 'margin'] as const, 'revenue'),
    order: pick(params.get('order'), ['top', 'bottom'] as const, 'top'),
  };
  const backwards = query.from > query.to;
  const figures = useSalesReport(shop.slug, report, query);

  return (
    <>
      <PageHeader
        title="Reports"
        description="The shop's sales over the days you choose, in the shop's time zone, against the days before. These figures update by themselves."
        actions={
          <Button
            component="a"
            href={salesReportExportAddress(shop.slug, report, query)}
            download
            variant="default"
            leftSection={<IconDownload aria-hidden size={18} />}
          >
            Export CSV
          </Button>
        }
      />
      <Stack gap="md">
        <Tabs value={report} onChange={(value) => setParam('report', value === 'trend' ? null : value)}>
          <Tabs.List aria-label="Reports">
            {SALES_REPORTS.map((name) => (
              <Tabs.Tab key={name} value={name}>
                {TITLES[name]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DayRangeInputs
            from={query.from}
            to={query.to}
            labels={{ from: 'First day', to: 'Last day' }}
            onChange={(which, day) => setParam(which, day)}
          />
          {report !== 'hours' && (
            <Select
              label="Compare with"
              data={[
                { value: 'previous', label: 'The days before' },
                { value: 'year', label: 'The same weeks a year before' },
                { value: 'none', label: 'Nothing' },
              ]}
              value={query.compare ?? 'previous'}
              allowDeselect={false}
              onChange={(value) => setParam('compare', value === 'previous' ? null : value)}
            />
          )}
          {report === 'trend' && (
            <Select
              label="Group by"
              data={[
                { value: 'day', label: 'Day' },
                { value: 'week', label: 'Week' },
                { value: 'month', label: 'Month' },
              ]}
              value={query.by ?? 'day'}
              allowDeselect={false}
              onChange={(value) => setParam('by', value === 'day' ? null : value)}
            />
          )}
          {report === 'products' && (
            <>
              <Select
                label="Rank by"
                data={[
                  { value: 'revenue', label: 'Net sales' },
                  { value: 'quantity', label: 'Quantity' },
                  { value: 'margin', label: 'Margin' },
                ]}
                value={query.rank ?? 'revenue'}
                allowDeselect={false}
                onChange={(value) => setParam('rank', value === 'revenue' ? null : value)}
              />
              <Select
                label="Show"
                data={[
                  { value: 'top', label: 'The best first' },
                  { value: 'bottom', label: 'The worst first' },
                ]}
                value={query.order ?? 'top'}
                allowDeselect={false}
                onChange={(value) => setParam('order', value === 'top' ? null : value)}
              />
            </>
          )}
        </Group>
        {!backwards && (
          <QueryView query={figures} label="the report">
            {(data) => (
              <Paper withBorder p="md" radius="md">
                <Stack gap="md">
                  <Text size="sm" c="dimmed">
                    {ABOUT[data.report]} {formatDay(data.period.from)} – {formatDay(data.period.to)}
                    {data.comparison &&
                      `, compared with ${formatDay(data.comparison.from)} – ${formatDay(data.comparison.to)}`}
                    .
                  </Text>
                  <ReportChart report={data} />
                  <ReportTable report={data} label={TITLES[data.report]} />
                </Stack>
              </Paper>
            )}
          </QueryView>
        )}
      </Stack>
    </>
  );
}
