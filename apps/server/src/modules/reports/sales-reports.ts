import { addDays, type ReportColumn, type SalesReportName, type SalesReportQuery } from '@myb/contracts';
import { count, money, percent, perCent, sumOf, text, totalsOf, type Row, type Table } from './report-table';
import type { Days, ReportsRepository, SalesSums } from './reports.repository';

export type ReportOptions = Required<Pick<SalesReportQuery, 'by' | 'rank' | 'order'>>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most rows the products report ranks. */
export const RANKED_PRODUCTS = 20;

/** The days a report's are compared with: as many just before, or 52 weeks before (weekdays line up). */
export function comparisonOf(period: Days, compare: 'previous' | 'year' | 'none'): Days | null {
  if (compare === 'none') {
    return null;
  }
  const length = Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS) + 1;
  const back = compare === 'year' ? 364 : length;
  return { from: addDays(period.from, -back), to: addDays(period.to, -back) };
}

const changeOf = (now: number, then: number) => (then === 0 ? null : perCent(now - then, Math.abs(then)));

/** Stretches of sales added together. */
export function summed(groups: readonly SalesSums[]): SalesSums {
  return {
    net_minor: sumOf(groups, (group) => group.net_minor),
    sales: sumOf(groups, (group) => group.sales),
    total_minor: sumOf(groups, (group) => group.total_minor),
    refunds: sumOf(groups, (group) => group.refunds),
    refunded_minor: sumOf(groups, (group) => group.refunded_minor),
  };
}
/** What a sale came to on average, tax included; null without sales. */
export const averageTicket = (sums: SalesSums) =>
  sums.sales === 0 ? null : Math.round(Number(sums.total_minor) / sums.sales);

const salesCells = (sums: SalesSums): Row => ({
  netSales: Number(sums.net_minor),
  sales: sums.sales,
  averageTicket: averageTicket(sums),
  refunds: sums.refunds,
  refunded: Number(sums.refunded_minor),
});
const SALES_COLUMNS = [
  money('netSales', 'Net sales'),
  count('sales', 'Sales'),
  money('averageTicket', 'Average ticket'),
  count('refunds', 'Refunds'),
  money('refunded', 'Refunded'),
];

/**
 * Rows with their share of the net sales, and, against a comparison, their net sales then and the
 * change (matched by `key`): a breakdown's columns after its own.
 */
function breakdown(rows: Row[], then: Map<string, number> | null): { rows: Row[]; columns: ReportColumn[] } {
  const whole = sumOf(rows, (row) => Number(row.netSales));
  const shared = rows.map((row): Row => ({ ...row, share: perCent(Number(row.netSales), whole) }));
  if (!then) {
    return { rows: shared, columns: [percent('share', 'Share')] };
  }
  return {
    rows: shared.map((row) => {
      const before = then.get(String(row.key)) ?? 0;
      return { ...row, netSalesThen: before, change: changeOf(Number(row.netSales), before) };
    }),
    columns: [
      percent('share', 'Share'),
      money('netSalesThen', 'Net sales then'),
      percent('change', 'Change'),
    ],
  };
}
const netSalesByKey = (rows: Row[]) => new Map(rows.map((row) => [String(row.key), Number(row.netSales)]));

/** Averages, which do not add up. */
const NOT_ADDED = ['averageTicket', 'marginPercent'];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const METHODS: Record<string, string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
  online: 'Online',
};
const CHANNELS: Record<string, string> = { register: 'Register', online: 'Online' };
const BUCKETS = { day: 'Day', week: 'Week from', month: 'Month' };

/**
 * Each sales report's table, read from the summaries only: the period's figures and, where it compares,
 * the comparison period's read the same way. Net sales are after discounts and before tax, less refunds;
 * a margin is net sales less their cost at the product's average cost when sold, over what was sold with
 * a cost known (`null` when none was).
 */
