import { amqpRoutingKey, type DeliveryReceiptV1, type DeliveryStage } from '@myb/contracts';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, DeliveryStepsTable, OutboxEventsTable } from '../../db/schema';
import type { NewEvent } from './event';

export type OutboxRow = Selectable<OutboxEventsTable>;
export type DeliveryStepRow = Selectable<DeliveryStepsTable>;

export type RecordedReceipt =
  /** A new step on the event's trail. */
  | { kind: 'recorded' }
  /** This receipt was recorded before (a redelivered receipt). */
  | { kind: 'duplicate' }
  /**
   * No event of ours has this id for this merchant and supplier: another deployment's (each deployment's
   * receipts queue gets its own copy of every receipt on the virtual host), or forged. `ourSupplier`
   * says whether this deployment has a supplier of that name in a shop of that name.
   */
  | { kind: 'unknown-event'; ourSupplier: boolean };

export interface MessageFilter {
  merchantId: string;
  supplierSlug?: string;
  /** Events about a subject known by one of these labels. */
  subjectLabels?: string[];
  from?: string;
  to?: string;
  eventId?: string;
  /** Only these events (the messages not acknowledged in time, say). */
  eventIds?: string[];
  stage?: DeliveryStage;
  limit: number;
}

/**
 * Where each event's delivery stands: the furthest step since the last failure, or `failed` when
 * nothing followed it. The one definition of a message's stage: every screen and route reads it from
 * here (`progressOf`), and a search by stage filters on it, so no two can disagree.
 */
const currentStageSql = sql<DeliveryStage>`(
  SELECT CASE
    WHEN last_failure.at IS NOT NULL AND reached.top IS NULL THEN 'failed'
    ELSE (ARRAY['queued', 'published', 'delivered', 'emailed'])[COALESCE(reached.top, 1)]
  END
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT failed.at, failed.id FROM delivery_steps AS failed
    WHERE failed.event_id = outbox_events.id AND failed.stage = 'failed'
    ORDER BY failed.at DESC, failed.id DESC LIMIT 1
  ) AS last_failure ON true
  LEFT JOIN LATERAL (
    SELECT max(array_position(ARRAY['queued', 'published', 'delivered', 'emailed'], step.stage)) AS top
    FROM delivery_steps AS step
    WHERE step.event_id = outbox_events.id AND step.stage <> 'failed'
      AND (last_failure.at IS NULL OR (step.at, step.id) > (last_failure.at, last_failure.id))
  ) AS reached ON true
)`;

/** When the event was last sent (queued by a retry, or published), on the database's clock. */
const lastSentSql = sql<Date | null>`(
  SELECT max(step.at) FROM delivery_steps AS step
  WHERE step.event_id = outbox_events.id AND step.stage IN ('queued', 'published')
)`;

