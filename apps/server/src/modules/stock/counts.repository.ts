import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, StockCountStatus } from '../../db/schema';
import { movementsInsert } from './stock.repository';

/** A count as its list and its page head show it. */
export interface CountRow {
  id: string;
  name: string;
  status: StockCountStatus;
  currency: string;
  lines: number;
  counted_lines: number;
  started_by: string | null;
  started_by_name: string | null;
  started_at: Date;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: Date | null;
}

/** One line of a count, with its product as it is now. */
export interface CountLineRow {
  product_id: string;
  sku: string;
  name: string;
  price_minor: number;
  stock: number;
  expected: number;
  counted: number | null;
  stock_when_counted: number | null;
  counted_by: string | null;
  counted_by_name: string | null;
  counted_at: Date | null;
}

/** A counted line whose difference, added to its product's stock now, would take it below zero. */
export interface ShortLine {
  name: string;
  stock: number;
  difference: number;
}

/** Which products a new count takes: the whole shop's, a category's, or those chosen. */
export type CountScope = { categoryId: string } | { productIds: string[] } | 'whole shop';

export const createCountsRepository = repository((db: Kysely<Database>) => {
  const countColumns = (merchantId: string) =>
    db
      .selectFrom('stock_counts as count')
      .innerJoin('merchants', 'merchants.id', 'count.merchant_id')
      .leftJoin('users as starter', 'starter.id', 'count.started_by')
      .leftJoin('users as closer', 'closer.id', 'count.closed_by')
      .select([
        'count.id',
        'count.name',
        'count.status',
        'merchants.currency',
        sql<number>`(SELECT count(*)::int FROM stock_count_lines AS line WHERE line.count_id = count.id)`.as('lines'),
        sql<number>`(SELECT count(*)::int FROM stock_count_lines AS line WHERE line.count_id = count.id AND line.counted IS NOT NULL)`.as(
          'counted_lines',
        ),
        'count.started_by',
        'starter.name as started_by_name',
        'count.started_at',
        'count.closed_by',
        'closer.name as closed_by_name',
        'count.closed_at',
      ])
      .where('count.merchant_id', '=', merchantId);

  /** A count's lines with their products as they are now, and who counted each. */
  const lineColumns = () =>
    db
      .selectFrom('stock_count_lines as line')
      .innerJoin('products', 'products.id', 'line.product_id')
      .leftJoin('users', 'users.id', 'line.counted_by')
      .select([
        'line.product_id',
        'products.sku',
        'products.name',
        'products.price_minor',
        'products.stock',
        'line.expected',
        'line.counted',
        'line.stock_when_counted',
        'line.counted_by',
        'users.name as counted_by_name',
        'line.counted_at',
      ]);

  return {
    find: (merchantId: string, countId: string): Promise<CountRow | undefined> =>
      countColumns(merchantId).where('count.id', '=', countId).executeTakeFirst(),

    findByKey: (merchantId: string, key: string): Promise<CountRow | undefined> =>
      countColumns(merchantId).where('count.idempotency_key', '=', key).executeTakeFirst(),

    /** Those still counting first, then the newest. */
    list: (merchantId: string, limit: number): Promise<CountRow[]> =>
      countColumns(merchantId)
        .orderBy(sql`count.status = 'counting'`, 'desc')
        .orderBy('count.started_at', 'desc')
        .limit(limit)
        .execute(),

    lines: (countId: string): Promise<CountLineRow[]> =>
      lineColumns().where('line.count_id', '=', countId).orderBy('products.sku').execute(),

    /** One line of the count, as `lines` shows it: what an entry answers with. */
    line: (countId: string, productId: string): Promise<CountLineRow | undefined> =>
      lineColumns().where('line.count_id', '=', countId).where('line.product_id', '=', productId).executeTakeFirst(),

    /** How many of `productIds` are the shop's products on sale. */
    onSale: async (merchantId: string, productIds: string[]) =>
      (
        await db
          .selectFrom('products')
          .select((select) => select.fn.countAll<number>().as('found'))
          .where('merchant_id', '=', merchantId)
          .where('archived_at', 'is', null)
          .where('id', 'in', productIds)
          .executeTakeFirstOrThrow()
      ).found,

    /**
     * A new count of the shop's products on sale in `scope`, each line noting the product's stock now
     * as expected; its id, or undefined when the scope holds no product (nothing is written then).
     */
    async start(merchantId: string, actorId: string, name: string, scope: CountScope, key: string): Promise<string | undefined> {
      const inScope =
        scope === 'whole shop'
          ? sql<boolean>`true`
          : 'categoryId' in scope
            ? sql<boolean>`products.category_id = ${scope.categoryId}`
            : sql<boolean>`products.id = ANY(${scope.productIds}::uuid[])`;
      const { rows } = await sql<{ id: string }>`
        WITH chosen AS (
          SELECT id, stock FROM products
          WHERE merchant_id = ${merchantId} AND archived_at IS NULL AND ${inScope}
        ),
        count AS (
          INSERT INTO stock_counts (merchant_id, name, started_by, idempotency_key)
          SELECT ${merchantId}, ${name}, ${actorId}, ${key} WHERE EXISTS (SELECT 1 FROM chosen)
          RETURNING id
        ),
        lines AS (
          INSERT INTO stock_count_lines (count_id, product_id, expected)
          SELECT count.id, chosen.id, chosen.stock FROM count CROSS JOIN chosen
        )
        SELECT id FROM count`.execute(db);
      return rows[0]?.id;
    },

    /** The count, locked against being applied or cancelled while a figure is entered. */
    lockCounting: (merchantId: string, countId: string) =>
      db
        .selectFrom('stock_counts')
        .select(['id', 'status'])
        .where('id', '=', countId)
        .where('merchant_id', '=', merchantId)
        .forShare()
        .executeTakeFirst(),

    entryExists: async (key: string) =>
      (await db.selectFrom('stock_count_entries').select('id').where('idempotency_key', '=', key).executeTakeFirst()) !== undefined,

    lockLine: (countId: string, productId: string) =>
      db
        .selectFrom('stock_count_lines')
        .select(['counted'])
        .where('count_id', '=', countId)
        .where('product_id', '=', productId)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * Sets the line's figure to `counted`, noting the product's stock now beside it (or, for null,
     * takes the line back to not counted), and keeps the entry that did so.
     */
    async enter(
      countId: string,
      productId: string,
      entry: { mode: 'set' | 'add' | 'clear'; quantity: number; counted: number | null; actorId: string; key: string },
    ): Promise<void> {
      const counting = entry.counted !== null;
      await sql`
        WITH line AS (
          UPDATE stock_count_lines SET counted = ${entry.counted},
            stock_when_counted = CASE WHEN ${counting} THEN (SELECT stock FROM products WHERE id = ${productId}) END,
            counted_by = CASE WHEN ${counting} THEN ${entry.actorId}::uuid END,
            counted_at = CASE WHEN ${counting} THEN now() END
          WHERE count_id = ${countId} AND product_id = ${productId}
        )
        INSERT INTO stock_count_entries (count_id, product_id, mode, quantity, actor_id, idempotency_key)
        VALUES (${countId}, ${productId}, ${entry.mode}, ${entry.quantity}, ${entry.actorId}, ${entry.key})`.execute(db);
    },

    /** Ends a count still counting as `status`; false when it was not counting (or is not the shop's). */
    close: async (merchantId: string, countId: string, status: 'applied' | 'cancelled', actorId: string) =>
      (
        await db
          .updateTable('stock_counts')
          .set({ status, closed_by: actorId, closed_at: sql`now()` })
          .where('id', '=', countId)
          .where('merchant_id', '=', merchantId)
          .where('status', '=', 'counting')
          .executeTakeFirst()
      ).numUpdatedRows > 0n,

    /**
     * Locks the products of the count's counted lines that differ, in id order as every statement
     * that takes several products does, and says which would fall below zero.
     */
    lockDifferences: async (countId: string): Promise<ShortLine[]> =>
      (
        await sql<ShortLine>`
          WITH locked AS (
            SELECT products.name, products.stock, line.counted - line.stock_when_counted AS difference
            FROM stock_count_lines AS line JOIN products ON products.id = line.product_id
            WHERE line.count_id = ${countId} AND line.counted IS DISTINCT FROM line.stock_when_counted
            ORDER BY products.id
            FOR UPDATE OF products
          )
          SELECT name, stock, difference FROM locked WHERE stock + difference < 0`.execute(db)
      ).rows,

    /** Posts each counted line's difference as a `count` movement, with the stock it leaves. */
    async post(merchantId: string, countId: string, actorId: string, note: string): Promise<void> {
      await sql`
        WITH differences AS (
          SELECT product_id, counted - stock_when_counted AS difference FROM stock_count_lines
          WHERE count_id = ${countId} AND counted IS DISTINCT FROM stock_when_counted
        ),
        adjusted AS (
          UPDATE products SET stock = products.stock + differences.difference FROM differences
          WHERE products.id = differences.product_id AND products.merchant_id = ${merchantId}
          RETURNING products.id, products.merchant_id, products.stock, differences.difference
        ),
        moved AS (${movementsInsert(
          'count',
          sql`SELECT merchant_id, id AS product_id, difference AS quantity, ${countId}::uuid AS document_id,
            ${actorId}::uuid AS actor_id, NULL::text AS reason, ${note}::text AS note, stock AS balance_after,
            'count:' || ${countId} || ':' || id AS idempotency_key
          FROM adjusted`,
        )})
        SELECT 1`.execute(db);
    },
  };
});
export type CountsRepository = ReturnType<typeof createCountsRepository>;
