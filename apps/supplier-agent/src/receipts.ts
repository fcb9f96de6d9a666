import { randomUUID } from 'node:crypto';
import type { DeliveryReceiptV1, ReceiptStage } from '@myb/contracts';

/** What the handler reports; the transport adds nothing but the way to the broker. */
export interface ReceiptReport {
  eventId: string;
  stage: ReceiptStage;
  recipients: string[];
  reason: string | null;
}

/**
 * Publishes a receipt back to the server on `receipts.<merchant>.<supplier>`. Resolves once the
 * broker has it (publisher confirm, PUBACK), so a message is acknowledged only after its receipt
 * is safe: a receipt lost with the agent comes again with the redelivery.
 */
export type ReceiptSender = (report: ReceiptReport) => Promise<void>;

/** For agents told not to publish receipts (a broker account that may only subscribe). */
export const noReceipts: ReceiptSender = () => Promise.resolve();

export function buildReceipt(
  merchant: string,
  supplier: string,
  agent: string,
  report: ReceiptReport,
): DeliveryReceiptV1 {
  return {
    id: randomUUID(),
    type: 'delivery.receipt',
    version: 1,
    occurredAt: new Date().toISOString(),
    eventId: report.eventId,
    merchant,
    supplier,
    stage: report.stage,
    recipients: report.recipients,
    reason: report.reason,
    agent,
  };
}
