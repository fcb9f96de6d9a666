import { sql, type Kysely } from 'kysely';
import { REORDER_CHANNEL } from '../../db/listener';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** Sales, net of returns, over this many days make a product's average day. */
export const SALES_WINDOW_DAYS = 28;

/** The movements that are sales (−) and their undoing (+): what a day of selling is counted from. */
const SELLING_MOVEMENTS = ['order', 'cancellation', 'sale', 'return'] as const;

/** Purchase orders whose lines are still to come (as many as the supplier confirmed, if it did), unless received. */
const ON_ORDER_STATUSES = ['sent', 'acknowledged', 'partially_received'] as const;

function reorderStatements(db: Kysely<Database>) {
  /** Wakes the evaluators of every process, as the triggers do, once the caller's transaction commits. */
  const notifyIf = async (queued: number) => {
    if (queued > 0) {
      await sql`SELECT pg_notify(${REORDER_CHANNEL}, '')`.execute(db);
    }
  };
  /**
   * Each product with a rule, with what it has, has on order (sent, not yet received), has on
   * drafts, and its preferred supplier's terms; the shop's name, slug and currency for the drafts.
   */
  const positions = (where: (query: ReturnType<typeof base>) => ReturnType<typeof base>) =>
    where(base()).execute();
  const base = () =>
    db
      .selectFrom('reorder_rules as rule')
      .innerJoin('products', 'products.id', 'rule.product_id')
      .innerJoin('merchants', 'merchants.id', 'rule.merchant_id')
      .leftJoin('product_suppliers as terms', (join) =>
        join.onRef('terms.product_id', '=', 'products.id').on('terms.preferred', '=', true),
      )
      .leftJoin('suppliers', 'suppliers.id', 'terms.supplier_id')
      .select([
        'products.id as product_id',
        'products.sku',
        'products.name',
        'products.stock',
        'products.archived_at',
        'products.average_cost_minor',
        'rule.merchant_id',
        'rule.minimum',
        'rule.maximum',
        'merchants.slug as merchant_slug',
        'merchants.name as merchant_name',
        'merchants.currency',
        'suppliers.id as supplier_id',
        'suppliers.slug as supplier_slug',
        'suppliers.name as supplier_name',
        'suppliers.archived_at as supplier_archived_at',
        'suppliers.send_automatically',
        'terms.supplier_sku',
        'terms.cost_minor',
        'terms.pack_size',
        'terms.min_order_quantity',
        sql<number>`(SELECT coalesce(sum(greatest(coalesce(line.quantity_confirmed, line.quantity) - line.quantity_received, 0)), 0)
          FROM purchase_order_lines AS line JOIN purchase_orders AS po ON po.id = line.purchase_order_id
          WHERE line.product_id = products.id AND po.status IN (${sql.join(ON_ORDER_STATUSES)}))::int`.as(
          'on_order',
        ),
        sql<number>`(SELECT coalesce(sum(line.quantity), 0)
          FROM purchase_order_lines AS line JOIN purchase_orders AS po ON po.id = line.purchase_order_id
          WHERE line.product_id = products.id AND po.status = 'draft')::int`.as('in_draft'),
      ]);

  return {
    /** The shop's product (archived or not); another shop's is not found. */
    product: (merchantId: string, productId: string) =>
      db
        .selectFrom('products')
        .select(['id', 'sku', 'name', 'stock', 'archived_at'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', productId)
        .executeTakeFirst(),

    async setRule(rule: {
      merchantId: string;
      productId: string;
      minimum: number;
      maximum: number;
      updatedBy: string;
    }) {
      await db
        .insertInto('reorder_rules')
        .values({
          product_id: rule.productId,
          merchant_id: rule.merchantId,
          minimum: rule.minimum,
          maximum: rule.maximum,
          updated_by: rule.updatedBy,
        })
        .onConflict((conflict) =>
          conflict.column('product_id').doUpdateSet({
            minimum: rule.minimum,
            maximum: rule.maximum,
            updated_by: rule.updatedBy,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    },

    rule: (productId: string) =>
      db
        .selectFrom('reorder_rules as rule')
        .innerJoin('products', 'products.id', 'rule.product_id')
        .innerJoin('users', 'users.id', 'rule.updated_by')
        .select([
          'products.id as product_id',
          'products.sku',
          'products.name',
          'rule.minimum',
          'rule.maximum',
          'rule.updated_by',
          'users.name as updated_by_name',
          'rule.updated_at',
        ])
        .where('rule.product_id', '=', productId)
        .executeTakeFirst(),

    /** Removes the rule; answers whether there was one. */
    async removeRule(merchantId: string, productId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('reorder_rules')
        .where('merchant_id', '=', merchantId)
        .where('product_id', '=', productId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** The shop's products with a rule, those at or under their minimum only unless `all`. */
    shopPositions: (merchantId: string, all: boolean) =>
      positions((query) =>
        query
          .where('rule.merchant_id', '=', merchantId)
          .where('products.archived_at', 'is', null)
          .$if(!all, (low) => low.whereRef('products.stock', '<=', 'rule.minimum'))
          .orderBy(sql`products.stock::numeric / greatest(rule.minimum, 1)`)
          .orderBy('products.name')
          .limit(1000),
      ),

    /** These products' positions (those with a rule). */
    positionsOf: (productIds: string[]) =>
      productIds.length === 0
        ? Promise.resolve([])
        : positions((query) => query.where('rule.product_id', 'in', productIds).orderBy('products.id')),

    /** Sold a day on average over the last `SALES_WINDOW_DAYS`, net of returns, per product. */
    async averageDailySales(productIds: string[]): Promise<Map<string, number>> {
      if (productIds.length === 0) {
        return new Map();
      }
      const rows = await db
        .selectFrom('stock_movements')
        .select(['product_id', sql<number>`(-sum(quantity))::int`.as('sold')])
        .where('product_id', 'in', productIds)
        .where('type', 'in', SELLING_MOVEMENTS)
        .where('created_at', '>=', sql<Date>`now() - make_interval(days => ${SALES_WINDOW_DAYS})`)
        .groupBy('product_id')
        .execute();
      return new Map(rows.map((row) => [row.product_id, Math.max(0, row.sold) / SALES_WINDOW_DAYS]));
    },

    /** Queues products to be evaluated (those without a rule are not); answers how many were queued anew. */
    async queue(merchantId: string, productIds: string[]): Promise<number> {
      const { rows } = await sql<{ product_id: string }>`
        INSERT INTO reorder_checks (product_id, merchant_id)
        SELECT product_id, merchant_id FROM reorder_rules
        WHERE merchant_id = ${merchantId} AND product_id = ANY(${productIds}::uuid[])
        ON CONFLICT (product_id) DO NOTHING
        RETURNING product_id`.execute(db);
      await notifyIf(rows.length);
      return rows.length;
    },

    /** The nightly sweep: every product with a rule under its minimum is queued. */
    async queueAllLow(): Promise<number> {
      const { rows } = await sql<{ product_id: string }>`
        INSERT INTO reorder_checks (product_id, merchant_id)
        SELECT rule.product_id, rule.merchant_id FROM reorder_rules AS rule
        JOIN products ON products.id = rule.product_id
        WHERE products.stock < rule.minimum AND products.archived_at IS NULL
        ON CONFLICT (product_id) DO NOTHING
        RETURNING product_id`.execute(db);
      await notifyIf(rows.length);
      return rows.length;
    },

    /**
     * Takes (deletes) up to `limit` queued products of one shop, the one waiting longest, in one
     * statement; rows another evaluator is taking are skipped, so evaluators share the queue.
     */
    async claim(limit: number): Promise<{ merchantId: string; productIds: string[] } | null> {
      const { rows } = await sql<{ product_id: string; merchant_id: string }>`
        WITH first AS (
          SELECT merchant_id FROM reorder_checks ORDER BY queued_at LIMIT 1 FOR UPDATE SKIP LOCKED
        ),
        taken AS (
          SELECT checks.product_id FROM reorder_checks AS checks JOIN first USING (merchant_id)
          ORDER BY checks.queued_at LIMIT ${limit} FOR UPDATE OF checks SKIP LOCKED
        )
        DELETE FROM reorder_checks WHERE product_id IN (SELECT product_id FROM taken)
        RETURNING product_id, merchant_id`.execute(db);
      const [head] = rows;
      return head ? { merchantId: head.merchant_id, productIds: rows.map((row) => row.product_id) } : null;
    },

    /** How many products wait to be evaluated (tests and the sweep's log). */
    waiting: async () =>
      Number(
        (
          await db
            .selectFrom('reorder_checks')
            .select((eb) => eb.fn.countAll().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      ),
  };
}

export const createReorderRepository = repository(reorderStatements);
export type ReorderRepository = ReturnType<typeof createReorderRepository>;
export type PositionRow = Awaited<ReturnType<ReorderRepository['positionsOf']>>[number];
