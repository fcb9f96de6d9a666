import { parseAgentReply } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { AcknowledgementHandlers, ReceiptHandler } from '../../messaging/receipt-consumer';
import type { EventsRepository } from './events.repository';

/**
 * Reads one body from the receipts' routing key by its `type`: a delivery receipt becomes a step of
 * its event's trail; a `purchase_order.acknowledged` or an `order.acknowledged` goes to its handler
 * in `acknowledgements` (when this process records them). Anything unreadable is logged with the
 * reason and dropped, never retried.
 */
export function createReceiptHandler(
  events: EventsRepository,
  logger: FastifyBaseLogger,
  acknowledgements: AcknowledgementHandlers = {},
): ReceiptHandler {
  return async (body) => {
    const parsed = parseAgentReply(body);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason }, 'ignoring an unreadable receipt');
      return;
    }
    const reply = parsed.reply;
    if (reply.type !== 'delivery.receipt') {
      const recording = (() => {
        switch (reply.type) {
          case 'purchase_order.acknowledged':
            return acknowledgements[reply.type]?.(reply);
          case 'order.acknowledged':
            return acknowledgements[reply.type]?.(reply);
        }
      })();
      if (recording) {
        await recording;
      } else {
        logger.warn({ messageId: reply.id, type: reply.type }, 'ignoring an acknowledgement: this process does not record them');
      }
      return;
    }
    const receipt = reply;
    const result = await events.recordReceipt(receipt);
    if (result.kind === 'unknown-event') {
      // Every deployment's queue holds its own copy of each receipt on the virtual host (a topic
      // exchange copies a message to every queue bound to its key), so acknowledging this copy takes
      // nothing from the deployment that sent the event. One naming our own shop and supplier is
      // worth a warning: another deployment with the same names on this virtual host, or a forgery.
      const where = { eventId: receipt.eventId, merchant: receipt.merchant, supplier: receipt.supplier };
      if (result.ourSupplier) {
        logger.warn(where, "a receipt names one of this deployment's suppliers, for an event it never sent them: another deployment's with the same shop and supplier names on this broker, or forged; its sender has its own copy");
      } else {
        logger.debug(where, "another deployment's receipt (its own queue holds its copy)");
      }
      return;
    }
    logger.debug({ eventId: receipt.eventId, stage: receipt.stage, result: result.kind }, 'receipt');
  };
}
