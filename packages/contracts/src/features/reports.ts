import { z } from 'zod';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';

/**
 * The dashboard: what a shop's owner or manager opens first in the morning. Every figure is the shop's,
 * in its time zone: "today" starts at the shop's midnight.
 */

const tags = ['reports'];
const day = z.iso.date();

/** A stretch of sales: `net` is after discounts and before tax, less what was refunded. */
export const salesFiguresSchema = z.object({
  netSalesMinor: z.int(),
  sales: z.int(),
  /** What a sale came to on average (tax included); null without sales. */
  averageTicketMinor: z.int().nullable(),
  refunds: z.int(),
  refundedMinor: z.int(),
});
export type SalesFigures = z.infer<typeof salesFiguresSchema>;

export const dashboardSchema = z.object({
  currency: currencySchema,
  timeZone: z.string(),
  /** The shop's today, and the same weekday a week before. */
  today: day,
  lastWeek: day,
  /** The shop's hour now (0–23): last week's figures are taken up to the end of this hour. */
  hour: z.int().min(0).max(23),
  sales: z.object({
    today: salesFiguresSchema,
    /** The same weekday last week, up to the same hour. */
    lastWeek: salesFiguresSchema,
    /** The same weekday last week, the whole day. */
    lastWeekWholeDay: salesFiguresSchema,
  }),
  /** Net sales per hour of the shop's day, today and the same weekday last week (24 entries). */
  hourly: z.array(z.object({ hour: z.int(), todayMinor: z.int(), lastWeekMinor: z.int() })),
  /** Online orders placed and not yet dispatched. */
  ordersWaiting: z.int(),
  /** Products with a reorder rule at or under their minimum. */
  lowStock: z.int(),
  purchaseOrders: z.object({
    /** Sent and not acknowledged by the supplier's deadline. */
    overdue: z.int(),
    /** Sent and not yet acknowledged, overdue or not. */
    unacknowledged: z.int(),
  }),
  /** Messages to suppliers over the last seven days that failed, or that no supplier device took. */
  supplierMessages: z.object({
    failed: z.int(),
    notTaken: z.int(),
    since: z.iso.datetime({ offset: true }),
    /** Orders' messages the shop asked suppliers to acknowledge, past their deadline, whenever sent. */
    overdue: z.int(),
  }),
  openShifts: z.int(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The longest a report reaches: two years and a day (a leap year's). */
export const MAX_REPORT_DAYS = 732;
const DAY_MS = 24 * 60 * 60 * 1000;

const reportDay = (which: string) =>
  z.iso.date({ error: `Give the ${which} day as YYYY-MM-DD, such as 2026-12-06.` });

/** A report's days, the shop's, both included: the first before the last, at most two years apart. */
function withinReportReach<Schema extends z.ZodType<{ from: string; to: string }>>(schema: Schema) {
  return schema
    .refine((query) => query.from <= query.to, {
      message: 'The first day must come before the last.',
      path: ['to'],
    })
    .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS < MAX_REPORT_DAYS, {
      message: `A report reaches ${MAX_REPORT_DAYS} days at most: choose a shorter range.`,
      path: ['from'],
    });
}

/**
 * A sales report's days, the shop's, both included, and what they are compared with: the same number
 * of days just before (`previous`), the same weekdays a year before (`year`: 52 weeks, 364 days, so a
 * Saturday is compared with a Saturday), or nothing.
 */
export const salesReportQuerySchema = withinReportReach(
  z.object({
    from: reportDay('first'),
    to: reportDay('last'),
    compare: z
      .enum(['previous', 'year', 'none'], { error: 'Compare with previous, year or none.' })
      .default('previous'),
    /** The trend's buckets. */
    by: z.enum(['day', 'week', 'month'], { error: 'Group by day, week or month.' }).default('day'),
    /** The products report: what ranks them, and whether the best or the worst come first. */
    rank: z
      .enum(['revenue', 'quantity', 'margin'], { error: 'Rank by revenue, quantity or margin.' })
      .default('revenue'),
    order: z.enum(['top', 'bottom'], { error: 'Show the top or the bottom.' }).default('top'),
  }),
);
export type SalesReportQuery = z.input<typeof salesReportQuerySchema>;

export const SALES_REPORTS = [
  'trend',
  'hours',
  'channels',
  'categories',
  'payments',
  'products',
  'staff',
] as const;
export type SalesReportName = (typeof SALES_REPORTS)[number];
export const salesReportParams = merchantParams.extend({
  report: z.enum(SALES_REPORTS, { error: `Ask for one of these reports: ${SALES_REPORTS.join(', ')}.` }),
});

/**
 * How a column's numbers read: money in minor units, a count, a share in per cent, a measure with one
 * decimal whose unit its label names (days, hours, seconds), a plain label.
 */
export const reportColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'money', 'count', 'percent', 'decimal']),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;
export const reportCellSchema = z.union([z.string(), z.number(), z.null()]);

/**
 * One table — the columns and the rows the screen shows under the chart, the chart draws from and the
 * CSV export writes, so the three agree — in the shop's currency.
 */
export const reportTableSchema = z.object({
  currency: currencySchema,
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), reportCellSchema)),
  /** The table's totals, keyed like its columns, where a total means something. */
  totals: z.record(z.string(), reportCellSchema).nullable(),
});
export type ReportTable = z.infer<typeof reportTableSchema>;

