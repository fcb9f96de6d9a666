import type { StockMovementFilter } from '@myb/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { containing } from '../../db/like';
import type { Database, StockCheckTrigger, StockMovementType, UnbalancedProduct } from '../../db/schema';

/**
 * The one way stock moves: an INSERT of movements of `type` from `rows`, a SELECT giving per movement
 * `merchant_id, product_id, quantity, document_id, actor_id, reason, note, balance_after,
 * idempotency_key`. A statement that changes `products.stock` folds it in as a CTE beside its UPDATE,
 * so the balance and its movements commit together; each movement's `idempotency_key` is made from
 * its document (`order:<order>:<product>`), and its unique index refuses the same movement twice.
 */
export const movementsInsert = (type: StockMovementType, rows: RawBuilder<unknown>) => sql`
  INSERT INTO stock_movements (merchant_id, product_id, quantity, type, document_id, actor_id, reason, note,
    balance_after, idempotency_key)
  SELECT merchant_id, product_id, quantity, ${sql.lit(type)}, document_id, actor_id, reason, note, balance_after,
    idempotency_key
  FROM (${rows}) AS movement
  -- A statement that moves one product several times (a batch of orders) moves it one way; written in
  -- the order of their balances, the movements' positions follow the balance as it changed.
  ORDER BY movement.product_id, movement.balance_after * sign(movement.quantity)`;

/** A movement as the shop reads it: with its product, its order's number and who made it. */
export interface MovementRow {
  id: string;
  position: number;
  product_id: string;
  sku: string;
  product_name: string;
  quantity: number;
  type: StockMovementType;
  reason: string | null;
  note: string | null;
  balance_after: number;
  order_id: string | null;
  order_number: string | null;
  count_id: string | null;
  count_name: string | null;
  sale_id: string | null;
  receipt_number: string | null;
  purchase_order_id: string | null;
  purchase_order_number: string | null;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
}

/** Where a page of movements starts: before a movement (newest first) or after a position (oldest first). */
export type MovementSeek = { newestFirst: true; before?: string } | { newestFirst: false; afterPosition?: number };

