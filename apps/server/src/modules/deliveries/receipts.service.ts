import { parseReceipt } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { DeliveriesRepository } from './deliveries.repository';

/**
 * Turns one receipt body from the broker into a step of its event's trail. Resolves when the
 * receipt may be acknowledged: recorded, recorded before, or unusable (logged, never retried, so a
 * bad receipt cannot loop). Rejects only when the database failed, and then it must come back.
 */
export type ReceiptHandler = (body: Uint8Array) => Promise<void>;

export function createReceiptHandler(
  deliveries: DeliveriesRepository,
  logger: FastifyBaseLogger,
): ReceiptHandler {
  return async (body) => {
    const parsed = parseReceipt(body);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason }, 'ignoring an unreadable receipt');
      return;
    }
    const { receipt } = parsed;
    const result = await deliveries.recordReceipt(receipt);
    if (result.kind === 'unknown-event') {
      logger.warn(
        { eventId: receipt.eventId, merchant: receipt.merchant, supplier: receipt.supplier },
        'ignoring a receipt for an event this server never sent to that supplier',
      );
      return;
    }
    logger.debug({ eventId: receipt.eventId, stage: receipt.stage, result: result.kind }, 'receipt');
  };
}
