import { parsePresence, type AgentDevice } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { ShopCaller } from '../access/access';
import type { PresenceRepository } from './presence.repository';

/** Records one presence message from the broker; like receipts, an unusable one is logged, not retried. */
export function createPresenceHandler(presence: PresenceRepository, logger: FastifyBaseLogger) {
  return async (body: Uint8Array): Promise<void> => {
    const parsed = parsePresence(body);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason }, 'ignoring an unreadable presence message');
      return;
    }
    if (!(await presence.record(parsed.presence))) {
      logger.warn(
        { merchant: parsed.presence.merchant, supplier: parsed.presence.supplier },
        'presence of an unknown supplier',
      );
    }
  };
}

export function createPresenceService(presence: PresenceRepository) {
  return {
    /** The shop's supplier devices: which are online, and since when. */
    async list({ shop: merchant }: ShopCaller): Promise<AgentDevice[]> {
      return (await presence.listForMerchant(merchant.id)).map((row) => ({
        supplier: { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name },
        agent: row.agent,
        online: row.online,
        since: (row.online ? row.online_since : row.last_seen).toISOString(),
        lastSeen: row.last_seen.toISOString(),
      }));
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