export function createStockRepository(db: Kysely<Database>) {
  return {
    /**
     * A shop's movements that `filter` keeps, `limit` of them from `seek`, in ledger order. Text is
     * found, case aside, in the product's SKU or name, the person's name, the note or the order's
     * number, a receipt's or a purchase order's; `from` is inclusive, `to` exclusive.
     */
    movements: (merchantId: string, filter: StockMovementFilter, seek: MovementSeek, limit: number) => {
      let query = db
        .selectFrom('stock_movements as movement')
        .innerJoin('products', 'products.id', 'movement.product_id')
        .leftJoin('orders', (join) =>
          join.onRef('orders.id', '=', 'movement.document_id').on('movement.type', 'in', ['order', 'cancellation']),
        )
        .leftJoin('stock_counts', (join) =>
          join.onRef('stock_counts.id', '=', 'movement.document_id').on('movement.type', '=', 'count'),
        )
        .leftJoin('register_sales', (join) =>
          join.onRef('register_sales.id', '=', 'movement.document_id').on('movement.type', 'in', ['sale', 'return']),
        )
        .leftJoin('purchase_receipts', (join) =>
          join.onRef('purchase_receipts.id', '=', 'movement.document_id').on('movement.type', '=', 'receipt'),
        )
        .leftJoin('purchase_orders', 'purchase_orders.id', 'purchase_receipts.purchase_order_id')
        .leftJoin('users', 'users.id', 'movement.actor_id')
        .select([
          'movement.id',
          'movement.position',
          'movement.product_id',
          'products.sku',
          'products.name as product_name',
          'movement.quantity',
          'movement.type',
          'movement.reason',
          'movement.note',
          'movement.balance_after',
          'orders.id as order_id',
          'orders.number as order_number',
          'stock_counts.id as count_id',
          'stock_counts.name as count_name',
          'register_sales.id as sale_id',
          'register_sales.receipt_number',
          'purchase_orders.id as purchase_order_id',
          'purchase_orders.number as purchase_order_number',
          'movement.actor_id',
          'users.name as actor_name',
          'movement.created_at',
        ])
        .where('movement.merchant_id', '=', merchantId);
      if (filter.product) {
        query = query.where('movement.product_id', '=', filter.product);
      }
      if (filter.type) {
        query = query.where('movement.type', '=', filter.type);
      }
      if (filter.actor) {
        query = query.where('movement.actor_id', '=', filter.actor);
      }
      if (filter.from) {
        query = query.where('movement.created_at', '>=', new Date(filter.from));
      }
      if (filter.to) {
        query = query.where('movement.created_at', '<', new Date(filter.to));
      }
      if (filter.q) {
        const pattern = containing(filter.q);
        query = query.where((where) =>
          where.or([
            where('products.sku', 'ilike', pattern),
            where('products.name', 'ilike', pattern),
            where('users.name', 'ilike', pattern),
            where('movement.note', 'ilike', pattern),
            where('orders.number', 'ilike', pattern),
            where('register_sales.receipt_number', 'ilike', pattern),
            where('purchase_orders.number', 'ilike', pattern),
          ]),
        );
      }
      if (seek.newestFirst && seek.before) {
        const { before } = seek;
        query = query.where(
          'movement.position',
          '<',
          db.selectFrom('stock_movements').select('position').where('id', '=', before).where('merchant_id', '=', merchantId),
        );
      }
      if (!seek.newestFirst && seek.afterPosition !== undefined) {
        query = query.where('movement.position', '>', seek.afterPosition);
      }
      return query
        .orderBy('movement.position', seek.newestFirst ? 'desc' : 'asc')
        .limit(limit)
        .execute() as Promise<MovementRow[]>;
    },

    /** Every product whose stock differs from the sum of its movements (none, if the ledger holds). */
    unbalanced: async (): Promise<UnbalancedProduct[]> =>
      (
        await sql<UnbalancedProduct>`
          SELECT merchants.slug AS shop_slug, merchants.name AS shop_name, products.id AS product_id, products.sku,
            products.name, products.stock, coalesce(moved.total, 0)::int AS movements
          FROM products
          JOIN merchants ON merchants.id = products.merchant_id
          LEFT JOIN (SELECT product_id, sum(quantity) AS total FROM stock_movements GROUP BY product_id) AS moved
            ON moved.product_id = products.id
          WHERE products.stock <> coalesce(moved.total, 0)
          ORDER BY merchants.slug, products.sku`.execute(db)
      ).rows,

    /** Records a run of the check: what started it, who (an admin), how many products it read, those that differed. */
    recordCheck: async (
      run: { trigger: StockCheckTrigger; checkedBy: string | null },
      unbalanced: UnbalancedProduct[],
    ) => {
      const { products } = await db
        .selectFrom('products')
        .select((select) => select.fn.countAll<number>().as('products'))
        .executeTakeFirstOrThrow();
      return db
        .insertInto('stock_checks')
        .values({ trigger: run.trigger, checked_by: run.checkedBy, products: Number(products), unbalanced: JSON.stringify(unbalanced) })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    /** The latest checks (or the one `id`), newest first, with the name of whoever ran one. */
    checks: (limit: number, id?: string) => {
      let query = db
        .selectFrom('stock_checks')
        .leftJoin('users', 'users.id', 'stock_checks.checked_by')
        .selectAll('stock_checks')
        .select('users.name as checked_by_name');
      if (id) {
        query = query.where('stock_checks.id', '=', id);
      }
      return query.orderBy('stock_checks.checked_at', 'desc').limit(limit).execute();
    },
  };
}
export type StockRepository = ReturnType<typeof createStockRepository>;
