import { productIdSql, type Shop } from './shop';

/**
 * The register sale the raw side runs, one sale per statement: check the cashier's session and touch
 * it, find the shop by its slug, lock the register's row (its receipts are numbered in turn) and find
 * its open shift, lock the lines' products in id order, and if the shift is open and every line has the
 * stock, take the register's next receipt number, insert the sale, its lines and its tender, take the
 * stock and insert its `sale` movements; one statement, so one round trip and its own transaction.
 * It writes what the server writes for one sale (`createSalesService(…).create` in
 * apps/server/src/modules/register/sales.service.ts, through sales.repository.ts and
 * registers.repository.ts), with less to do: no sale id sent twice to look for, no digest, no answer
 * read back. The benchmark's products have no tax rate and its sales no discount, so each line's
 * amount and net are its price × quantity, and its tax 0, as the server works them out for them.
 */
export function saleStatement(p: {
  productIds: string;
  lineCount: string;
  slug: string;
  sessionHash: string;
  receiptPrefix: string;
  cash: string;
  reference: string;
}): string {
  return `
  WITH
  session_owner AS (
    SELECT users.id FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.token_hash = ${p.sessionHash} AND sessions.expires_at > now() AND users.disabled_at IS NULL
  ),
  session_touched AS (
    UPDATE sessions SET last_seen_at = now()
    WHERE token_hash = ${p.sessionHash} AND expires_at > now() AND last_seen_at < now() - '1 minute'::interval
  ),
  shop AS (SELECT id, currency FROM merchants WHERE slug = ${p.slug} AND EXISTS (SELECT 1 FROM session_owner)),
  register AS (
    SELECT id, receipt_prefix, next_receipt FROM registers
    WHERE merchant_id = (SELECT id FROM shop) AND receipt_prefix = ${p.receiptPrefix} AND archived_at IS NULL
    FOR UPDATE
  ),
  shift AS (
    SELECT register_shifts.id FROM register_shifts JOIN register ON register.id = register_shifts.register_id
    WHERE register_shifts.closed_at IS NULL
  ),
  wanted AS (
    SELECT * FROM unnest(${p.productIds}::uuid[]) WITH ORDINALITY AS wanted (product_id, position)
    LIMIT ${p.lineCount}
  ),
  lines AS (
    SELECT p.id, p.sku, p.name, p.price_minor, p.stock, 1 AS quantity, wanted.position
    FROM products p JOIN wanted ON wanted.product_id = p.id
    WHERE p.merchant_id = (SELECT shop.id FROM shop WHERE EXISTS (SELECT 1 FROM shift)) AND p.archived_at IS NULL
    ORDER BY p.id
    FOR UPDATE OF p
  ),
  filled AS (
    SELECT count(*) = (SELECT count(*) FROM wanted) AND coalesce(bool_and(stock >= quantity), false) AS ok,
      sum(price_minor * quantity)::bigint AS total
    FROM lines
  ),
  numbered AS (
    UPDATE registers SET next_receipt = register.next_receipt + 1
    FROM register
    WHERE registers.id = register.id AND (SELECT ok FROM filled)
    RETURNING registers.id, register.receipt_prefix || '-' || lpad(register.next_receipt::text, 6, '0') AS receipt_number
  ),
  sale AS (
    INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
      prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest)
    SELECT gen_random_uuid(), shop.id, numbered.id, (SELECT id FROM shift), numbered.receipt_number,
      (SELECT id FROM session_owner), shop.currency, true, filled.total, 0, 0, filled.total,
      CASE WHEN ${p.cash} = 1 THEN (filled.total + 499) / 500 * 500 - filled.total ELSE 0 END, 'raw'
    FROM numbered, shop, filled
    RETURNING id, receipt_number, total_minor, change_minor
  ),
  sale_lines AS (
    INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
      discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
    SELECT sale.id, lines.position, lines.id, lines.sku, lines.name, lines.quantity, lines.price_minor,
      0, 0, lines.price_minor * lines.quantity, NULL, NULL, NULL, 0, lines.price_minor * lines.quantity
    FROM sale, lines
  ),
  tendered AS (
    INSERT INTO register_tenders (sale_id, position, method, amount_minor, reference)
    SELECT sale.id, 1, CASE WHEN ${p.cash} = 1 THEN 'cash' ELSE 'card' END, sale.total_minor + sale.change_minor,
      CASE WHEN ${p.cash} = 1 THEN NULL ELSE ${p.reference}::text END
    FROM sale
  ),
  taken AS (
    UPDATE products SET stock = lines.stock - lines.quantity
    FROM lines, sale
    WHERE products.id = lines.id
  ),
  moved AS (
    INSERT INTO stock_movements (merchant_id, product_id, quantity, type, document_id, actor_id, reason, note,
      balance_after, idempotency_key)
    SELECT shop.id, lines.id, -lines.quantity, 'sale', sale.id, (SELECT id FROM session_owner), NULL, NULL,
      lines.stock - lines.quantity, 'sale:' || sale.id || ':' || lines.id
    FROM sale, lines, shop
    ORDER BY lines.id
  )
  SELECT sale.id, sale.receipt_number FROM sale`;
}

