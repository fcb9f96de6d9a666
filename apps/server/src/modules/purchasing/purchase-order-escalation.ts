import type { EventsService } from '../events/events.service';
import { unacknowledgedEmail } from './escalation-email';
import type { EscalationRepository } from './escalation.repository';
import type { EscalationKind } from './escalation.service';

/**
 * Sent purchase orders their supplier has not acknowledged: sent again as their `purchase_order.sent`,
 * the shop told with a link to the purchase order's page, where its lines can go to backup suppliers.
 */
export function purchaseOrderEscalation(
  escalation: EscalationRepository,
  { events, publicUrl }: { events: Pick<EventsService, 'resendLatestWithin'>; publicUrl: string },
): EscalationKind {
  return {
    name: 'purchase order',
    due: (limit) => escalation.due(limit),
    nextDueInMs: () => escalation.nextDueInMs(),
    claim: (trx, id, step) => escalation.within(trx).claim(id, step),
    async lock(trx, id) {
      const order = await escalation.within(trx).lockSent(id);
      return (
        order && {
          merchantId: order.merchant_id,
          resendDue: order.resend_due,
          tellShopDue: order.tell_shop_due,
          resend: (held, write) =>
            events.resendLatestWithin(held, write, { subjectId: id, type: 'purchase_order.sent' }),
          email: (to) =>
            unacknowledgedEmail(
              {
                what: order.number,
                supplierName: order.supplier_name,
                merchantName: order.merchant_name,
                timeZone: order.time_zone,
                sentAt: order.sent_at,
                dueAt: order.acknowledgement_due_at,
                lineCount: order.line_count,
                remedy: `Call ${order.supplier_name}, or open the purchase order and send its lines to each product's backup supplier in one go:`,
                open: `Open ${order.number}`,
              },
              to,
              `${publicUrl}/back-office/${order.merchant_slug}/purchase-orders/${order.id}`,
            ),
        }
      );
    },
  };
}
