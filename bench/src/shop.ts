/**
 * The benchmark's shop, written straight into the database: products get predictable ids so that
 * pgbench, which cannot hold a list of uuids, can name the same rows as the HTTP load does.
 */

/** Runs one parameterised statement and returns its rows: node-postgres and PGlite both fit. */
export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export const PRODUCT_PRICE_MINOR = 250;

/** Product n (1-based) of the shop; zero-padded decimal, so ids sort as n does. */
export const productId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** The same id as an SQL expression of an integer (a pgbench variable). */
export const productIdSql = (n: string) => `('00000000-0000-4000-8000-' || lpad((${n})::text, 12, '0'))::uuid`;

export interface ShopSpec {
  slug: string;
  ownerId: string;
  products: number;
  suppliers: number;
  stock: number;
  /** The number of its first product (1 unless said): a second shop's ids follow the first's. */
  firstProduct?: number;
}

export interface Shop extends ShopSpec {
  merchantId: string;
  productIds: string[];
  supplierSlugs: string[];
}

/** The owner must exist; product n is supplied by supplier n mod `suppliers`. */
export async function seedShop(query: Query, spec: ShopSpec): Promise<Shop> {
  const first = spec.firstProduct ?? 1;
  await query('UPDATE users SET is_merchant = true WHERE id = $1', [spec.ownerId]);
  const [merchant] = await query(
    'INSERT INTO merchants (slug, name, owner_id) VALUES ($1, $2, $3) RETURNING id',
    [spec.slug, `Bench ${spec.slug}`, spec.ownerId],
  );
  const merchantId = String(merchant!.id);
  const supplierSlugs = Array.from({ length: spec.suppliers }, (_, i) => `supplier-${i}`);
  await query(
    `INSERT INTO suppliers (merchant_id, slug, name, emails)
     SELECT $1, 'supplier-' || i, 'Supplier ' || i, ARRAY['orders@supplier-' || i || '.example']
     FROM generate_series(0, $2::int - 1) AS i`,
    [merchantId, spec.suppliers],
  );
  await query(
    `INSERT INTO products (id, merchant_id, sku, name, description, price_minor, stock)
     SELECT ${productIdSql('n')}, $1, 'SKU-' || n, 'Product ' || n, 'Benchmark product ' || n, $2, $3
     FROM generate_series($5::int, $5::int + $4::int - 1) AS n`,
    [merchantId, PRODUCT_PRICE_MINOR, spec.stock, spec.products, first],
  );
  // The stock each product starts with is its opening movement, as the product writes it.
  await query(
    `INSERT INTO stock_movements (merchant_id, product_id, quantity, type, balance_after, idempotency_key)
     SELECT merchant_id, id, stock, 'opening', stock, 'opening:' || id FROM products WHERE merchant_id = $1 AND stock <> 0`,
    [merchantId],
  );
  await query(
    `INSERT INTO product_suppliers (product_id, supplier_id)
     SELECT ${productIdSql('n')}, s.id FROM generate_series($4::int, $4::int + $2::int - 1) AS n
     JOIN suppliers s ON s.merchant_id = $1 AND s.slug = 'supplier-' || (n % $3::int)`,
    [merchantId, spec.products, spec.suppliers, first],
  );
  return {
    ...spec,
    merchantId,
    productIds: Array.from({ length: spec.products }, (_, i) => productId(first + i)),
    supplierSlugs,
  };
}

/** Products whose stock plus what order lines took differs from the stock they started with. */
export async function oversold(query: Query, shop: Shop): Promise<{ mismatched: number; sold: number }> {
  const [row] = await query(
    `SELECT count(*) FILTER (WHERE p.stock < 0 OR p.stock + coalesce(s.sold, 0) <> $2) AS mismatched,
            coalesce(sum(s.sold), 0) AS sold
     FROM products p
     LEFT JOIN (SELECT product_id, sum(quantity) AS sold FROM order_items GROUP BY product_id) s ON s.product_id = p.id
     WHERE p.merchant_id = $1`,
    [shop.merchantId, shop.stock],
  );
  return { mismatched: Number(row!.mismatched), sold: Number(row!.sold) };
}

/**
 * Gives every product of the shop a reorder rule and its supplier as preferred. `under`: a rule it is
 * always under (minimum and maximum above its stock), so each order's movements queue its products
 * and the server's reorder worker evaluates them and raises the supplier's draft — the rules' dearest
 * case; `above`: a rule it never falls under (minimum 0), so each order only has its rules looked at.
 */
export async function addReorderRules(query: Query, shop: Shop, level: 'under' | 'above'): Promise<void> {
  await query('UPDATE product_suppliers SET preferred = true WHERE product_id IN (SELECT id FROM products WHERE merchant_id = $1)', [shop.merchantId]);
  const [minimum, maximum] = level === 'under' ? [shop.stock + 1, shop.stock + 10] : [0, shop.stock];
  await query(
    `INSERT INTO reorder_rules (product_id, merchant_id, minimum, maximum, updated_by)
     SELECT id, merchant_id, $2::int, $3::int, $4 FROM products WHERE merchant_id = $1`,
    [shop.merchantId, minimum, maximum, shop.ownerId],
  );
}
