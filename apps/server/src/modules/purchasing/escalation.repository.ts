import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, EscalationStep } from '../../db/schema';

/** The purchase order `po` has not taken this step of its escalation. */
const notTaken = (step: EscalationStep) =>
  sql<boolean>`NOT EXISTS (SELECT 1 FROM purchase_order_escalations AS taken
    WHERE taken.purchase_order_id = po.id AND taken.step = ${step})`;

/** The SQL of purchase orders' escalation: what is due, each step claimed once, and who to tell. */
function escalationStatements(db: Kysely<Database>) {
  return {
    /**
     * Sent purchase orders with a step due by now and not taken: to send again past their deadline,
     * to tell the shop of past the second. Oldest deadline first, at most `limit`.
     */
    due: (limit: number) =>
      db
        .selectFrom('purchase_orders as po')
        .select(['po.id', 'po.merchant_id'])
        .where('po.status', '=', 'sent')
        .where('po.acknowledgement_due_at', '<=', sql<Date>`now()`)
        .where((eb) =>
          eb.or([
            notTaken('resent'),
            eb.and([eb('po.tell_shop_at', '<=', sql<Date>`now()`), notTaken('merchant_told')]),
          ]),
        )
        .orderBy('po.acknowledgement_due_at')
        .limit(limit)
        .execute(),

    /**
     * Milliseconds until the next step of any sent purchase order falls due, on the database's clock
     * (the deadlines were set on the server's, which the database's may differ from by little); 0 for
     * one due already, null for none.
     */
    async nextDueInMs(): Promise<number | null> {
      const { rows } = await sql<{ ms: number | string | null }>`
        SELECT greatest(0, extract(epoch FROM min(
          CASE WHEN ${notTaken('resent')} THEN po.acknowledgement_due_at ELSE po.tell_shop_at END) - now()) * 1000)::bigint AS ms
        FROM purchase_orders AS po
        WHERE po.status = 'sent' AND po.acknowledgement_due_at IS NOT NULL
          AND (${notTaken('resent')} OR ${notTaken('merchant_told')})`.execute(db);
      const ms = rows[0]?.ms ?? null;
      return ms === null ? null : Number(ms);
    },

    /**
     * A sent purchase order held for the caller's transaction, with its deadlines and what it takes to
     * tell the shop of it; undefined once it is anything but sent (acknowledged, cancelled …).
     */
    lockSent: (id: string) =>
      db
        .selectFrom('purchase_orders as po')
        .innerJoin('suppliers', 'suppliers.id', 'po.supplier_id')
        .innerJoin('merchants', 'merchants.id', 'po.merchant_id')
        .select([
          'po.id',
          'po.number',
          'po.merchant_id',
          'po.acknowledgement_due_at',
          'po.tell_shop_at',
          sql<boolean>`po.acknowledgement_due_at <= now()`.as('resend_due'),
          sql<boolean>`po.tell_shop_at <= now()`.as('tell_shop_due'),
          'suppliers.name as supplier_name',
          'merchants.slug as merchant_slug',
          'merchants.name as merchant_name',
          'merchants.time_zone',
          sql<Date>`(SELECT max(t.created_at) FROM purchase_order_transitions AS t
            WHERE t.purchase_order_id = po.id AND t.to_status = 'sent')`.as('sent_at'),
          sql<number>`(SELECT count(*) FROM purchase_order_lines AS line
            WHERE line.purchase_order_id = po.id)::int`.as('line_count'),
        ])
        .where('po.id', '=', id)
        .where('po.status', '=', 'sent')
        .forUpdate('po')
        .executeTakeFirst(),

    /**
     * Records the step as taken, unless it was: true when this call recorded it, and so the caller's
     * transaction takes the step; false when another process (or an earlier run) did.
     */
    async claim(purchaseOrderId: string, step: EscalationStep): Promise<boolean> {
      const claimed = await db
        .insertInto('purchase_order_escalations')
        .values({ purchase_order_id: purchaseOrderId, step })
        .onConflict((conflict) => conflict.columns(['purchase_order_id', 'step']).doNothing())
        .returning('step')
        .executeTakeFirst();
      return claimed !== undefined;
    },

    /** The e-mail addresses of the shop's owner and managers, the owner's first. */
    async ownerAndManagers(merchantId: string): Promise<string[]> {
      const { rows } = await sql<{ email: string }>`
        SELECT email FROM (
          SELECT users.email, 0 AS rank FROM merchants JOIN users ON users.id = merchants.owner_id
          WHERE merchants.id = ${merchantId}
          UNION
          SELECT users.email, 1 AS rank FROM merchant_members AS member JOIN users ON users.id = member.user_id
          WHERE member.merchant_id = ${merchantId} AND member.role = 'manager'
        ) AS people
        ORDER BY rank, email`.execute(db);
      return [...new Set(rows.map((row) => row.email))];
    },
  };
}

export const createEscalationRepository = repository(escalationStatements);
export type EscalationRepository = ReturnType<typeof createEscalationRepository>;
