import type { EventsService } from '../events/events.service';
import { unacknowledgedEmail } from '../purchasing/escalation-email';
import type { EscalationKind } from '../purchasing/escalation.service';
import type { OrderAcknowledgementsRepository } from './order-acknowledgements.repository';

/**
 * Dispatched orders' messages their supplier has not acknowledged: sent again as the message log
 * resends a message (the latest `order.dispatched` of the order to that supplier), the shop told with
 * a link to its messages about the order.
 */
export function orderMessageEscalation(
  acknowledgements: OrderAcknowledgementsRepository,
  { events, publicUrl }: { events: Pick<EventsService, 'resendLatestWithin'>; publicUrl: string },
): EscalationKind {
  return {
    name: 'order message',
    due: (limit) => acknowledgements.due(limit),
    nextDueInMs: () => acknowledgements.nextDueInMs(),
    claim: (trx, id, step) => acknowledgements.within(trx).claim(id, step),
    async lock(trx, id) {
      const message = await acknowledgements.within(trx).lockUnacknowledged(id);
      return (
        message && {
          merchantId: message.merchant_id,
          resendDue: message.resend_due,
          tellShopDue: message.tell_shop_due,
          resend: (held, write) =>
            events.resendLatestWithin(held, write, {
              subjectId: message.order_id,
              type: 'order.dispatched',
              supplierId: message.supplier_id,
            }),
          email: (to) =>
            unacknowledgedEmail(
              {
                what: `order ${message.order_number}`,
                supplierName: message.supplier_name,
                merchantName: message.merchant_name,
                timeZone: message.time_zone,
                sentAt: message.sent_at,
                dueAt: message.acknowledgement_due_at,
                lineCount: message.line_count,
                remedy: `Call ${message.supplier_name}, or open the messages about the order:`,
                open: `Messages about ${message.order_number}`,
              },
              to,
              `${publicUrl}/back-office/${message.merchant_slug}/messages?order=${encodeURIComponent(message.order_number ?? '')}`,
            ),
        }
      );
    },
  };
}
