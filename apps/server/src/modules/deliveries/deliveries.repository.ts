import type { DeliveryReceiptV1, DeliveryStage } from '@myb/contracts';
import { amqpRoutingKey } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeliveryStepsTable } from '../../db/schema';
import { orderNumberIs } from '../orders/orders.repository';

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
  orderNumber?: string;
  from?: string;
  to?: string;
  eventId?: string;
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

export function createDeliveriesRepository(db: Kysely<Database>) {
  return {
    /** A shop's outbox events, newest first, with their supplier and order. */
    listMessages: (filter: MessageFilter) => {
      let query = db
        .selectFrom('outbox_events')
        .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
        .leftJoin('orders', 'orders.id', 'outbox_events.order_id')
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
          'outbox_events.order_id',
          'orders.number as order_number',
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
        ])
        .where('outbox_events.merchant_id', '=', filter.merchantId);
      if (filter.eventId !== undefined) {
        query = query.where('outbox_events.id', '=', filter.eventId);
      }
      if (filter.supplierSlug !== undefined) {
        query = query.where('suppliers.slug', '=', filter.supplierSlug);
      }
      if (filter.orderNumber !== undefined) {
        query = query.where(orderNumberIs(filter.orderNumber));
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

    /** What was sent to the suppliers `userId` belongs to, newest first, with the order it is about. */
    listForSupplierMember: (userId: string, limit: number) =>
      db
        .selectFrom('outbox_events')
        .innerJoin('supplier_members', 'supplier_members.supplier_id', 'outbox_events.supplier_id')
        .innerJoin('suppliers', 'suppliers.id', 'outbox_events.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'outbox_events.merchant_id')
        .leftJoin('orders', 'orders.id', 'outbox_events.order_id')
        .select([
          'outbox_events.id',
          'outbox_events.type',
          'outbox_events.routing_key',
          'outbox_events.status',
          'outbox_events.payload',
          'outbox_events.created_at',
          'outbox_events.published_at',
          'outbox_events.order_id',
          'orders.number as order_number',
          'suppliers.id as supplier_id',
          'suppliers.slug as supplier_slug',
          'suppliers.name as supplier_name',
          'merchants.slug as merchant_slug',
          'merchants.name as merchant_name',
        ])
        .where('supplier_members.user_id', '=', userId)
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
export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