/**
 * The same statement as a pgbench script: client n sells on the register whose prefix is
 * `prefix` followed by n (`:client_id`), 2 or 3 distinct products, paid by card or in cash. Under
 * `-M prepared` pgbench's variables become the bind parameters of a named statement, as the server's
 * statement cache sends its own.
 */
export function salePgbenchScript(shop: Shop, prefix: string): string {
  const products = shop.products;
  const half = Math.floor(products / 2);
  return [
    `\\set a random(1, ${products})`,
    // Two more products, never the first nor each other: offsets from it in two halves of the ring.
    `\\set b 1 + (:a - 1 + random(1, ${half - 1})) % ${products}`,
    `\\set c 1 + (:a - 1 + random(${half}, ${products - 1})) % ${products}`,
    '\\set n random(2, 3)',
    '\\set cash random(0, 1)',
    `${saleStatement({
      productIds: `ARRAY[${productIdSql(':a')}, ${productIdSql(':b')}, ${productIdSql(':c')}]`,
      lineCount: ':n',
      slug: ':slug',
      sessionHash: ':session',
      receiptPrefix: `('${prefix}' || (:client_id)::text)`,
      cash: ':cash',
      reference: "('raw-' || (:client_id)::text)",
    })
      .trim()
      .replace(/\n\s*/g, ' ')};`,
    '',
  ].join('\n');
}

/**
 * The sale in 16 statements, one per round trip, as the server sent it until they were merged into 6
 * (kept as the measure of what round trips cost on the raw stack), as a pgbench script: the caller at
 * the shop, the sale's id looked for, then in a transaction the register locked, its shift read, the
 * id looked for again, the products locked, the receipt number taken, the sale, its lines and its
 * tender inserted, the stock taken with its movements; after the commit the sale read back (head, lines,
 * tenders). Sixteen round trips, as counted on the server's connections (a proxy counting protocol
 * messages: 16.05 Execute and Sync per sale). Beside the one-statement sale it says what the round trips
 * cost on the raw stack; beside the server, what the server adds to the same statements. The
 * server's statements are Kysely's; these read and write the same rows by the same indexes.
 */