export function salesReportTables(reports: ReportsRepository, merchantId: string) {
  /** A breakdown read for the period and, when compared, for the comparison too. */
  const both = async <Result>(period: Days, comparison: Days | null, read: (days: Days) => Promise<Result>) =>
    Promise.all([read(period), comparison ? read(comparison) : Promise.resolve(null)]);

  const byChannel = async (days: Days): Promise<Row[]> => {
    const groups = await reports.salesByStaff(merchantId, days);
    return Object.entries(CHANNELS).map(([key, label]) => ({
      key,
      channel: label,
      ...salesCells(summed(groups.filter((group) => group.channel === key))),
    }));
  };

  const byStaff = async (days: Days): Promise<Row[]> =>
    (await reports.salesByStaff(merchantId, days))
      .filter((group) => group.channel === 'register')
      .map((group): Row => ({
        key: group.staff_id,
        staff: group.staff_name,
        ...salesCells(group),
        voidedLines: group.voided_lines,
        voided: Number(group.voided_minor),
      }))
      .sort((a, b) => Number(b.netSales) - Number(a.netSales));

  const byPayment = async (days: Days): Promise<Row[]> =>
    (await reports.payments(merchantId, days))
      .map((group) => ({
        key: group.method,
        method: METHODS[group.method] ?? group.method,
        payments: group.payments,
        paid: Number(group.paid_minor),
        refunds: group.refunds,
        refunded: Number(group.refunded_minor),
        // What the method brought in, net: the slice of the chart.
        netSales: Number(group.paid_minor) - Number(group.refunded_minor),
      }))
      .sort((a, b) => b.netSales - a.netSales);

  const margins = (net: number, costedNet: number, cost: number) => ({
    margin: costedNet === 0 && cost === 0 ? null : costedNet - cost,
    marginPercent: costedNet === 0 ? null : perCent(costedNet - cost, costedNet),
  });

  const byProduct = async (days: Days) =>
    (await reports.productSales(merchantId, days)).map((product) => ({
      key: product.product_id,
      sku: product.sku,
      product: product.name,
      categoryKey: product.category_id ?? 'none',
      category: product.category_name ?? 'No category',
      quantity: product.quantity,
      netSales: Number(product.net_minor),
      costedNet: Number(product.costed_net_minor),
      cost: Number(product.cost_minor),
    }));

  const byCategory = async (days: Days): Promise<Row[]> => {
    const products = await byProduct(days);
    const categories = new Map<string, typeof products>();
    for (const product of products) {
      categories.set(product.categoryKey, [...(categories.get(product.categoryKey) ?? []), product]);
    }
    return [...categories.entries()]
      .map(([key, members]) => {
        const net = sumOf(members, (member) => member.netSales);
        return {
          key,
          category: members[0]!.category,
          quantity: sumOf(members, (member) => member.quantity),
          netSales: net,
          ...margins(
            net,
            sumOf(members, (member) => member.costedNet),
            sumOf(members, (member) => member.cost),
          ),
        };
      })
      .sort((a, b) => b.netSales - a.netSales);
  };

  const tables: Record<
    SalesReportName,
    (period: Days, comparison: Days | null, options: ReportOptions) => Promise<Table>
  > = {
    async trend(period, comparison, { by }) {
      const [now, then] = await both(period, comparison, (days) =>
        reports.salesBuckets(merchantId, days, by),
      );
      const columns = [
        text('bucket', BUCKETS[by]),
        ...SALES_COLUMNS,
        ...(then
          ? [
              text('bucketThen', 'Compared with'),
              money('netSalesThen', 'Net sales then'),
              percent('change', 'Change'),
            ]
          : []),
      ];
      const rows = now.map((bucket, index) => {
        const row: Row = {
          key: bucket.bucket,
          // A week or a month the period starts inside of is shown from the period's first day.
          bucket: bucket.bucket < period.from ? period.from : bucket.bucket,
          ...salesCells(bucket),
        };
        if (then) {
          const before = then[index];
          row.bucketThen = before
            ? before.bucket < comparison!.from
              ? comparison!.from
              : before.bucket
            : null;
          row.netSalesThen = before ? Number(before.net_minor) : null;
          row.change = before ? changeOf(Number(bucket.net_minor), Number(before.net_minor)) : null;
        }
        return row;
      });
      const totals: Row = { key: 'total', bucket: 'Total', ...salesCells(summed(now)) };
      if (then) {
        totals.netSalesThen = sumOf(then, (bucket) => bucket.net_minor);
        totals.change = changeOf(Number(totals.netSales), Number(totals.netSalesThen));
      }
      return { columns, rows, totals };
    },

    async hours(period) {
      const cells = await reports.salesByWeekdayHour(merchantId, period);
      const hours = Array.from({ length: 24 }, (_, hour) => hour);
      const columns = [
        text('weekday', 'Weekday'),
        ...hours.map((hour) => money(`h${hour}`, `${String(hour).padStart(2, '0')}:00`)),
        money('netSales', 'Net sales'),
      ];
      const rows = WEEKDAYS.map((weekday, index) => {
        const row: Row = { key: String(index + 1), weekday };
        for (const hour of hours) {
          const cell = cells.find((each) => each.weekday === index + 1 && each.hour === hour);
          row[`h${hour}`] = cell ? Number(cell.net_minor) : 0;
        }
        row.netSales = sumOf(hours, (hour) => Number(row[`h${hour}`]));
        return row;
      });
      return { columns, rows, totals: totalsOf(rows, columns, 'weekday', NOT_ADDED) };
    },

    async channels(period, comparison) {
      const [now, then] = await both(period, comparison, byChannel);
      const shared = breakdown(now, then && netSalesByKey(then));
      const columns = [text('channel', 'Channel'), ...SALES_COLUMNS, ...shared.columns];
      return { columns, rows: shared.rows, totals: totalsOf(shared.rows, columns, 'channel', NOT_ADDED) };
    },

    async staff(period, comparison) {
      const [now, then] = await both(period, comparison, byStaff);
      const shared = breakdown(now, then && netSalesByKey(then));
      const columns = [
        text('staff', 'Staff member'),
        ...SALES_COLUMNS,
        count('voidedLines', 'Lines voided'),
        money('voided', 'Voided'),
        ...shared.columns,
      ];
      return { columns, rows: shared.rows, totals: totalsOf(shared.rows, columns, 'staff', NOT_ADDED) };
    },

    async payments(period, comparison) {
      const [now, then] = await both(period, comparison, byPayment);
      const shared = breakdown(now, then && netSalesByKey(then));
      const columns = [
        text('method', 'Payment method'),
        count('payments', 'Payments'),
        money('paid', 'Paid'),
        count('refunds', 'Refunds'),
        money('refunded', 'Refunded'),
        money('netSales', 'Net taken'),
        ...shared.columns,
      ];
      return { columns, rows: shared.rows, totals: totalsOf(shared.rows, columns, 'method', NOT_ADDED) };
    },

    async categories(period, comparison) {
      const [now, then] = await both(period, comparison, byCategory);
      const shared = breakdown(now, then && netSalesByKey(then));
      const columns = [
        text('category', 'Category'),
        count('quantity', 'Quantity'),
        money('netSales', 'Net sales'),
        money('margin', 'Margin'),
        percent('marginPercent', 'Margin %'),
        ...shared.columns,
      ];
      return { columns, rows: shared.rows, totals: totalsOf(shared.rows, columns, 'category', NOT_ADDED) };
    },

    async products(period, comparison, { rank, order }) {
      const [now, then] = await both(period, comparison, byProduct);
      const rankOf = (row: Row) =>
        rank === 'quantity'
          ? Number(row.quantity)
          : rank === 'margin'
            ? Number(row.margin ?? 0)
            : Number(row.netSales);
      const ranked = now
        .map(({ key, sku, product, category, quantity, netSales, costedNet, cost }) => ({
          key,
          sku,
          product,
          category,
          quantity,
          netSales,
          ...margins(netSales, costedNet, cost),
        }))
        .sort(
          (a, b) =>
            (order === 'top' ? rankOf(b) - rankOf(a) : rankOf(a) - rankOf(b)) || a.sku.localeCompare(b.sku),
        )
        .slice(0, RANKED_PRODUCTS);
      const shared = breakdown(ranked, then && netSalesByKey(then));
      const columns = [
        text('sku', 'SKU'),
        text('product', 'Product'),
        text('category', 'Category'),
        count('quantity', 'Quantity'),
        money('netSales', 'Net sales'),
        money('margin', 'Margin'),
        percent('marginPercent', 'Margin %'),
        ...shared.columns.filter((column) => column.key !== 'share'),
      ];
      return { columns, rows: shared.rows.map(({ share: _share, ...row }) => row), totals: null };
    },
  };
  return tables;
}
