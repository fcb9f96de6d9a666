import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
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
     * Writes the events and their trail's first step, in one statement (one round trip, which on
     * loopback costs more than the statement itself). With `claimForMs` the events are leased to the
     * caller at once, as `claimDue` would lease them, so the relay of the process that wrote them
     * publishes them right after the commit without claiming them first. With `onlyFor`, a statement
     * of the caller's (an UPDATE … RETURNING order_id) runs first in the same statement, and an event
     * is written only if that statement returned its order: `orderIds` lists what it returned.
     * `created_at` is the statement's clock, not the transaction's start: the last thing a dispatch
     * writes before it commits, so a delivery latency measured from it includes the commit.
     */
    insert: async (
      events: NewOutboxEvent[],
      options: { claimForMs?: number; onlyFor?: RawBuilder<{ order_id: string }> } = {},
    ): Promise<{ orderIds: string[]; rows: OutboxRow[] }> => {
      const { claimForMs, onlyFor } = options;
      if (events.length === 0 && onlyFor === undefined) {
        return { orderIds: [], rows: [] };
      }
      const claim =
        claimForMs === undefined
          ? sql`NULL::timestamptz, 0`
          : sql`now() + make_interval(secs => ${claimForMs / 1000}), 1`;
      const records = events.map((event) => ({
        id: event.id,
        type: event.type,
        merchant_id: event.merchantId,
        order_id: event.orderId,
        supplier_id: event.supplierId,
        routing_key: event.routingKey,
        topic: event.topic,
        // As text, so the body keeps the exact bytes the contract tests hold it to (json, not jsonb).
        payload: JSON.stringify(event.payload),
        note: event.note ?? null,
      }));
      const { rows } = await sql<OutboxRow & { guarded: string[] }>`
        WITH guard AS (${onlyFor ?? sql`SELECT NULL::uuid AS order_id WHERE false`}),
        given AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS given(id uuid, type text,
            merchant_id uuid, order_id uuid, supplier_id uuid, routing_key text, topic text, payload text, note text)
        ),
        written AS (
          INSERT INTO outbox_events (id, type, merchant_id, order_id, supplier_id, routing_key, topic, payload,
            created_at, claimed_until, attempts)
          SELECT id, type, merchant_id, order_id, supplier_id, routing_key, topic, payload::json, clock_timestamp(), ${claim}
          FROM given ${onlyFor ? sql`WHERE order_id IN (SELECT order_id FROM guard)` : sql``}
          RETURNING *
        ),
        queued AS (
          INSERT INTO delivery_steps (event_id, stage, reason, at)
          SELECT written.id, 'queued', given.note, written.created_at FROM written JOIN given ON given.id = written.id
        )
        SELECT (SELECT coalesce(array_agg(order_id::text), '{}') FROM guard) AS guarded, written.*
        FROM (VALUES (1)) AS one LEFT JOIN written ON true`.execute(db);
      return { orderIds: rows[0]?.guarded ?? [], rows: rows.filter((row) => row.id !== null).map(({ guarded: _, ...row }) => row) };
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
     * disagree after a crash. Only pending ones: an agent's receipt may have marked the event first
     * (`recordReceipt`), and its trail must not say it was published twice.
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
                .where('status', '=', 'pending')
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
