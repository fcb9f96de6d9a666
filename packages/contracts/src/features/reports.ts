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

/**
 * A sales report's days, the shop's, both included, and what they are compared with: the same number
 * of days just before (`previous`), the same weekdays a year before (`year`: 52 weeks, 364 days, so a
 * Saturday is compared with a Saturday), or nothing.
 */
export const salesReportQuerySchema = z
  .object({
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
  })
  .refine((query) => query.from <= query.to, {
    message: 'The first day must come before the last.',
    path: ['to'],
  })
  .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS < MAX_REPORT_DAYS, {
    message: `A report reaches ${MAX_REPORT_DAYS} days at most: choose a shorter range.`,
    path: ['from'],
  });
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

/** How a column's numbers read: money in minor units, a count, a share in per cent, a plain label. */
export const reportColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'money', 'count', 'percent']),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;
export const reportCellSchema = z.union([z.string(), z.number(), z.null()]);

/**
 * A report: its days and what they are compared with, and one table — the columns and the rows the
 * screen shows under the chart, the chart draws from and the CSV export writes, so the three agree.
 */
export const salesReportSchema = z.object({
  report: z.enum(SALES_REPORTS),
  currency: currencySchema,
  period: z.object({ from: day, to: day }),
  comparison: z.object({ from: day, to: day }).nullable(),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), reportCellSchema)),
  /** The table's totals, keyed like its columns, where a total means something. */
  totals: z.record(z.string(), reportCellSchema).nullable(),
});
export type SalesReport = z.infer<typeof salesReportSchema>;

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
};