export function saleStepsPgbenchScript(shop: Shop, prefix: string, priceMinor: number): string {
  const products = shop.products;
  const half = Math.floor(products / 2);
  const wanted = `(ARRAY[${productIdSql(':a')}, ${productIdSql(':b')}, ${productIdSql(':c')}])[1:(:n)]`;
  const saleRead = `SELECT sale.*, registers.name AS register_name, cashier.name AS cashier_name FROM register_sales sale
    JOIN registers ON registers.id = sale.register_id JOIN users cashier ON cashier.id = sale.cashier_id WHERE sale.id = :sale_id`;
  const statements = [
    // The caller at the shop (the server's access statement reads the session, the shop and the role),
    // and a new id for the sale, as the register makes one.
    `SELECT users.id AS user_id, merchants.id AS merchant_id, merchants.currency, gen_random_uuid() AS sale_id
    FROM sessions JOIN users ON users.id = sessions.user_id JOIN merchants ON merchants.slug = :slug AND merchants.owner_id = users.id
    WHERE sessions.token_hash = :session AND sessions.expires_at > now() AND users.disabled_at IS NULL \\gset`,
    saleRead,
    'BEGIN',
    `SELECT id AS register_id, name AS register_name, receipt_prefix FROM registers
    WHERE merchant_id = :merchant_id AND receipt_prefix = ('${prefix}' || (:client_id)::text) FOR UPDATE \\gset`,
    `SELECT shift.id AS shift_id, shift.register_id, registers.name, registers.receipt_prefix, merchants.currency, shift.opened_by,
      opener.name AS opened_by_name, shift.opened_at, shift.opening_float_minor, shift.closed_by, closer.name AS closed_by_name, shift.closed_at
    FROM register_shifts shift JOIN registers ON registers.id = shift.register_id JOIN merchants ON merchants.id = shift.merchant_id
      JOIN users opener ON opener.id = shift.opened_by LEFT JOIN users closer ON closer.id = shift.closed_by
    WHERE shift.merchant_id = :merchant_id AND shift.register_id = :register_id AND shift.closed_at IS NULL \\gset`,
    saleRead,
    `SELECT id, sku, name, price_minor, stock, archived_at FROM products
    WHERE merchant_id = :merchant_id AND id = ANY(${wanted}) ORDER BY id FOR UPDATE`,
    'UPDATE registers SET next_receipt = next_receipt + 1 WHERE id = :register_id RETURNING next_receipt - 1 AS sequence \\gset',
    `INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency, prices_include_tax,
      gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest)
    VALUES (:sale_id, :merchant_id, :register_id, :shift_id, (:receipt_prefix)::text || '-' || lpad((:sequence)::text, 6, '0'), :user_id,
      :currency, true, :total, 0, 0, :total, CASE WHEN :cash = 1 THEN (:total + 499) / 500 * 500 - :total ELSE 0 END, 'raw')`,
    `INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor, discount_minor,
      cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
    SELECT :sale_id, wanted.position, p.id, p.sku, p.name, 1, p.price_minor, 0, 0, p.price_minor, NULL, NULL, NULL, 0, p.price_minor
    FROM unnest(${wanted}) WITH ORDINALITY AS wanted (product_id, position) JOIN products p ON p.id = wanted.product_id`,
    `INSERT INTO register_tenders (sale_id, position, method, amount_minor, reference)
    VALUES (:sale_id, 1, CASE WHEN :cash = 1 THEN 'cash' ELSE 'card' END, CASE WHEN :cash = 1 THEN (:total + 499) / 500 * 500 ELSE :total END,
      CASE WHEN :cash = 1 THEN NULL ELSE 'raw' END)`,
    `WITH wanted AS (SELECT product_id, 1 AS quantity FROM unnest(${wanted}) AS wanted (product_id)),
    taken AS (
      UPDATE products SET stock = products.stock - wanted.quantity FROM wanted WHERE products.id = wanted.product_id
      RETURNING products.id, products.merchant_id, products.stock, wanted.quantity
    )
    INSERT INTO stock_movements (merchant_id, product_id, quantity, type, document_id, actor_id, reason, note, balance_after, idempotency_key)
    SELECT merchant_id, id, -quantity, 'sale', :sale_id, :user_id, NULL, NULL, stock, 'sale:' || (:sale_id)::text || ':' || id FROM taken
    ORDER BY id`,
    'COMMIT',
    saleRead,
    'SELECT * FROM register_sale_lines WHERE sale_id = :sale_id ORDER BY position',
    'SELECT * FROM register_tenders WHERE sale_id = :sale_id ORDER BY position',
  ];
  return [
    `\\set a random(1, ${products})`,
    `\\set b 1 + (:a - 1 + random(1, ${half - 1})) % ${products}`,
    `\\set c 1 + (:a - 1 + random(${half}, ${products - 1})) % ${products}`,
    '\\set n random(2, 3)',
    '\\set cash random(0, 1)',
    `\\set total :n * ${priceMinor}`,
    // pgbench ends a statement at its semicolon or its \gset: each on one line.
    ...statements.map((statement) => {
      const flat = statement.replace(/\n\s*/g, ' ');
      return flat.endsWith('\\gset') ? flat : `${flat};`;
    }),
    '',
  ].join('\n');
}
