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
  supplierMessages: z.object({ failed: z.int(), notTaken: z.int(), since: z.iso.datetime({ offset: true }) }),
  openShifts: z.int(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

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
};