/** A sales report: its days and what they are compared with, and its table. */
export const salesReportSchema = reportTableSchema.extend({
  report: z.enum(SALES_REPORTS),
  period: z.object({ from: day, to: day }),
  comparison: z.object({ from: day, to: day }).nullable(),
});
export type SalesReport = z.infer<typeof salesReportSchema>;

/**
 * The stock reports, as the shop stands now: what its stock is worth at average cost (`valuation`), what
 * sits unsold (`dead-stock`), and what runs low with how many days it lasts (`low-stock`).
 */
export const STOCK_REPORTS = ['valuation', 'dead-stock', 'low-stock'] as const;
export type StockReportName = (typeof STOCK_REPORTS)[number];
export const stockReportParams = merchantParams.extend({
  report: z.enum(STOCK_REPORTS, { error: `Ask for one of these reports: ${STOCK_REPORTS.join(', ')}.` }),
});
/** The longest a product may sit unsold that the dead stock report looks back: two years. */
export const MAX_DEAD_STOCK_DAYS = 730;
export const stockReportQuerySchema = z.object({
  /** Dead stock: no sale in this many days, today included. */
  days: z.coerce
    .number({ error: 'Give the days as a whole number, such as 90.' })
    .int({ error: 'Give the days as a whole number, such as 90.' })
    .min(1, { error: 'Look back one day at least.' })
    .max(MAX_DEAD_STOCK_DAYS, { error: `Look back ${MAX_DEAD_STOCK_DAYS} days at most.` })
    .default(90),
});
export type StockReportQuery = z.input<typeof stockReportQuerySchema>;
export const stockReportSchema = reportTableSchema.extend({
  report: z.enum(STOCK_REPORTS),
  /** The shop's day the report was read on: the stock is as it stood then. */
  today: day,
  /** Dead stock: its days without a sale; null for the other reports. */
  days: z.int().nullable(),
});
export type StockReport = z.infer<typeof stockReportSchema>;

/**
 * The supplier reports over days of the shop: how each supplier handled the purchase orders sent to it
 * (`purchase-orders`), and how fast the shop's messages reached its people (`messages`).
 */
export const SUPPLIER_REPORTS = ['purchase-orders', 'messages'] as const;
export type SupplierReportName = (typeof SUPPLIER_REPORTS)[number];
export const supplierReportParams = merchantParams.extend({
  report: z.enum(SUPPLIER_REPORTS, {
    error: `Ask for one of these reports: ${SUPPLIER_REPORTS.join(', ')}.`,
  }),
});
export const supplierReportQuerySchema = withinReportReach(
  z.object({ from: reportDay('first'), to: reportDay('last') }),
);
export type SupplierReportQuery = z.input<typeof supplierReportQuerySchema>;
export const supplierReportSchema = reportTableSchema.extend({
  report: z.enum(SUPPLIER_REPORTS),
  period: z.object({ from: day, to: day }),
});
export type SupplierReport = z.infer<typeof supplierReportSchema>;

export const reportRoutes = {
  dashboard: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/dashboard',
    summary:
      "The shop's day so far against the same weekday last week, and what needs doing: orders to dispatch, low stock, late purchase orders, troubled messages, open shifts",
    tags,
    permission: 'reports',
    params: merchantParams,
    responses: { 200: dashboardSchema },
  }),
  sales: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/sales/:report',
    summary:
      'A sales report over days of the shop, against a comparison period: trend, hours (weekday × hour), channels, categories, payments, products or staff',
    tags,
    permission: 'reports',
    params: salesReportParams,
    query: salesReportQuerySchema,
    responses: { 200: salesReportSchema },
  }),
  salesCsv: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/sales/:report/export',
    summary: "The same report's table as a CSV download (money in the currency's units, days the shop's)",
    tags,
    permission: 'reports',
    params: salesReportParams,
    query: salesReportQuerySchema,
    responses: { 200: z.string().describe('text/csv') },
  }),
  stock: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/stock/:report',
    summary:
      'A stock report as the shop stands now: valuation at average cost, dead stock (no sale in the days given) or low stock with its days of cover',
    tags,
    permission: 'reports',
    params: stockReportParams,
    query: stockReportQuerySchema,
    responses: { 200: stockReportSchema },
  }),
  stockCsv: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/stock/:report/export',
    summary: "The same stock report's table as a CSV download (money in the currency's units)",
    tags,
    permission: 'reports',
    params: stockReportParams,
    query: stockReportQuerySchema,
    responses: { 200: z.string().describe('text/csv') },
  }),
  suppliers: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/suppliers/:report',
    summary:
      'A supplier report over days of the shop: purchase orders (lead time, on-time and fill rates, acknowledgement time) or messages (delivery time, failures)',
    tags,
    permission: 'reports',
    params: supplierReportParams,
    query: supplierReportQuerySchema,
    responses: { 200: supplierReportSchema },
  }),
  suppliersCsv: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reports/suppliers/:report/export',
    summary: "The same supplier report's table as a CSV download",
    tags,
    permission: 'reports',
    params: supplierReportParams,
    query: supplierReportQuerySchema,
    responses: { 200: z.string().describe('text/csv') },
  }),
};
