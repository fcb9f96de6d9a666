import { Button, Group, Paper, Select, Stack, Tabs, Text } from '@mantine/core';
import {
  SALES_REPORTS,
  STOCK_REPORTS,
  SUPPLIER_REPORTS,
  type SalesReportName,
  type SalesReportQuery,
  type StockReportName,
  type StockReportQuery,
  type SupplierReportName,
  type SupplierReportQuery,
} from '@myb/contracts';
import { IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import {
  salesReportExportAddress,
  stockReportExportAddress,
  supplierReportExportAddress,
  useSalesReport,
  useStockReport,
  useSupplierReport,
} from '../../api/reports';
import { dayParam } from '../../lib/days';
import { formatDay } from '../../lib/format';
import { useUrlFilters } from '../../lib/url-filters';
import { DayRangeInputs } from '../../ui/DayRangeInputs';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { ReportChart } from './ReportChart';
import { ReportTable } from './ReportTable';
import { StockReportChart, SupplierReportChart } from './StockSupplierCharts';

type ReportName = SalesReportName | StockReportName | SupplierReportName;
/** The groups of reports, each a tab with its reports under it; the first of each opens it. */
const GROUPS = { sales: SALES_REPORTS, stock: STOCK_REPORTS, suppliers: SUPPLIER_REPORTS } as const;
type ReportGroup = keyof typeof GROUPS;
const GROUP_TITLES: Record<ReportGroup, string> = { sales: 'Sales', stock: 'Stock', suppliers: 'Suppliers' };

const TITLES: Record<ReportName, string> = {
  trend: 'Sales over time',
  hours: 'Busy hours',
  channels: 'Channels',
  categories: 'Categories',
  payments: 'Payment methods',
  products: 'Products',
  staff: 'Staff',
  valuation: 'Valuation',
  'dead-stock': 'Dead stock',
  'low-stock': 'Low stock',
  'purchase-orders': 'Purchase orders',
  messages: 'Messages',
};
const ABOUT: Record<ReportName, string> = {
  trend:
    'Net sales, sales, average ticket and refunds per day, week or month, against the days compared with.',
  hours: 'Net sales by weekday and hour of the shop’s day, over the days chosen.',
  channels: 'Online and at the register.',
  categories: 'Net sales and margin by category, at each product’s average cost when sold.',
  payments: 'What came in by each payment method (cash net of change) and what went back.',
  products: 'Products ranked, at most twenty.',
  staff: 'Register sales, refunds and voided lines by cashier.',
  valuation:
    'What each product in stock is worth at its average cost, by category. A product with no cost known yet (no goods received) is listed, not valued.',
  'dead-stock':
    'Products in stock that sold nothing, online or at the register, in the days chosen (today included).',
  'low-stock':
    'Products at or under their reorder minimum, and the days their stock lasts at the rate they sold over the last 28 days.',
  'purchase-orders':
    'Purchase orders first sent in these days, per supplier: lead time from sending to the first goods received (days), on time when everything came by the expected day, fill rate on those received or closed, and acknowledgement time (hours).',
  messages:
    'Messages written to each supplier in these days, and how long each took from being written to reaching its people’s mailboxes.',
};

const groupOf = (report: string | null): ReportGroup =>
  (Object.keys(GROUPS) as ReportGroup[]).find((group) =>
    (GROUPS[group] as readonly string[]).includes(report ?? ''),
  ) ?? 'sales';
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
const DEAD_STOCK_DAYS = ['30', '60', '90', '180', '365'] as const;

/** A report's explanation, its chart and the table under it. */
function Figures({ about, chart, table }: { about: string; chart: ReactNode; table: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {about}
        </Text>
        {chart}
        {table}
      </Stack>
    </Paper>
  );
}

/**
 * The shop's reports, in three groups: sales over the days chosen (the last 28 unless told) against the
 * days before or a year before; stock as it stands now; suppliers over the days chosen. Each report has
 * a chart, the table under it, and the same table as CSV. Everything chosen is kept in the address.
 */
export function ReportsPage() {
  const shop = useShop();
  const { params, setParam } = useUrlFilters();
  const rawReport = params.get('report');
  const group = groupOf(rawReport);
  const report = pick<ReportName>(rawReport, GROUPS[group], GROUPS[group][0]);
  const days = {
    from: dayParam(params.get('from')) || localDay(27),
    to: dayParam(params.get('to')) || localDay(0),
  };
  const backwards = days.from > days.to;
  const salesQuery: SalesReportQuery = {
    ...days,
    compare: pick(params.get('compare'), ['previous', 'year', 'none'] as const, 'previous'),
    by: pick(params.get('by'), ['day', 'week', 'month'] as const, 'day'),
    rank: pick(params.get('rank'), ['revenue', 'quantity', 'margin'] as const, 'revenue'),
    order: pick(params.get('order'), ['top', 'bottom'] as const, 'top'),
  };
  const stockQuery: StockReportQuery = { days: Number(pick(params.get('days'), DEAD_STOCK_DAYS, '90')) };
  const supplierQuery: SupplierReportQuery = days;
  const exportAddress =
    group === 'sales'
      ? salesReportExportAddress(shop.slug, report as SalesReportName, salesQuery)
      : group === 'stock'
        ? stockReportExportAddress(shop.slug, report as StockReportName, stockQuery)
        : supplierReportExportAddress(shop.slug, report as SupplierReportName, supplierQuery);
  const dayRange = (
    <DayRangeInputs
      from={days.from}
      to={days.to}
      labels={{ from: 'First day', to: 'Last day' }}
      onChange={(which, day) => setParam(which, day)}
    />
  );

  return (
    <>
      <PageHeader
        title="Reports"
        description="The shop's sales and suppliers over the days you choose, in the shop's time zone, and its stock as it stands. These figures update by themselves."
        actions={
          <Button
            component="a"
            href={exportAddress}
            download
            variant="default"
            leftSection={<IconDownload aria-hidden size={18} />}
          >
            Export CSV
          </Button>
        }
      />
      <Stack gap="md">
        <Tabs
          variant="pills"
          value={group}
          onChange={(value) => setParam('report', value === 'sales' ? null : GROUPS[value as ReportGroup][0])}
        >
          <Tabs.List aria-label="Groups of reports">
            {(Object.keys(GROUPS) as ReportGroup[]).map((name) => (
              <Tabs.Tab key={name} value={name}>
                {GROUP_TITLES[name]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Tabs value={report} onChange={(value) => setParam('report', value === 'trend' ? null : value)}>
          <Tabs.List aria-label={`${GROUP_TITLES[group]} reports`}>
            {GROUPS[group].map((name) => (
              <Tabs.Tab key={name} value={name}>
                {TITLES[name]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        {group === 'sales' && (
          <SalesReports
            report={report as SalesReportName}
            query={salesQuery}
            dayRange={dayRange}
            backwards={backwards}
          />
        )}
        {group === 'stock' && <StockReports report={report as StockReportName} query={stockQuery} />}
        {group === 'suppliers' && (
          <SupplierReports
            report={report as SupplierReportName}
            query={supplierQuery}
            dayRange={dayRange}
            backwards={backwards}
          />
        )}
      </Stack>
    </>
  );
}

function SalesReports({
  report,
  query,
  dayRange,
  backwards,
}: {
  report: SalesReportName;
  query: SalesReportQuery;
  dayRange: ReactNode;
  backwards: boolean;
}) {
  const shop = useShop();
  const { setParam } = useUrlFilters();
  const figures = useSalesReport(shop.slug, report, query);
  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {dayRange}
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
            <Figures
              about={`${ABOUT[data.report]} ${formatDay(data.period.from)} – ${formatDay(data.period.to)}${
                data.comparison
                  ? `, compared with ${formatDay(data.comparison.from)} – ${formatDay(data.comparison.to)}`
                  : ''
              }.`}
              chart={<ReportChart report={data} />}
              table={<ReportTable report={data} label={TITLES[data.report]} />}
            />
          )}
        </QueryView>
      )}
    </>
  );
}

function StockReports({ report, query }: { report: StockReportName; query: StockReportQuery }) {
  const shop = useShop();
  const { setParam } = useUrlFilters();
  const figures = useStockReport(shop.slug, report, query);
  return (
    <>
      {report === 'dead-stock' && (
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="No sale in"
            data={DEAD_STOCK_DAYS.map((days) => ({ value: days, label: `${days} days` }))}
            value={String(query.days)}
            allowDeselect={false}
            onChange={(value) => setParam('days', value === '90' ? null : value)}
          />
        </Group>
      )}
      <QueryView query={figures} label="the report">
        {(data) => (
          <Figures
            about={`${ABOUT[data.report]} As the shop stands on ${formatDay(data.today)}.`}
            chart={<StockReportChart report={data} />}
            table={<ReportTable report={data} label={TITLES[data.report]} />}
          />
        )}
      </QueryView>
    </>
  );
}

function SupplierReports({
  report,
  query,
  dayRange,
  backwards,
}: {
  report: SupplierReportName;
  query: SupplierReportQuery;
  dayRange: ReactNode;
  backwards: boolean;
}) {
  const shop = useShop();
  const figures = useSupplierReport(shop.slug, report, query);
  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {dayRange}
      </Group>
      {!backwards && (
        <QueryView query={figures} label="the report">
          {(data) => (
            <Figures
              about={`${ABOUT[data.report]} ${formatDay(data.period.from)} – ${formatDay(data.period.to)}.`}
              chart={<SupplierReportChart report={data} />}
              table={<ReportTable report={data} label={TITLES[data.report]} />}
            />
          )}
        </QueryView>
      )}
    </>
  );
}
