import type { MessageAcknowledgement } from '@myb/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { repository } from '../../db/repository';
import type { AcknowledgementWay, Database, EscalationStep } from '../../db/schema';

/** A dispatched order's message that needs acknowledgement, as the dispatch's statement writes it. */
export interface NewOrderMessageDeadline {
  eventId: string;
  orderId: string;
  supplierId: string;
  dueAt: Date | null;
  tellShopAt: Date | null;
  linkHash: string;
  linkExpiresAt: Date;
}

/** The message `d` has not taken this step of its escalation. */
const notTaken = (step: EscalationStep) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM order_message_escalations AS taken
    WHERE taken.event_id = d.event_id AND taken.step = ${step})`;
/** The message `d` is not acknowledged. */
const notAcknowledged = sql<boolean>`NOT EXISTS (SELECT 1 FROM order_message_acknowledgements AS a
  WHERE a.event_id = d.event_id)`;
/** When the message `d` took this step, null while it has not. */
const takenAt = (step: EscalationStep) =>
  sql<Date | null>`(SELECT taken.at FROM order_message_escalations AS taken
    WHERE taken.event_id = d.event_id AND taken.step = ${step})`;

/**
 * The SQL of order messages' acknowledgements: their deadlines (written with the dispatch), the
 * acknowledgement (once), and their escalation (each step once).
 */
function orderAcknowledgementStatements(db: Kysely<Database>) {
  /**
   * The message needing acknowledgement that the event `eventId` is, or is a copy of (sent again: same
   * order, same supplier), with its shop, supplier and order, whether it is acknowledged, and whether
   * its link has expired by the database's clock.
   */
  const messages = () =>
    db
      .selectFrom('outbox_events as e')
      .innerJoin('order_message_deadlines as d', (join) =>
        join.onRef('d.order_id', '=', 'e.subject_id').onRef('d.supplier_id', '=', 'e.supplier_id'),
      )
      .innerJoin('merchants', 'merchants.id', 'e.merchant_id')
      .innerJoin('suppliers', 'suppliers.id', 'e.supplier_id')
      .select([
        'd.event_id',
        'd.order_id',
        'd.supplier_id',
        'e.subject_label as order_number',
        'merchants.slug as merchant_slug',
        'merchants.name as merchant_name',
        'suppliers.slug as supplier_slug',
        sql<boolean>`NOT ${notAcknowledged}`.as('acknowledged'),
        sql<boolean>`d.link_expires_at <= now()`.as('link_expired'),
      ])
      .where('e.type', '=', 'order.dispatched');

  return {
    /**
     * Inserts the deadlines of the messages a dispatch writes, as `EventsService.write`'s `alongside`:
     * only those of events written (the `written` of that statement) are kept.
     */
    alongside: (deadlines: NewOrderMessageDeadline[]): RawBuilder<unknown> => {
      const rows = deadlines.map((deadline) => ({
        event_id: deadline.eventId,
        order_id: deadline.orderId,
        supplier_id: deadline.supplierId,
        due_at: deadline.dueAt?.toISOString() ?? null,
        tell_shop_at: deadline.tellShopAt?.toISOString() ?? null,
        link_hash: deadline.linkHash,
        link_expires_at: deadline.linkExpiresAt.toISOString(),
      }));
      return sql`INSERT INTO order_message_deadlines (event_id, order_id, supplier_id, acknowledgement_due_at,
          tell_shop_at, link_hash, link_expires_at)
        SELECT given.event_id, given.order_id, given.supplier_id, given.due_at, given.tell_shop_at,
          given.link_hash, given.link_expires_at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS given(event_id uuid, order_id uuid,
          supplier_id uuid, due_at timestamptz, tell_shop_at timestamptz, link_hash text, link_expires_at timestamptz)
        JOIN written ON written.id = given.event_id`;
    },

    /** The message of any shop the event is or copies; `lock` holds its deadline for the caller's transaction. */
    find: (eventId: string, lock = false) =>
      messages()
        .where('e.id', '=', eventId)
        .$if(lock, (query) => query.forUpdate('d'))
        .executeTakeFirst(),

    /** As `find`, only when sent to a supplier `userId` belongs to. */
    findForMember: (userId: string, eventId: string, lock = false) =>
      messages()
        .where('e.id', '=', eventId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('supplier_members')
              .select('supplier_members.user_id')
              .whereRef('supplier_members.supplier_id', '=', 'e.supplier_id')
              .where('supplier_members.user_id', '=', userId),
          ),
        )
        .$if(lock, (query) => query.forUpdate('d'))
        .executeTakeFirst(),

    /** The message of a link, by its token's hash; `lock` as above. */
    findByLink: (linkHash: string, lock = false) =>
      messages()
        .where('d.link_hash', '=', linkHash)
        .whereRef('e.id', '=', 'd.event_id')
        .$if(lock, (query) => query.forUpdate('d'))
        .executeTakeFirst(),

    /** How the message was acknowledged, once it was. */
    acknowledgementOf: (eventId: string) =>
      db
        .selectFrom('order_message_acknowledgements')
        .select(['how', 'acknowledged_at'])
        .where('event_id', '=', eventId)
        .executeTakeFirst(),

    /** Whether an `order.acknowledged` message of this id was recorded. */
    async recordedMessage(messageId: string): Promise<boolean> {
      const row = await db
        .selectFrom('order_message_acknowledgements')
        .select('event_id')
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether the shop and supplier of these slugs are this deployment's. */
    async isOurSupplier(merchantSlug: string, supplierSlug: string): Promise<boolean> {
      const row = await db
        .selectFrom('suppliers')
        .innerJoin('merchants', 'merchants.id', 'suppliers.merchant_id')
        .select('suppliers.id')
        .where('merchants.slug', '=', merchantSlug)
        .where('suppliers.slug', '=', supplierSlug)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Records the acknowledgement; the caller holds the message's deadline and has seen it unacknowledged. */
    record: (acknowledgement: {
      eventId: string;
      how: AcknowledgementWay;
      by: string | null;
      messageId: string | null;
      agent: string | null;
    }) =>
      db
        .insertInto('order_message_acknowledgements')
        .values({
          event_id: acknowledgement.eventId,
          how: acknowledgement.how,
          acknowledged_by: acknowledgement.by,
          message_id: acknowledgement.messageId,
          agent: acknowledgement.agent,
        })
        .execute(),

    /**
     * The acknowledgement state of the messages about these orders that need one, by order and
     * supplier (`${orderId} ${supplierId}`): a copy sent again shows its first message's.
     */
    async ofOrders(orderIds: string[]): Promise<Map<string, MessageAcknowledgement>> {
      const found = new Map<string, MessageAcknowledgement>();
      if (orderIds.length === 0) {
        return found;
      }
      const rows = await db
        .selectFrom('order_message_deadlines as d')
        .leftJoin('order_message_acknowledgements as a', 'a.event_id', 'd.event_id')
        .leftJoin('users', 'users.id', 'a.acknowledged_by')
        .select([
          'd.order_id',
          'd.supplier_id',
          'd.acknowledgement_due_at',
          sql<boolean>`a.event_id IS NULL AND d.acknowledgement_due_at <= now()`.as('overdue'),
          takenAt('resent').as('resent_at'),
          takenAt('merchant_told').as('merchant_told_at'),
          'a.how',
          'a.acknowledged_by',
          'users.name as acknowledged_by_name',
          'a.agent',
          'a.acknowledged_at',
        ])
        .where('d.order_id', '=', sql<string>`any(${orderIds}::uuid[])`)
        .execute();
      for (const row of rows) {
        found.set(`${row.order_id} ${row.supplier_id}`, {
          dueAt: row.acknowledgement_due_at?.toISOString() ?? null,
          overdue: row.overdue === true,
          resentAt: row.resent_at ? new Date(row.resent_at).toISOString() : null,
          merchantToldAt: row.merchant_told_at ? new Date(row.merchant_told_at).toISOString() : null,
          acknowledged:
            row.how && row.acknowledged_at
              ? {
                  how: row.how,
                  by:
                    row.acknowledged_by === null
                      ? null
                      : { id: row.acknowledged_by, name: row.acknowledged_by_name ?? '' },
                  agent: row.agent,
                  at: row.acknowledged_at.toISOString(),
                }
              : null,
        });
      }
      return found;
    },

    /** The shop's messages needing acknowledgement, not acknowledged, past their deadline. */
    overdue: (merchantId: string) =>
      db
        .selectFrom('order_message_deadlines as d')
        .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
        .select('d.event_id')
        .where('e.merchant_id', '=', merchantId)
        .where('d.acknowledgement_due_at', '<=', sql<Date>`now()`)
        .where(notAcknowledged)
        .execute(),

    /**
     * Messages not acknowledged with a step due by now and not taken: to send again past their
     * deadline, to tell the shop of past the second. Oldest deadline first, at most `limit`.
     */
    due: (limit: number) =>
      db
        .selectFrom('order_message_deadlines as d')
        .select('d.event_id as id')
        .where('d.acknowledgement_due_at', '<=', sql<Date>`now()`)
        .where(notAcknowledged)
        .where((eb) =>
          eb.or([
            notTaken('resent'),
            eb.and([eb('d.tell_shop_at', '<=', sql<Date>`now()`), notTaken('merchant_told')]),
          ]),
        )
        .orderBy('d.acknowledgement_due_at')
        .limit(limit)
        .execute(),

    /** Milliseconds until the next step of any message falls due, on the database's clock; 0 for due, null for none. */
    async nextDueInMs(): Promise<number | null> {
      const { rows } = await sql<{ ms: number | string | null }>`
        SELECT greatest(0, extract(epoch FROM min(
          CASE WHEN ${notTaken('resent')} THEN d.acknowledgement_due_at ELSE d.tell_shop_at END) - now()) * 1000)::bigint AS ms
        FROM order_message_deadlines AS d
        WHERE d.acknowledgement_due_at IS NOT NULL AND ${notAcknowledged}
          AND (${notTaken('resent')} OR ${notTaken('merchant_told')})`.execute(db);
      const ms = rows[0]?.ms ?? null;
      return ms === null ? null : Number(ms);
    },

    /**
     * A message not acknowledged, its deadline held for the caller's transaction, with what it takes
     * to send it again and tell the shop of it; undefined once acknowledged.
     */
    lockUnacknowledged: (eventId: string) =>
      db
        .selectFrom('order_message_deadlines as d')
        .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
        .innerJoin('suppliers', 'suppliers.id', 'd.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'e.merchant_id')
        .select([
          'd.event_id',
          'd.order_id',
          'd.supplier_id',
          'e.merchant_id',
          'e.created_at as sent_at',
          'e.subject_label as order_number',
          'd.acknowledgement_due_at',
          sql<boolean>`d.acknowledgement_due_at <= now()`.as('resend_due'),
          sql<boolean>`d.tell_shop_at <= now()`.as('tell_shop_due'),
          'suppliers.name as supplier_name',
          'merchants.slug as merchant_slug',
          'merchants.name as merchant_name',
          'merchants.time_zone',
          sql<number>`json_array_length(e.payload -> 'items')`.as('line_count'),
        ])
        .where('d.event_id', '=', eventId)
        .where(notAcknowledged)
        .forUpdate('d')
        .executeTakeFirst(),

    /** Records the step as taken, unless it was: true when this call recorded it. */
    async claim(eventId: string, step: EscalationStep): Promise<boolean> {
      const claimed = await db
        .insertInto('order_message_escalations')
        .values({ event_id: eventId, step })
        .onConflict((conflict) => conflict.columns(['event_id', 'step']).doNothing())
        .returning('step')
        .executeTakeFirst();
      return claimed !== undefined;
    },
  };
}

export const createOrderAcknowledgementsRepository = repository(orderAcknowledgementStatements);
export type OrderAcknowledgementsRepository = ReturnType<typeof createOrderAcknowledgementsRepository>;
export type OrderMessageRow = NonNullable<Awaited<ReturnType<OrderAcknowledgementsRepository['find']>>>;
export type UnacknowledgedMessageRow = NonNullable<
  Awaited<ReturnType<OrderAcknowledgementsRepository['lockUnacknowledged']>>
>;
