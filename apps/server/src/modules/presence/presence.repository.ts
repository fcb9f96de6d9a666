import type { AgentPresenceV1 } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export function createPresenceRepository(db: Kysely<Database>) {
  return {
    /**
     * Keeps the newest word of each device: a message older than what is stored (a retained last
     * will delivered late, say) changes nothing. False when no such supplier exists.
     */
    async record(presence: AgentPresenceV1): Promise<boolean> {
      const supplier = await db
        .selectFrom('suppliers')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .select('suppliers.id')
        .where('merchants.slug', '=', presence.merchant)
        .where('suppliers.slug', '=', presence.supplier)
        .executeTakeFirst();
      if (!supplier) {
        return false;
      }
      await db
        .insertInto('agent_presence')
        .values({
          supplier_id: supplier.id,
          agent: presence.agent,
          status: presence.status,
          online_since: presence.since,
          last_seen: presence.at,
          heartbeat_seconds: presence.heartbeatSeconds,
        })
        .onConflict((oc) =>
          oc
            .columns(['supplier_id', 'agent'])
            .doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              online_since: eb.ref('excluded.online_since'),
              last_seen: sql<Date>`greatest(agent_presence.last_seen, excluded.last_seen)`,
              heartbeat_seconds: eb.ref('excluded.heartbeat_seconds'),
            }))
            // An MQTT last will was written when the session began, so it is older than the heartbeats
            // before it; it still ends the session it belongs to (same `since`).
            .where((eb) =>
              eb.or([
                eb('agent_presence.last_seen', '<=', sql<Date>`excluded.last_seen`),
                eb.and([
                  eb(sql.ref('excluded.status'), '=', 'offline'),
                  eb('agent_presence.online_since', '=', sql<Date>`excluded.online_since`),
                ]),
              ]),
            ),
        )
        .execute();
      return true;
    },

    /** Online means it said so and was heard from within three heartbeats. */
    listForMerchant: (merchantId: string) =>
      db
        .selectFrom('agent_presence')
        .innerJoin('suppliers', 'suppliers.id', 'agent_presence.supplier_id')
        .select([
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
          'agent_presence.agent',
          'agent_presence.online_since',
          'agent_presence.last_seen',
          sql<boolean>`agent_presence.status = 'online' AND agent_presence.last_seen > now() - make_interval(secs => 3 * agent_presence.heartbeat_seconds)`.as(
            'online',
          ),
        ])
        .where('suppliers.merchant_id', '=', merchantId)
        .orderBy('suppliers.name')
        .orderBy('agent_presence.agent')
        .execute(),
  };
}
export type PresenceRepository = ReturnType<typeof createPresenceRepository>;
