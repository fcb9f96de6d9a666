import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OutboxEventsTable } from '../db/schema';

export type OutboxRow = Selectable<OutboxEventsTable>;

export interface NewOutboxEvent {
  id: string;
  type: string;
  merchantId: string;
  orderId: string | null;
  supplierId: string;
  routingKey: string;
  topic: string;
  payload: object;
  /** Shown on the trail's first step, e.g. which message this one resends. */
  note?: string;
}

export function createOutboxRepository(db: Kysely<Database>) {
  return {
    /**
     * Writes the events and their trail's first step. With `claimForMs` the events are leased to the
     * caller at once, as `claimDue` would lease them, and returned, so the relay of the process that
     * wrote them can publish them right after the commit without claiming them first.
     */
    insert: async (events: NewOutboxEvent[], claimForMs?: number): Promise<OutboxRow[]> => {
      if (events.length === 0) {
        return [];
      }
      const insert = db.insertInto('outbox_events').values(
        events.map((event) => ({
          id: event.id,
          type: event.type,
          merchant_id: event.merchantId,
          order_id: event.orderId,
          supplier_id: event.supplierId,
          routing_key: event.routingKey,
          topic: event.topic,
          payload: JSON.stringify(event.payload),
          ...(claimForMs === undefined
            ? {}
            : { claimed_until: sql<Date>`now() + make_interval(secs => ${claimForMs / 1000})`, attempts: 1 }),
        })),
      );
      let rows: OutboxRow[] = [];
      if (claimForMs === undefined) {
        await insert.execute();
      } else {
        rows = await insert.returningAll().execute();
      }
      // The trail's first step, in the same transaction as the event itself.
      await db
        .insertInto('delivery_steps')
        .values(events.map((event) => ({ event_id: event.id, stage: 'queued' as const, reason: event.note ?? null })))
        .execute();
      return rows;
    },

    /**
     * Leases up to `limit` due events to the caller for `leaseMs`. SKIP LOCKED lets several relays
     * claim side by side without waiting on each other; the lease, not a held transaction, keeps
     * others off a row while it is being published, so no transaction spans network I/O.
     */
    claimDue: (limit: number, leaseMs: number) =>
      db
        .updateTable('outbox_events')
        .set({
          claimed_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`,
          attempts: sql<number>`attempts + 1`,
        })
        .where(
          'id',
          'in',
          db
            .selectFrom('outbox_events')
            .select('id')
            .where('status', '=', 'pending')
            .where('available_at', '<=', sql<Date>`now()`)
            .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
            .orderBy('created_at')
            .limit(limit)
            // The lock an UPDATE of non-key columns takes anyway: unlike FOR UPDATE it does not
            // collide with the key-share lock a trail step's foreign key holds on its event, which
            // would make a relay skip an event while a receipt for it is being written.
            .forNoKeyUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute(),

    /**
     * Marks events the broker confirmed, all in one statement, so a row and its trail step cannot
     * disagree after a crash.
     */
    markPublished: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve()
        : db
            .with('done', (q) =>
              q
                .updateTable('outbox_events')
                .set({ status: 'published', published_at: sql<Date>`now()`, claimed_until: null, last_error: null })
                .where('id', '=', sql<string>`any(${ids}::uuid[])`)
                .returning('id'),
            )
            .insertInto('delivery_steps')
            .columns(['event_id', 'stage'])
            .expression((eb) => eb.selectFrom('done').select(['done.id', sql.lit('published').as('stage')]))
            .execute()
            .then(() => undefined),

    /** Leaves the event pending, due again after `delayMs`, with the reason the merchant will see. */
    markRetry: (id: string, error: string, delayMs: number) =>
      db
        .updateTable('outbox_events')
        .set({
          last_error: error,
          claimed_until: null,
          available_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
        })
        .where('id', '=', id)
        .execute(),

    listForOrders: (orderIds: string[]) =>
      orderIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('outbox_events')
            .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
            .select([
              'outbox_events.id',
              'outbox_events.order_id',
              'outbox_events.routing_key',
              'outbox_events.status',
              'outbox_events.attempts',
              'outbox_events.last_error',
              'outbox_events.published_at',
              'suppliers.id as supplier_id',
              'suppliers.slug as supplier_slug',
              'suppliers.name as supplier_name',
            ])
            .where('outbox_events.order_id', 'in', orderIds)
            .orderBy('suppliers.name')
            .execute(),
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
