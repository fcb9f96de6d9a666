import { PRODUCT_PRICE_MINOR, productId, productIdSql, type Query, type Shop } from './shop';

/**
 * The SQL the server runs to place an order (apps/server/src/modules/orders), statement for
 * statement, so the raw engines run the very transaction the product does: read the lines'
 * products, take the stock of each in id order, insert the order numbered from the sequence, then
 * its lines. (The product's INSERT also returns the customer's name for its reply.)
 */
export async function placeOrderRaw(query: Query, shop: Shop, customerId: string, picks: number[]): Promise<void> {
  const ids = [...picks].sort((a, b) => a - b).map(productId);
  await query('BEGIN');
  try {
    await query(
      `SELECT id, sku, name, price_minor, stock FROM products WHERE merchant_id = $1 AND id IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
      [shop.merchantId, ...ids],
    );
    for (const id of ids) {
      const taken = await query('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $3 RETURNING stock', [1, id, 1]);
      if (taken.length === 0) {
        throw new Error(`out of stock: ${id}`);
      }
    }
    const [order] = await query(
      `INSERT INTO orders (merchant_id, customer_id, number, total_minor) VALUES ($1, $2, $3::text || nextval('order_number_seq'), $4) RETURNING id`,
      [shop.merchantId, customerId, 'R-', PRODUCT_PRICE_MINOR * ids.length],
    );
    const values = ids.map((_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4}, ${PRODUCT_PRICE_MINOR}, 1)`);
    await query(
      `INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity) VALUES ${values.join(', ')}`,
      [order!.id, ...ids.flatMap((id) => [id, `SKU-${Number(id.slice(-12))}`, `Product ${Number(id.slice(-12))}`])],
    );
    await query('COMMIT');
  } catch (error) {
    await query('ROLLBACK');
    throw error;
  }
}

/** `lines` distinct product numbers in 1..products. */
export function randomPicks(products: number, lines: number): number[] {
  const picks = new Set<number>();
  while (picks.size < lines) {
    picks.add(1 + Math.floor(Math.random() * products));
  }
  return [...picks];
}

/**
 * The same transaction as a pgbench script, for two lines. pgbench's variables become bind
 * parameters under `-M extended`, which is also how node-postgres sends them.
 */
export function pgbenchScript(shop: Shop): string {
  const item = (n: string) =>
    `(:order_id, ${productIdSql(`:${n}`)}, 'SKU-' || (:${n})::text, 'Product ' || (:${n})::text, ${PRODUCT_PRICE_MINOR}, 1)`;
  return [
    `\\set a random(1, ${shop.products})`,
    // A second product, never the first.
    `\\set b 1 + (:a + random(0, ${shop.products - 2})) % ${shop.products}`,
    '\\set lo least(:a, :b)',
    '\\set hi greatest(:a, :b)',
    'BEGIN;',
    `SELECT id, sku, name, price_minor, stock FROM products WHERE merchant_id = :merchant AND id IN (${productIdSql(':lo')}, ${productIdSql(':hi')});`,
    `UPDATE products SET stock = stock - 1 WHERE id = ${productIdSql(':lo')} AND stock >= 1 RETURNING stock;`,
    `UPDATE products SET stock = stock - 1 WHERE id = ${productIdSql(':hi')} AND stock >= 1 RETURNING stock;`,
    `INSERT INTO orders (merchant_id, customer_id, number, total_minor) VALUES (:merchant, :customer, 'P-'::text || nextval('order_number_seq'), ${2 * PRODUCT_PRICE_MINOR}) RETURNING id AS order_id \\gset`,
    `INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity) VALUES ${item('lo')}, ${item('hi')};`,
    'COMMIT;',
    '',
  ].join('\n');
}
