import type { SupplierReportName } from '@myb/contracts';
import type { EventsService } from '../events/events.service';
import { count, decimal, oneDecimal, percent, perCent, text, type Row, type Table } from './report-table';
import type { Days, ReportsRepository } from './reports.repository';

/** A row per supplier, and the totals: all suppliers together (the row without a supplier). */
function perSupplier<Group extends { supplier_id: string | null }>(
  groups: Group[],
  cells: (group: Group) => Row,
): Pick<Table, 'rows' | 'totals'> {
  const total = groups.find((group) => group.supplier_id === null);
  return {
    rows: groups
      .filter((group) => group.supplier_id !== null)
      .map((group) => ({ key: group.supplier_id, ...cells(group) })),
    // Without any supplier's row the grand total is all zeros: no totals then.
    totals: total && groups.length > 1 ? { key: 'total', ...cells(total), supplier: 'Total' } : null,
  };
}

/**
 * Each supplier report's table over the shop's days: purchase orders by the day they were first sent,
 * messages by the day they were written. Lead times are in days and acknowledgement times in hours,
 * delivery times in seconds, each to one decimal.
 */
export function supplierReportTables(
  reports: ReportsRepository,
  events: Pick<EventsService, 'deliveryTimes'>,
  shop: { id: string; time_zone: string },
) {
  const tables: Record<SupplierReportName, (period: Days) => Promise<Table>> = {
    async 'purchase-orders'(period) {
      const groups = await reports.purchaseOrderTimes(shop.id, shop.time_zone, period);
      const columns = [
        text('supplier', 'Supplier'),
        count('sent', 'Sent'),
        count('received', 'Received'),
        decimal('leadTimeAverage', 'Lead time, average (days)'),
        decimal('leadTimeP90', 'Lead time, p90 (days)'),
        count('judged', 'Due'),
        count('onTime', 'On time'),
        percent('onTimeRate', 'On-time rate'),
        percent('fillRate', 'Fill rate'),
        count('acknowledged', 'Acknowledged'),
        decimal('acknowledgementAverage', 'Acknowledged in, average (hours)'),
        decimal('acknowledgementP90', 'Acknowledged in, p90 (hours)'),
      ];
      return {
        columns,
        ...perSupplier(groups, (group) => ({
          supplier: group.supplier_name,
          sent: group.sent,
          received: group.received,
          leadTimeAverage: oneDecimal(group.lead_days_average),
          leadTimeP90: oneDecimal(group.lead_days_p90),
          judged: group.judged,
          onTime: group.on_time,
          onTimeRate: perCent(group.on_time, group.judged),
          fillRate: perCent(group.received_done, group.ordered_done),
          acknowledged: group.acknowledged,
          acknowledgementAverage: oneDecimal(group.acknowledgement_hours_average),
          acknowledgementP90: oneDecimal(group.acknowledgement_hours_p90),
        })),
      };
    },

    async messages(period) {
      const groups = await events.deliveryTimes(shop.id, shop.time_zone, period);
      const columns = [
        text('supplier', 'Supplier'),
        count('messages', 'Messages'),
        count('orders', 'Orders'),
        count('purchaseOrders', 'Purchase orders'),
        count('emailed', 'E-mailed'),
        decimal('deliveryAverage', 'E-mailed in, average (seconds)'),
        decimal('deliveryP90', 'E-mailed in, p90 (seconds)'),
        count('failed', 'Failed'),
      ];
      return {
        columns,
        ...perSupplier(groups, (group) => ({
          supplier: group.supplier_name,
          messages: group.messages,
          orders: group.orders,
          purchaseOrders: group.purchase_orders,
          emailed: group.emailed,
          deliveryAverage: oneDecimal(group.seconds_average),
          deliveryP90: oneDecimal(group.seconds_p90),
          failed: group.failed,
        })),
      };
    },
  };
  return tables;
}
