import { z } from 'zod';
import { messageJsonSchema } from './envelope';
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

/**
 * A supplier's answer to `purchase_order.sent`, published on the receipts' routing key and topic
 * (the event's `replyTo`): how many of each line it will deliver, and on which day. Its fields carry
 * their descriptions, so its JSON Schema (`purchaseOrderAcknowledgedJsonSchema`) documents itself.
 */
export const purchaseOrderAcknowledgedV1Schema = z.object({
  id: z.uuid().describe("The message's own id: a message delivered twice is recorded once."),
  type: z.literal('purchase_order.acknowledged'),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }).describe('When the supplier acknowledged.'),
  purchaseOrder: z
    .object({ id: z.uuid(), number: z.string().min(1) })
    .describe('The purchase order, as `purchase_order.sent` named it.'),
  merchant: slugSchema.describe("The shop's slug, as in `purchase_order.sent`."),
  supplier: slugSchema.describe("The supplier's slug, as in `purchase_order.sent`."),
  deliveryOn: z.iso.date().describe('The day the supplier will deliver (YYYY-MM-DD).'),
  lines: z
    .array(
      z.object({
        sku: z.string().min(1).describe("The shop's SKU, as the line of `purchase_order.sent` gave it."),
        quantity: z.int().nonnegative().describe('How many the supplier will deliver: 0 up to what was ordered.'),
      }),
    )
    .min(1)
    .describe('Every line of the purchase order, once each.'),
  note: z.string().max(2000).optional().describe("The supplier's note to the shop."),
  agent: z.string().max(200).optional().describe('Which device sent it, for the shop to see.'),
});
export type PurchaseOrderAcknowledgedV1 = z.infer<typeof purchaseOrderAcknowledgedV1Schema>;

/** `purchase_order.acknowledged` v1 as JSON Schema, as the README documents it. */
export const purchaseOrderAcknowledgedJsonSchema = () => messageJsonSchema(purchaseOrderAcknowledgedV1Schema);

/**
 * A supplier's acknowledgement of a dispatched order's message that the shop asked it to acknowledge
 * (`order.dispatched` carrying `acknowledgeUrl`), published on the receipts' routing key and topic.
 * Its fields carry their descriptions, so its JSON Schema (`orderAcknowledgedJsonSchema`) documents itself.
 */
export const orderAcknowledgedV1Schema = z.object({
  id: z.uuid().describe("The message's own id: a message delivered twice is recorded once."),
  type: z.literal('order.acknowledged'),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }).describe('When the supplier acknowledged.'),
  eventId: z
    .uuid()
    .describe('The `id` of the `order.dispatched` message acknowledged (of the first one, or of a copy sent again).'),
  order: z.object({ id: z.uuid(), number: z.string().min(1) }).describe('The order, as `order.dispatched` named it.'),
  merchant: slugSchema.describe("The shop's slug, as in `order.dispatched`."),
  supplier: slugSchema.describe("The supplier's slug, as in `order.dispatched`."),
  agent: z.string().max(200).optional().describe('Which device sent it, for the shop to see.'),
});
export type OrderAcknowledgedV1 = z.infer<typeof orderAcknowledgedV1Schema>;

/** `order.acknowledged` v1 as JSON Schema, as the README documents it. */
export const orderAcknowledgedJsonSchema = () => messageJsonSchema(orderAcknowledgedV1Schema);

/** What a supplier acknowledges with, on the receipts' routing key: a purchase order or an order's message. */
export type SupplierAcknowledgement = PurchaseOrderAcknowledgedV1 | OrderAcknowledgedV1;

export type ParsedReceipt = { ok: true; receipt: DeliveryReceiptV1 } | { ok: false; reason: string };

/** What an agent publishes on the receipts' routing key: a delivery receipt, or a supplier's acknowledgement. */
export type AgentReply = DeliveryReceiptV1 | SupplierAcknowledgement;
export type ParsedAgentReply = { ok: true; reply: AgentReply } | { ok: false; reason: string };

function readJson(body: Uint8Array | string): { ok: true; json: unknown } | { ok: false; reason: string } {
  try {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'body is not UTF-8 JSON' };
  }
}

function parsedWith<Schema extends z.ZodType>(
  schema: Schema,
  json: unknown,
  what: string,
): { ok: true; data: z.infer<Schema> } | { ok: false; reason: string } {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: `body is not ${what}: ${issues}` };
  }
  return { ok: true, data: result.data };
}

/** Reads a receipt body as received from a broker; never throws, says why it refused. */
export function parseReceipt(body: Uint8Array | string): ParsedReceipt {
  const read = readJson(body);
  if (!read.ok) {
    return read;
  }
  const parsed = parsedWith(deliveryReceiptV1Schema, read.json, 'a delivery receipt');
  return parsed.ok ? { ok: true, receipt: parsed.data } : parsed;
}

/** The acknowledgements read on the receipts' routing key, by `type`, each with its name in a refusal. */
const ACKNOWLEDGEMENT_SCHEMAS: Record<SupplierAcknowledgement['type'], [z.ZodType<SupplierAcknowledgement>, string]> = {
  'purchase_order.acknowledged': [purchaseOrderAcknowledgedV1Schema, 'a purchase order acknowledgement'],
  'order.acknowledged': [orderAcknowledgedV1Schema, 'an order acknowledgement'],
};

/**
 * Reads whatever an agent published on the receipts' routing key, by its `type`: an acknowledgement
 * (`purchase_order.acknowledged`, `order.acknowledged`), else a delivery receipt (so a broken receipt
 * is refused as before). Never throws; says why it refused.
 */
export function parseAgentReply(body: Uint8Array | string): ParsedAgentReply {
  const read = readJson(body);
  if (!read.ok) {
    return read;
  }
  const json = read.json;
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  const acknowledgement =
    typeof type === 'string' && Object.hasOwn(ACKNOWLEDGEMENT_SCHEMAS, type)
      ? ACKNOWLEDGEMENT_SCHEMAS[type as SupplierAcknowledgement['type']]
      : undefined;
  const parsed = acknowledgement
    ? parsedWith(acknowledgement[0], json, acknowledgement[1])
    : parsedWith(deliveryReceiptV1Schema, json, 'a delivery receipt');
  return parsed.ok ? { ok: true, reply: parsed.data } : parsed;
}