/** The one home of the SQL on `outbox_events` and `delivery_steps`: what writes events, the relay's, and every read. */
function eventStatements(db: Kysely<Database>) {
  return {
    /**
     * Writes the events and their trail's first step, in one statement (one round trip, which on
     * loopback costs more than the statement itself). With `claimForMs` the events are leased to the
     * caller at once, as `claimDue` would lease them, so the relay of the process that wrote them
     * publishes them right after the commit without claiming them first. With `guard`, a statement
     * of the caller's (an UPDATE … RETURNING key) runs first in the same statement, and an event is
     * written only if that statement returned its `guardKey`: `keys` lists what it returned.
     * `created_at` is the statement's clock, not the transaction's start: the last thing a dispatch
     * writes before it commits, so a delivery latency measured from it includes the commit. `alongside`
     * is a statement of the caller's own run in the same statement after the events are written,
     * reading them as `written` (an INSERT of rows about the events written, say).
     */
    write: async (
      events: NewEvent[],
      options: { claimForMs?: number; guard?: RawBuilder<{ key: string }>; alongside?: RawBuilder<unknown> } = {},
    ): Promise<{ keys: string[]; rows: OutboxRow[] }> => {
      const { claimForMs, guard, alongside } = options;
      if (events.length === 0 && guard === undefined) {
        return { keys: [], rows: [] };
      }
      const claim =
        claimForMs === undefined
          ? sql`NULL::timestamptz, 0`
          : sql`now() + make_interval(secs => ${claimForMs / 1000}), 1`;
      const records = events.map((event) => ({
        id: event.id,
        type: event.type,
        merchant_id: event.merchantId,
        supplier_id: event.supplierId,
        subject_type: event.subject?.type ?? null,
        subject_id: event.subject?.id ?? null,
        subject_label: event.subject?.label ?? null,
        routing_key: event.routingKey,
        topic: event.topic,
        // As text, so the body keeps the exact bytes the contract tests hold it to (json, not jsonb).
        payload: JSON.stringify(event.payload),
        note: event.note ?? null,
        guard_key: event.guardKey ?? null,
      }));
      const { rows } = await sql<OutboxRow & { guarded: string[] }>`
        WITH guard AS (${guard ?? sql`SELECT NULL::text AS key WHERE false`}),
        given AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS given(id uuid, type text,
            merchant_id uuid, supplier_id uuid, subject_type text, subject_id uuid, subject_label text,
            routing_key text, topic text, payload text, note text, guard_key text)
        ),
        written AS (
          INSERT INTO outbox_events (id, type, merchant_id, supplier_id, subject_type, subject_id, subject_label,
            routing_key, topic, payload, created_at, claimed_until, attempts)
          SELECT id, type, merchant_id, supplier_id, subject_type, subject_id, subject_label,
            routing_key, topic, payload::json, clock_timestamp(), ${claim}
          FROM given ${guard ? sql`WHERE guard_key IN (SELECT key::text FROM guard)` : sql``}
          RETURNING *
        ),
        queued AS (
          INSERT INTO delivery_steps (event_id, stage, reason, at)
          SELECT written.id, 'queued', given.note, written.created_at FROM written JOIN given ON given.id = written.id
        )${alongside ? sql`, alongside AS (${alongside})` : sql``}
        SELECT (SELECT coalesce(array_agg(key::text), '{}') FROM guard) AS guarded, written.*
        FROM (VALUES (1)) AS one LEFT JOIN written ON true`.execute(db);
      return { keys: rows[0]?.guarded ?? [], rows: rows.filter((row) => row.id !== null).map(({ guarded: _, ...row }) => row) };
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

    /** The deliveries of events about these subjects, by supplier name. */
    deliveriesOf: (subjectIds: string[]) =>
      subjectIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('outbox_events')
            .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
            .select([
              'outbox_events.id',
              'outbox_events.subject_id',
              'outbox_events.routing_key',
              'outbox_events.status',
              'outbox_events.attempts',
              'outbox_events.last_error',
              'outbox_events.published_at',
              'suppliers.id as supplier_id',
              'suppliers.slug as supplier_slug',
              'suppliers.name as supplier_name',
            ])
            .where('outbox_events.subject_id', 'in', subjectIds)
            .orderBy('suppliers.name')
            .execute(),

    /** The latest event of `type` about the subject (to `supplierId` when given), to send again; undefined for none. */
    latestAbout: ({ subjectId, type, supplierId }: { subjectId: string; type: string; supplierId?: string }) =>
      db
        .selectFrom('outbox_events')
        .select([
          'id',
          'type',
          'merchant_id',
          'supplier_id',
          'subject_type',
          'subject_id',
          'subject_label',
          'routing_key',
          'topic',
          'payload',
        ])
        .where('subject_id', '=', subjectId)
        .where('type', '=', type)
        .$if(supplierId !== undefined, (query) => query.where('supplier_id', '=', supplierId!))
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** A shop's outbox events, newest first, with their supplier and subject. */
    listMessages: (filter: MessageFilter) => {
      let query = db
        .selectFrom('outbox_events')
        .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
        .select([
          'outbox_events.id',
          'outbox_events.type',
          'outbox_events.routing_key',
          'outbox_events.topic',
          'outbox_events.payload',
          'outbox_events.status',
          'outbox_events.attempts',
          'outbox_events.last_error',
          'outbox_events.created_at',
          'outbox_events.published_at',
          'outbox_events.merchant_id',
          'outbox_events.subject_type',
          'outbox_events.subject_id',
          'outbox_events.subject_label',
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
        ])
        .where('outbox_events.merchant_id', '=', filter.merchantId);
      if (filter.eventId !== undefined) {
        query = query.where('outbox_events.id', '=', filter.eventId);
      }
      if (filter.eventIds !== undefined) {
        query = query.where('outbox_events.id', '=', sql<string>`any(${filter.eventIds}::uuid[])`);
      }
      if (filter.supplierSlug !== undefined) {
        query = query.where('suppliers.slug', '=', filter.supplierSlug);
      }
      if (filter.subjectLabels !== undefined) {
        query = query.where('outbox_events.subject_label', '=', sql<string>`any(${filter.subjectLabels}::text[])`);
      }
      if (filter.from !== undefined) {
        query = query.where('outbox_events.created_at', '>=', new Date(filter.from));
      }
      if (filter.to !== undefined) {
        query = query.where('outbox_events.created_at', '<=', new Date(filter.to));
      }
      if (filter.stage !== undefined) {
        query = query.where(currentStageSql, '=', filter.stage);
      }
      return query.orderBy('outbox_events.created_at', 'desc').limit(filter.limit).execute();
    },

    /**
     * What was sent to suppliers, newest first, with what it is about: to those `userId` belongs to
     * when given, the event `eventId` only when given.
     */
    listForSuppliers: ({ userId, eventId, limit }: { userId?: string; eventId?: string; limit: number }) =>
      db
        .selectFrom('outbox_events')
        .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'outbox_events.merchant_id')
        .select([
          'outbox_events.id',
          'outbox_events.type',
          'outbox_events.routing_key',
          'outbox_events.status',
          'outbox_events.payload',
          'outbox_events.created_at',
          'outbox_events.published_at',
          'outbox_events.subject_type',
          'outbox_events.subject_id',
          'outbox_events.subject_label',
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
          'merchants.slug as merchant_slug',
          'merchants.name as merchant_name',
        ])
        .$if(userId !== undefined, (query) =>
          query.where((eb) =>
            eb.exists(
              eb
                .selectFrom('supplier_members')
                .select('supplier_members.user_id')
                .whereRef('supplier_members.supplier_id', '=', 'outbox_events.supplier_id')
                .where('supplier_members.user_id', '=', userId!),
            ),
          ),
        )
        .$if(eventId !== undefined, (query) => query.where('outbox_events.id', '=', eventId!))
        .orderBy('outbox_events.created_at', 'desc')
        .limit(limit)
        .execute(),

    /** Due again now, with the merchant's request on the trail; the relay publishes it on its next pass. */
    requeue: (eventId: string, note: string) =>
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox_events')
          .set({ status: 'pending', available_at: sql<Date>`now()`, claimed_until: null })
          .where('id', '=', eventId)
          .execute();
        await trx
          .insertInto('delivery_steps')
          .values({ event_id: eventId, stage: 'queued', reason: note })
          .execute();
      }),

    /**
     * Each event's stage and outbox status, and how long ago it was last sent (queued or published),
     * in whole seconds of the database's clock (the server's own may differ from the one that wrote
     * the steps).
     */
    progressOf: (eventIds: string[]) =>
      eventIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('outbox_events')
            .select([
              'outbox_events.id',
              'outbox_events.status',
              currentStageSql.as('stage'),
              lastSentSql.as('sent_at'),
              sql<number | null>`floor(extract(epoch from now() - ${lastSentSql}))::int`.as('sent_seconds_ago'),
            ])
            .where('outbox_events.id', 'in', eventIds)
            .execute(),

    /**
     * How many of the shop's messages written since `since` stand failed, and how many were published
     * `notTakenAfterSeconds` ago or more with no device taking them: the same stage, and the same
     * warning, the message log shows each of them with.
     */
    troubleSince: async (merchantId: string, since: Date, notTakenAfterSeconds: number) => {
      const { rows } = await sql<{ failed: number; not_taken: number }>`
        SELECT count(*) FILTER (WHERE stage = 'failed')::int AS failed,
          count(*) FILTER (
            WHERE stage = 'published' AND status = 'published'
              AND sent_at <= now() - make_interval(secs => ${notTakenAfterSeconds})
          )::int AS not_taken
        FROM (
          SELECT ${currentStageSql} AS stage, outbox_events.status, ${lastSentSql} AS sent_at
          FROM outbox_events
          WHERE outbox_events.merchant_id = ${merchantId}::uuid AND outbox_events.created_at >= ${since}
        ) AS messages`.execute(db);
      return { failed: rows[0]!.failed, notTaken: rows[0]!.not_taken };
    },

    /**
     * Per supplier, and for all together (`supplier_id` null), the messages written to suppliers on the
     * shop's days given (an order's dispatch, a purchase order sent): how many of each, how many reached
     * someone's mailbox and how long after they were written (average, and the 90th percentile by linear
     * interpolation), and how many stand failed.
     */
    deliveryTimes: async (merchantId: string, timeZone: string, days: { from: string; to: string }) => {
      const { rows } = await sql<{
        supplier_id: string | null;
        supplier_name: string | null;
        messages: number;
        orders: number;
        purchase_orders: number;
        emailed: number;
        seconds_average: number | null;
        seconds_p90: number | null;
        failed: number;
      }>`
        SELECT messages.supplier_id, suppliers.name AS supplier_name, count(*)::int AS messages,
          count(*) FILTER (WHERE messages.type = 'order.dispatched')::int AS orders,
          count(*) FILTER (WHERE messages.type = 'purchase_order.sent')::int AS purchase_orders,
          count(seconds)::int AS emailed,
          avg(seconds)::float8 AS seconds_average,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)::float8 AS seconds_p90,
          count(*) FILTER (WHERE stage = 'failed')::int AS failed
        FROM (
          SELECT outbox_events.supplier_id, outbox_events.type, ${currentStageSql} AS stage,
            extract(epoch FROM (
              SELECT min(step.at) FROM delivery_steps AS step
              WHERE step.event_id = outbox_events.id AND step.stage = 'emailed'
            ) - outbox_events.created_at) AS seconds
          FROM outbox_events
          WHERE outbox_events.merchant_id = ${merchantId}::uuid
            AND outbox_events.created_at >= ${days.from}::date::timestamp AT TIME ZONE ${timeZone}
            AND outbox_events.created_at < (${days.to}::date + 1)::timestamp AT TIME ZONE ${timeZone}
        ) AS messages
        LEFT JOIN suppliers ON suppliers.id = messages.supplier_id
        GROUP BY GROUPING SETS ((messages.supplier_id, suppliers.name), ())
        ORDER BY suppliers.name NULLS LAST`.execute(db);
      return rows;
    },

    stepsOf: (eventIds: string[]) =>
      eventIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('delivery_steps')
            .selectAll()
            .where('event_id', 'in', eventIds)
            .orderBy('at')
            .orderBy('id')
            .execute(),

    /** Whether anything was ever sent to the supplier: one that was keeps its history and is archived, not deleted. */
    supplierHasEvents: async (supplierId: string) =>
      (await db.selectFrom('outbox_events').select('id').where('supplier_id', '=', supplierId).limit(1).executeTakeFirst()) !==
      undefined,

    /**
     * Records a receipt as a step of its event's trail, once. A receipt also proves the event
     * reached the broker: an event still pending (its relay died between the broker's confirm and
     * the mark) is marked published now, which spares the supplier a duplicate.
     */
    recordReceipt: (receipt: DeliveryReceiptV1): Promise<RecordedReceipt> =>
      db.transaction().execute(async (trx) => {
        const event = await trx
          .selectFrom('outbox_events')
          .select(['id', 'status'])
          .where('id', '=', receipt.eventId)
          .where('routing_key', '=', amqpRoutingKey(receipt.merchant, receipt.supplier))
          .forUpdate()
          .executeTakeFirst();
        if (!event) {
          const supplier = await trx
            .selectFrom('suppliers')
            .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
            .select('suppliers.id')
            .where('merchants.slug', '=', receipt.merchant)
            .where('suppliers.slug', '=', receipt.supplier)
            .executeTakeFirst();
          return { kind: 'unknown-event', ourSupplier: supplier !== undefined };
        }
        const inserted = await trx
          .insertInto('delivery_steps')
          .values({
            id: receipt.id,
            event_id: receipt.eventId,
            stage: receipt.stage,
            recipients: receipt.recipients,
            reason: receipt.reason,
            agent: receipt.agent,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) {
          return { kind: 'duplicate' };
        }
        if (event.status === 'pending') {
          await trx
            .updateTable('outbox_events')
            .set({
              status: 'published',
              published_at: sql<Date>`now()`,
              claimed_until: null,
              last_error: null,
            })
            .where('id', '=', event.id)
            .execute();
          await trx
            .insertInto('delivery_steps')
            .values({ event_id: event.id, stage: 'published', reason: "known from the agent's receipt" })
            .execute();
        }
        return { kind: 'recorded' };
      }),
  };
}
/**
 * `within(trx)` is for `write` in a caller's transaction (`EventsService.transaction`); `requeue` and
 * `recordReceipt` open transactions of their own.
 */
export const createEventsRepository = repository(eventStatements);
export type EventsRepository = ReturnType<typeof createEventsRepository>;
