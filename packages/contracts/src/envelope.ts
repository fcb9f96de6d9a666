import { z } from 'zod';
import { currencySchema } from './money';
import { slugSchema } from './slug';

/**
 * The messages suppliers' devices receive. This is a public contract: a change that an existing
 * consumer could not read gets a new `version`, and old versions keep being accepted here.
 */
const partySchema = z.object({ slug: slugSchema, name: z.string().min(1) });

export const orderDispatchedV1Schema = z.object({
  id: z.uuid(),
  type: z.literal('order.dispatched'),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }),
  merchant: partySchema,
  supplier: partySchema,
  order: z.object({ id: z.uuid(), number: z.string().min(1) }),
  items: z
    .array(
      z.object({
        sku: z.string().min(1),
        product: z.string().min(1),
        quantity: z.int().positive(),
      }),
    )
    .min(1),
  acknowledgeUrl: z
    .url()
    .optional()
    .describe(
      'Set only when the shop asks the supplier to acknowledge this order: a page that acknowledges it without signing in; it works once, for 14 days. Acknowledge instead by `order.acknowledged` on the receipts\' routing key, or in the supplier portal.',
    ),
});
export type OrderDispatchedV1 = z.infer<typeof orderDispatchedV1Schema>;

/**
 * A purchase order the shop sends a supplier: what it asks for, at what cost, by when. `replyTo` is
 * where the supplier's answers go (the receipts' routing key and topic, which the server reads). Its
 * fields carry their descriptions, so its JSON Schema (`supplierEventJsonSchema`) documents itself.
 */
export const purchaseOrderSentV1Schema = z.object({
  id: z.uuid().describe("The event's id: a message delivered twice carries the same one."),
  type: z.literal('purchase_order.sent'),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }).describe('When the shop sent the purchase order.'),
  merchant: partySchema.describe('The shop that orders.'),
  supplier: partySchema.describe('The supplier it orders from.'),
  purchaseOrder: z.object({
    id: z.uuid(),
    number: z.string().min(1).describe("The shop's number for it, such as PO-0007: quote it in answers and on the delivery note."),
    expectedOn: z.iso
      .date()
      .nullable()
      .describe('The day the shop expects the goods (YYYY-MM-DD, in its own calendar); null when it named none.'),
    note: z.string().nullable().describe("The shop's note to the supplier; null for none."),
  }),
  lines: z
    .array(
      z.object({
        position: z.int().positive().describe("The line's place on the order, from 1: an answer names a line by it."),
        sku: z.string().min(1).describe("The shop's SKU."),
        supplierSku: z.string().min(1).nullable().describe("The supplier's own code, when the shop knows it."),
        product: z.string().min(1).describe("The product's name in the shop."),
        quantity: z.int().positive(),
        unitCostMinor: z
          .int()
          .nonnegative()
          .describe('The cost of one, in minor units of `currency` (cents for EUR, yen for JPY).'),
        currency: currencySchema.describe('ISO 4217 code.'),
      }),
    )
    .min(1),
  replyTo: z
    .object({ routingKey: z.string().min(1), topic: z.string().min(1) })
    .describe("Where the supplier's answers go: the AMQP routing key on the same exchange, or the MQTT topic."),
  acknowledgeUrl: z
    .url()
    .optional()
    .describe(
      "A page where the supplier confirms the quantities and the delivery day without signing in; it works once, for 14 days. Absent from purchase orders sent before it existed.",
    ),
});
export type PurchaseOrderSentV1 = z.infer<typeof purchaseOrderSentV1Schema>;

/** One entry per event type: the single source of event names and their payloads. */
export interface SupplierEventMap {
  'order.dispatched': OrderDispatchedV1;
  'purchase_order.sent': PurchaseOrderSentV1;
}
export type SupplierEventType = keyof SupplierEventMap;
export type SupplierEvent = SupplierEventMap[SupplierEventType];

export const supplierEventSchema = z.discriminatedUnion('type', [orderDispatchedV1Schema, purchaseOrderSentV1Schema]);

const SUPPLIER_EVENT_SCHEMAS: { [Type in SupplierEventType]: z.ZodType<SupplierEventMap[Type]> } = {
  'order.dispatched': orderDispatchedV1Schema,
  'purchase_order.sent': purchaseOrderSentV1Schema,
};

/**
 * An event type's JSON Schema, as the README documents it, for consumers in any language. It
 * describes what a reader accepts: fields added by a later minor change are allowed (no
 * `additionalProperties: false`), and formats are named rather than spelt as zod's patterns.
 */
export function supplierEventJsonSchema(type: SupplierEventType): Record<string, unknown> {
  return messageJsonSchema(SUPPLIER_EVENT_SCHEMAS[type]);
}

/** Any message's JSON Schema, made as `supplierEventJsonSchema` makes the events'. */
export function messageJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    override: ({ jsonSchema }) => {
      if (jsonSchema.format !== undefined) {
        delete jsonSchema.pattern;
      }
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) {
        delete jsonSchema.maximum;
      }
    },
  });
}

export const MESSAGE_CONTENT_TYPE = 'application/json';

export type ParsedEnvelope =
  | { ok: true; event: SupplierEvent }
  | { ok: false; reason: string };

/** Reads a message body as received from a broker; never throws, says why it refused. */
export function parseEnvelope(body: Uint8Array | string): ParsedEnvelope {
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const result = supplierEventSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: `body is not a known event: ${issues}` };
  }
  return { ok: true, event: result.data };
}

export function serializeEnvelope(event: SupplierEvent): string {
  return JSON.stringify(event);
}
