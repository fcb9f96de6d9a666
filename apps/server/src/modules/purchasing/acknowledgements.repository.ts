import type { PurchaseOrderAcknowledgement, SupplierPurchaseOrderSummary } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { AcknowledgementWay, Database } from '../../db/schema';

/** An acknowledgement as `record` writes it: each line by product, with the quantity confirmed. */
export interface NewAcknowledgement {
  purchaseOrderId: string;
  how: AcknowledgementWay;
  by: string | null;
  messageId: string | null;
  agent: string | null;
  deliveryOn: string;
  note: string;
  lines: { productId: string; quantity: number }[];
}

function acknowledgementStatements(db: Kysely<Database>) {
  /**
   * Purchase orders as their supplier sees them: never a draft, with the shop, the supplier, when it
   * was sent, and the shop's today (a delivery day before it is in the past).
   */
  const sentOrders = () =>
    db
      .selectFrom('purchase_orders as po')
      .innerJoin('suppliers', 'suppliers.id', 'po.supplier_id')
      .innerJoin('merchants', 'merchants.id', 'po.merchant_id')
      .select([
        'po.id',
        'po.number',
        'po.status',
        'po.currency',
        'po.note',
        'po.merchant_id',
        'merchants.slug as merchant_slug',
        'merchants.name as merchant_name',
        'suppliers.id as supplier_id',
        'suppliers.slug as supplier_slug',
        'suppliers.name as supplier_name',
        // Dates as text, since the two drivers would parse them into different instants.
        sql<string | null>`po.expected_on::text`.as('expected_on'),
        sql<string>`(now() AT TIME ZONE merchants.time_zone)::date::text`.as('shop_today'),
        sql<Date>`(SELECT min(t.created_at) FROM purchase_order_transitions AS t
          WHERE t.purchase_order_id = po.id AND t.to_status = 'sent')`.as('sent_at'),
        sql<number>`(SELECT count(*) FROM purchase_order_lines AS line WHERE line.purchase_order_id = po.id)::int`.as(
          'line_count',
        ),
        sql<number>`(SELECT coalesce(sum(line.quantity * line.unit_cost_minor), 0) FROM purchase_order_lines AS line
          WHERE line.purchase_order_id = po.id)::bigint`.as('total_minor'),
      ])
      .where('po.status', '<>', 'draft');

  const ofMember = (userId: string) =>
    sentOrders().where((eb) =>
      eb.exists(
        eb
          .selectFrom('supplier_members')
          .select('supplier_members.user_id')
          .whereRef('supplier_members.supplier_id', '=', 'po.supplier_id')
          .where('supplier_members.user_id', '=', userId),
      ),
    );

  return {
    /** Sent to a supplier `userId` belongs to, newest first. */
    listForMember: (userId: string, limit: number) =>
      ofMember(userId).orderBy('sent_at', 'desc').orderBy('po.id').limit(limit).execute(),

    /** One sent to a supplier `userId` belongs to; `lock` holds its row for the caller's transaction. */
    findForMember: (userId: string, id: string, lock = false) =>
      ofMember(userId)
        .where('po.id', '=', id)
        .$if(lock, (query) => query.forUpdate('po'))
        .executeTakeFirst(),

    /** One sent, of any shop (a link or a message names it by id); `lock` as above. */
    find: (id: string, lock = false) =>
      sentOrders()
        .where('po.id', '=', id)
        .$if(lock, (query) => query.forUpdate('po'))
        .executeTakeFirst(),

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

    /** The acknowledgement a message recorded, if it was recorded. */
    findByMessage: (messageId: string) =>
      db
        .selectFrom('purchase_order_acknowledgements')
        .select(['id', 'purchase_order_id'])
        .where('message_id', '=', messageId)
        .executeTakeFirst(),

    /** The acknowledgements of these purchase orders, oldest first, each with its lines. */
    async ofOrders(purchaseOrderIds: string[]): Promise<Map<string, PurchaseOrderAcknowledgement[]>> {
      const found = new Map<string, PurchaseOrderAcknowledgement[]>();
      if (purchaseOrderIds.length === 0) {
        return found;
      }
      const rows = await db
        .selectFrom('purchase_order_acknowledgements as a')
        .leftJoin('users', 'users.id', 'a.acknowledged_by')
        .select([
          'a.id',
          'a.purchase_order_id',
          'a.how',
          'a.acknowledged_by',
          'users.name as acknowledged_by_name',
          sql<string>`a.delivery_on::text`.as('delivery_on'),
          'a.note',
          'a.acknowledged_at',
        ])
        .where('a.purchase_order_id', 'in', purchaseOrderIds)
        .orderBy('a.id')
        .execute();
      const lines =
        rows.length === 0
          ? []
          : await db
              .selectFrom('purchase_order_acknowledgement_lines as al')
              .innerJoin('purchase_order_acknowledgements as a', 'a.id', 'al.acknowledgement_id')
              .innerJoin('purchase_order_lines as line', (join) =>
                join
                  .onRef('line.purchase_order_id', '=', 'a.purchase_order_id')
                  .onRef('line.product_id', '=', 'al.product_id'),
              )
              .select(['al.acknowledgement_id', 'al.product_id', 'al.quantity'])
              .where(
                'al.acknowledgement_id',
                'in',
                rows.map((row) => row.id),
              )
              .orderBy('line.position')
              .execute();
      for (const row of rows) {
        const list = found.get(row.purchase_order_id) ?? [];
        list.push({
          how: row.how,
          by:
            row.acknowledged_by === null
              ? null
              : { id: row.acknowledged_by, name: row.acknowledged_by_name ?? '' },
          deliveryOn: row.delivery_on,
          note: row.note,
          at: row.acknowledged_at.toISOString(),
          lines: lines
            .filter((line) => line.acknowledgement_id === row.id)
            .map((line) => ({ productId: line.product_id, quantity: line.quantity })),
        });
        found.set(row.purchase_order_id, list);
      }
      return found;
    },

    /**
     * Writes the acknowledgement and its lines, sets what each line of the purchase order is confirmed
     * at, and its expected day to the one promised. The status moves by the caller's transition.
     */
    async record(acknowledgement: NewAcknowledgement): Promise<void> {
      const { id } = await db
        .insertInto('purchase_order_acknowledgements')
        .values({
          purchase_order_id: acknowledgement.purchaseOrderId,
          how: acknowledgement.how,
          acknowledged_by: acknowledgement.by,
          message_id: acknowledgement.messageId,
          agent: acknowledgement.agent,
          delivery_on: acknowledgement.deliveryOn,
          note: acknowledgement.note,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('purchase_order_acknowledgement_lines')
        .values(
          acknowledgement.lines.map((line) => ({
            acknowledgement_id: id,
            product_id: line.productId,
            quantity: line.quantity,
          })),
        )
        .execute();
      const column = <Value>(pick: (line: NewAcknowledgement['lines'][number]) => Value) =>
        acknowledgement.lines.map(pick);
      await sql`
        UPDATE purchase_order_lines SET quantity_confirmed = given.quantity
        FROM unnest(${column((line) => line.productId)}::uuid[], ${column((line) => line.quantity)}::int[])
          AS given (product_id, quantity)
        WHERE purchase_order_lines.purchase_order_id = ${acknowledgement.purchaseOrderId}
          AND purchase_order_lines.product_id = given.product_id`.execute(db);
      await db
        .updateTable('purchase_orders')
        .set({ expected_on: acknowledgement.deliveryOn })
        .where('id', '=', acknowledgement.purchaseOrderId)
        .execute();
    },

    insertLink: (values: { tokenHash: string; purchaseOrderId: string; expiresAt: Date }) =>
      db
        .insertInto('purchase_order_links')
        .values({
          token_hash: values.tokenHash,
          purchase_order_id: values.purchaseOrderId,
          expires_at: values.expiresAt,
        })
        .execute(),

    /** A link by its token's hash, with whether it has expired by the database's clock; `lock` holds it. */
    findLink: (tokenHash: string, lock = false) =>
      db
        .selectFrom('purchase_order_links')
        .select(['purchase_order_id', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
        .where('token_hash', '=', tokenHash)
        .$if(lock, (query) => query.forUpdate())
        .executeTakeFirst(),

    useLink: (tokenHash: string) =>
      db
        .updateTable('purchase_order_links')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', tokenHash)
        .execute(),
  };
}

export const createAcknowledgementsRepository = repository(acknowledgementStatements);
export type AcknowledgementsRepository = ReturnType<typeof createAcknowledgementsRepository>;

export type SentOrderRow = NonNullable<Awaited<ReturnType<AcknowledgementsRepository['find']>>>;

export function toSupplierPurchaseOrderSummary(row: SentOrderRow): SupplierPurchaseOrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    merchant: { slug: row.merchant_slug, name: row.merchant_name },
    supplier: { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name },
    currency: row.currency,
    expectedOn: row.expected_on,
    note: row.note,
    lineCount: row.line_count,
    totalMinor: Number(row.total_minor),
    sentAt: new Date(row.sent_at).toISOString(),
  };
}
