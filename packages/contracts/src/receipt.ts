import { z } from 'zod';
import { isSlug, slugSchema } from './slug';

/**
 * What a supplier's agent tells the server about one event it received: a public contract like the
 * events themselves, versioned the same way. Receipts travel on their own routing keys, three words
 * long (`receipts.<merchant>.<supplier>`), so they can never match an agent's two-word binding.
 */
export const RECEIPT_STAGES = ['delivered', 'emailed', 'failed'] as const;
export const receiptStageSchema = z.enum(RECEIPT_STAGES);
export type ReceiptStage = z.infer<typeof receiptStageSchema>;

export const deliveryReceiptV1Schema = z.object({
  /** The receipt's own id: a receipt that comes twice is recorded once. */
  id: z.uuid(),
  type: z.literal('delivery.receipt'),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The id of the event this receipt is about. */
  eventId: z.uuid(),
  merchant: slugSchema,
  supplier: slugSchema,
  /** delivered: received and readable; emailed: the mail server accepted it for `recipients`; failed: given up, see `reason`. */
  stage: receiptStageSchema,
  recipients: z.array(z.string()),
  reason: z.string().nullable(),
  /** Which device sent it (MQTT client id or AMQP queue), for the merchant's eyes only. */
  agent: z.string().max(200).nullable(),
});
export type DeliveryReceiptV1 = z.infer<typeof deliveryReceiptV1Schema>;

export const RECEIPT_ROUTING_PREFIX = 'receipts';

function assertSlugs(merchantSlug: string, supplierSlug: string): void {
  for (const slug of [merchantSlug, supplierSlug]) {
    if (!isSlug(slug)) {
      throw new Error(`"${slug}" is not a slug; routing keys and topics are built only from slugs`);
    }
  }
}

/** `receipts.<merchant>.<supplier>` on the same topic exchange as the events. */
export function receiptRoutingKey(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${RECEIPT_ROUTING_PREFIX}.${merchantSlug}.${supplierSlug}`;
}

/** `receipts/<merchant>/<supplier>`; RabbitMQ's MQTT plugin maps it to the routing key above. */
export function receiptTopic(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${RECEIPT_ROUTING_PREFIX}/${merchantSlug}/${supplierSlug}`;
}

/**
 * What the server subscribes to. Exactly three words, not `receipts.#`: a shop whose slug is
 * `receipts` would otherwise have its own dispatches (`receipts.<supplier>`) read as receipts.
 */
export const RECEIPTS_BINDING_KEY = `${RECEIPT_ROUTING_PREFIX}.*.*`;
export const RECEIPTS_SUBSCRIPTION_TOPIC = `${RECEIPT_ROUTING_PREFIX}/+/+`;

export type ParsedReceipt = { ok: true; receipt: DeliveryReceiptV1 } | { ok: false; reason: string };

/** Reads a receipt body as received from a broker; never throws, says why it refused. */
export function parseReceipt(body: Uint8Array | string): ParsedReceipt {
  let json: unknown;
  try {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not UTF-8 JSON' };
  }
  const result = deliveryReceiptV1Schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: `body is not a delivery receipt: ${issues}` };
  }
  return { ok: true, receipt: result.data };
}
