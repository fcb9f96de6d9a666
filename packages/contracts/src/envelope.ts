import { z } from 'zod';
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
});
export type OrderDispatchedV1 = z.infer<typeof orderDispatchedV1Schema>;

/** One entry per event type: the single source of event names and their payloads. */
export interface SupplierEventMap {
  'order.dispatched': OrderDispatchedV1;
}
export type SupplierEventType = keyof SupplierEventMap;
export type SupplierEvent = SupplierEventMap[SupplierEventType];

export const supplierEventSchema = z.discriminatedUnion('type', [orderDispatchedV1Schema]);

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
