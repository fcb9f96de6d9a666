import { z } from 'zod';
import { isSlug, slugSchema } from './slug';

/**
 * A supplier agent announcing itself: `online` when it connects and then every `heartbeatSeconds`,
 * `offline` when it stops cleanly — and, over MQTT, as its last will when it vanishes. The server
 * also counts an agent offline once three heartbeats are missing (AMQP has no last will).
 */
export const agentPresenceV1Schema = z.object({
  type: z.literal('agent.presence'),
  version: z.literal(1),
  merchant: slugSchema,
  supplier: slugSchema,
  /** The device: its MQTT client id or AMQP queue. */
  agent: z.string().min(1).max(200),
  status: z.enum(['online', 'offline']),
  /** When this agent process connected. */
  since: z.iso.datetime({ offset: true }),
  at: z.iso.datetime({ offset: true }),
  heartbeatSeconds: z.int().positive(),
});
export type AgentPresenceV1 = z.infer<typeof agentPresenceV1Schema>;

export const PRESENCE_ROUTING_PREFIX = 'presence';
export const PRESENCE_BINDING_KEY = `${PRESENCE_ROUTING_PREFIX}.*.*`;
export const PRESENCE_SUBSCRIPTION_TOPIC = `${PRESENCE_ROUTING_PREFIX}/+/+`;

function assertSlugs(merchantSlug: string, supplierSlug: string): void {
  if (!isSlug(merchantSlug) || !isSlug(supplierSlug)) {
    throw new Error(`"${merchantSlug}"/"${supplierSlug}": routing keys and topics are built only from slugs`);
  }
}

/** `presence.<merchant>.<supplier>`; three words, like receipts, so no agent binding matches it. */
export function presenceRoutingKey(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${PRESENCE_ROUTING_PREFIX}.${merchantSlug}.${supplierSlug}`;
}

export function presenceTopic(merchantSlug: string, supplierSlug: string): string {
  assertSlugs(merchantSlug, supplierSlug);
  return `${PRESENCE_ROUTING_PREFIX}/${merchantSlug}/${supplierSlug}`;
}

export type ParsedPresence = { ok: true; presence: AgentPresenceV1 } | { ok: false; reason: string };

export function parsePresence(body: Uint8Array | string): ParsedPresence {
  try {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    const result = agentPresenceV1Schema.safeParse(JSON.parse(text));
    return result.success
      ? { ok: true, presence: result.data }
      : { ok: false, reason: `body is not a presence message: ${result.error.issues.map((i) => i.message).join('; ')}` };
  } catch {
    return { ok: false, reason: 'body is not UTF-8 JSON' };
  }
}
