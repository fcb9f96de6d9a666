import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, StockMovementType } from '../../db/schema';

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
  FROM (${rows}) AS movement`;

/** A product whose stock is not the sum of its movements. */
export interface UnbalancedProduct {
  merchant_id: string;
  product_id: string;
  sku: string;
  stock: number;
  movements: number;
}

export function createStockRepository(db: Kysely<Database>) {
  return {
    /** Every product whose stock differs from the sum of its movements (none, if the ledger holds). */
    unbalanced: async (): Promise<UnbalancedProduct[]> =>
      (
        await sql<UnbalancedProduct>`
          SELECT products.merchant_id, products.id AS product_id, products.sku, products.stock,
            coalesce(moved.total, 0)::int AS movements
          FROM products
          LEFT JOIN (SELECT product_id, sum(quantity) AS total FROM stock_movements GROUP BY product_id) AS moved
            ON moved.product_id = products.id
          WHERE products.stock <> coalesce(moved.total, 0)
          ORDER BY products.merchant_id, products.sku`.execute(db)
      ).rows,
  };
}
export type StockRepository = ReturnType<typeof createStockRepository>;
