import { productId, productIdSql, type Query, type Shop } from './shop';

/**
 * The order transaction the raw sides run, one order per statement: check the customer's session
 * and touch it, find the shop by its slug, lock the lines' products in id order, and if every line
 * has the stock, take it, insert the order numbered from the sequence, its lines and their stock
 * movements; one statement, so one round trip and its own transaction. It writes what the server's statement writes for one
 * order (`placeOrdersStatement` in apps/server/src/modules/orders/orders.repository.ts), with less
 * to do: the server's statement takes several orders at once, and for one order alone costs more
 * than this one, so the raw sides run the leaner form. The benchmark's products have no tax rate, so
 * each line's amount and net are its price × quantity and its tax 0, as the server prices them.
 */
export function orderStatement(p: {
  productIds: string;
  quantities: string;
  lineCount: string;
  slug: string;
  sessionHash: string;
  prefix: string;
}): string {
  return `
          WITH
  session_owner AS (
    SELECT users.id, users.name, users.email, users.is_admin FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.token_hash = ${p.sessionHash} AND sessions.expires_at > now() AND users.disabled_at IS NULL
  ),
  session_touched AS (
    UPDATE sessions SET last_seen_at = now()
    WHERE token_hash = ${p.sessionHash} AND expires_at > now() AND last_seen_at < now() - '1 minute'::interval
  ),
          wanted AS (
            SELECT * FROM unnest(${p.productIds}::uuid[], ${p.quantities}::int[])
              AS wanted (product_id, quantity)
            LIMIT ${p.lineCount}
          ),
          shop AS (SELECT id, name, currency, prices_include_tax FROM merchants WHERE slug = ${p.slug} AND EXISTS (SELECT 1 FROM session_owner)),
          lines AS (
            SELECT p.id, p.sku, p.name, p.price_minor, p.stock, wanted.quantity
            FROM products p JOIN wanted ON wanted.product_id = p.id
            WHERE p.merchant_id = (SELECT id FROM shop)
            ORDER BY p.id
            FOR UPDATE OF p
          ),
          filled AS (
            SELECT count(*) = (SELECT count(*) FROM wanted) AND coalesce(bool_and(stock >= quantity), false) AS ok FROM lines
          ),
          taken AS (
            UPDATE products SET stock = lines.stock - lines.quantity
            FROM lines
            WHERE products.id = lines.id AND (SELECT ok FROM filled)
          ),
          placed AS (
            INSERT INTO orders (merchant_id, customer_id, number, prices_include_tax, tax_minor, total_minor)
            SELECT shop.id, (SELECT id FROM session_owner), ${p.prefix}::text || nextval('order_number_seq'),
              shop.prices_include_tax, 0, (SELECT sum(price_minor * quantity) FROM lines)
            FROM shop WHERE (SELECT ok FROM filled)
            RETURNING id, number, status, created_at, total_minor
          ),
          placed_lines AS (
            INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity, amount_minor, tax_minor,
              net_minor)
            SELECT placed.id, lines.id, lines.sku, lines.name, lines.price_minor, lines.quantity,
              lines.price_minor * lines.quantity, 0, lines.price_minor * lines.quantity FROM placed, lines
          ),
          moved AS (
            INSERT INTO stock_movements (merchant_id, product_id, quantity, type, document_id, actor_id, reason, note,
              balance_after, idempotency_key)
            SELECT shop.id, lines.id, -lines.quantity, 'order', placed.id, (SELECT id FROM session_owner), NULL, NULL,
              lines.stock - lines.quantity, 'order:' || placed.id || ':' || lines.id
            FROM placed, lines, shop
          )
          SELECT wanted.product_id, wanted.quantity, lines.sku, lines.name, lines.price_minor, lines.stock,
            session_owner.id AS customer_id, session_owner.name AS customer_name, session_owner.email AS customer_email,
            shop.id AS merchant_id, shop.name AS merchant_name, shop.currency,
            placed.id AS order_id, placed.number, placed.status, placed.created_at, placed.total_minor
          FROM wanted
          LEFT JOIN lines ON lines.id = wanted.product_id
          LEFT JOIN session_owner ON true
          LEFT JOIN shop ON true
          LEFT JOIN placed ON true
          ORDER BY wanted.product_id`;
}

const ORDER_SQL = orderStatement({
  productIds: '$1',
  quantities: '$2',
  lineCount: '$6',
  slug: '$3',
  sessionHash: '$4',
  prefix: '$5',
});

/**
 * Places one order of one unit of each picked product through `query`, as the customer whose
 * session token hashes to `sessionHash`; refuses to go on if it was not placed.
 */
export async function placeOrderRaw(
  query: Query,
  shop: Shop,
  sessionHash: string,
  picks: number[],
): Promise<void> {
  const ids = picks.map(productId);
  const rows = await query(ORDER_SQL, [ids, ids.map(() => 1), shop.slug, sessionHash, 'R-', ids.length]);
  if (rows[0]?.order_id === null || rows[0]?.order_id === undefined) {
    throw new Error(`order not placed: ${JSON.stringify(rows)}`);
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
 * The same statement as a pgbench script, for two lines. pgbench's variables become bind
 * parameters: of a named statement under `-M prepared`, as the product's statement cache sends
 * them, of an unnamed one under `-M extended`, as node-postgres sends a statement it does not name.
 */
export function pgbenchScript(shop: Shop): string {
  return [
    `\\set a random(1, ${shop.products})`,
    // A second product, never the first.
    `\\set b 1 + (:a + random(0, ${shop.products - 2})) % ${shop.products}`,
    `${orderStatement({
      productIds: `ARRAY[${productIdSql(':a')}, ${productIdSql(':b')}]`,
      quantities: 'ARRAY[1, 1]',
      lineCount: '2',
      slug: ':slug',
      sessionHash: ':session',
      prefix: "'P-'",
    })
      .trim()
      .replace(/\n\s*/g, ' ')};`,
    '',
  ].join('\n');
}
