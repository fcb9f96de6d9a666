import {
  salesReportQuerySchema,
  stockReportQuerySchema,
  supplierReportQuerySchema,
  type Dashboard,
  type SalesFigures,
  type SalesReport,
  type SalesReportName,
  type SalesReportQuery,
  type StockReport,
  type StockReportName,
  type StockReportQuery,
  type SupplierReport,
  type SupplierReportName,
  type SupplierReportQuery,
} from '@myb/contracts';
import type { ShopCaller } from '../access/access';
import type { EventsService } from '../events/events.service';
import type { OrderAcknowledgementsRepository } from '../order-acknowledgements/order-acknowledgements.repository';
import type { HourOfSales, ReportsRepository } from './reports.repository';
import { averageTicket, comparisonOf, salesReportTables, summed } from './sales-reports';
import { stockReportTables } from './stock-reports';
import { supplierReportTables } from './supplier-reports';

/** How far back the dashboard looks for messages to suppliers that went wrong. */
const TROUBLE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

function figuresOf(hours: HourOfSales[]): SalesFigures {
  const sums = summed(hours);
  return {
    netSalesMinor: Number(sums.net_minor),
    sales: sums.sales,
    averageTicketMinor: averageTicket(sums),
    refunds: sums.refunds,
    refundedMinor: Number(sums.refunded_minor),
  };
}

export function createReportsService(
  { reports }: { reports: ReportsRepository },
  {
    events,
    acknowledgements,
  }: {
    events: Pick<EventsService, 'troubleSince' | 'deliveryTimes'>;
    acknowledgements: Pick<OrderAcknowledgementsRepository, 'overdue'>;
  },
) {
  return {
    /**
     * Today so far against the same weekday last week up to the same hour (a whole day against part of
     * one would always look like a bad day), and what waits on the shop now.
     */
    async dashboard({ shop }: ShopCaller): Promise<Dashboard> {
      const now = await reports.shopNow(shop.time_zone);
      const since = new Date(Date.now() - TROUBLE_WINDOW_MS);
      const [hours, waiting, trouble, unacknowledged] = await Promise.all([
        reports.hoursOf(shop.id, [now.today, now.last_week]),
        reports.waiting(shop.id),
        events.troubleSince(shop.id, since),
        acknowledgements.overdue(shop.id),
      ]);
      const today = hours.filter((hour) => hour.day === now.today);
      const lastWeek = hours.filter((hour) => hour.day === now.last_week);
      const netAt = (day: HourOfSales[], at: number) =>
        Number(day.find((hour) => hour.hour === at)?.net_minor ?? 0);
      return {
        currency: shop.currency,
        timeZone: shop.time_zone,
        today: now.today,
        lastWeek: now.last_week,
        hour: now.hour,
        sales: {
          today: figuresOf(today),
          lastWeek: figuresOf(lastWeek.filter((hour) => hour.hour <= now.hour)),
          lastWeekWholeDay: figuresOf(lastWeek),
        },
        hourly: Array.from({ length: 24 }, (_, hour) => ({
          hour,
          todayMinor: netAt(today, hour),
          lastWeekMinor: netAt(lastWeek, hour),
        })),
        ordersWaiting: waiting.orders_waiting,
        lowStock: waiting.low_stock,
        purchaseOrders: { overdue: waiting.overdue, unacknowledged: waiting.unacknowledged },
        supplierMessages: { ...trouble, overdue: unacknowledged.length, since: since.toISOString() },
        openShifts: waiting.open_shifts,
      };
    },

    /** One sales report over the shop's days, against the comparison period asked for. */
    async salesReport(
      { shop }: ShopCaller,
      report: SalesReportName,
      query: SalesReportQuery,
    ): Promise<SalesReport> {
      const { from, to, compare, by, rank, order } = salesReportQuerySchema.parse(query);
      const period = { from, to };
      // The hours of the week are read over the period alone: a heat map compares its own cells.
      const comparison = report === 'hours' ? null : comparisonOf(period, compare);
      const table = await salesReportTables(reports, shop.id)[report](period, comparison, {
        by,
        rank,
        order,
      });
      return { report, currency: shop.currency, period, comparison, ...table };
    },

    /** One stock report as the shop stands now. */
    async stockReport(
      { shop }: ShopCaller,
      report: StockReportName,
      query: StockReportQuery,
    ): Promise<StockReport> {
      const { days } = stockReportQuerySchema.parse(query);
      const { today } = await reports.shopNow(shop.time_zone);
      const table = await stockReportTables(reports, shop.id)[report](today, { days });
      return {
        report,
        currency: shop.currency,
        today,
        days: report === 'dead-stock' ? days : null,
        ...table,
      };
    },

    /** One supplier report over the shop's days. */
    async supplierReport(
      { shop }: ShopCaller,
      report: SupplierReportName,
      query: SupplierReportQuery,
    ): Promise<SupplierReport> {
      const { from, to } = supplierReportQuerySchema.parse(query);
      const period = { from, to };
      const table = await supplierReportTables(reports, events, shop)[report](period);
      return { report, currency: shop.currency, period, ...table };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
