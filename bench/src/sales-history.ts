/**
 * Two years of a busy shop's sales, written set-based (generate_series) into the tables the product
 * records sales in — register shifts, sales, lines, tenders, returns and voids, online orders, their
 * items and cancellations — so that the real statement-level triggers of migration 0042 add every
 * sale to the summaries, and the real fold moves them in, as they would have over two years.
 * The stock ledger is not written: no report reads it.
 */
import type { Query } from './shop';
import { productIdSql } from './shop';
import { wallClockMs } from './stats';

export interface HistorySpec {
  merchantId: string;
  /** Order lines over the two years: register sale lines and online order items together. */
  lines: number;
  /** Days of history, today (the shop's) the last of them, up to now. */
  days: number;
  products: number;
  categories: number;
  registers: number;
  staff: number;
  customers: number;
}

export interface History {
  /** The shop's first and last day of history (the last is its today). */
  from: string;
  to: string;
  lines: { register: number; online: number };
  registerSales: number;
  returns: number;
  voids: number;
  orders: number;
  cancelled: number;
  shifts: number;
  /** Rows of each summary once everything is folded. */
  summaryRows: { salesHourly: number; productSalesDaily: number; paymentsDaily: number };
  /** Writing the records (their triggers included), folding the summaries, vacuuming and analysing the tables. */
  ms: { write: number; fold: number; analyse: number };
}

/** The shares of the lines sold at the register and online. */
const REGISTER_SHARE = 0.7;
const ONLINE_SHARE = 0.3;
/** Lines per sale or order: 1 + floor(4 r²), r uniform, averages 1.9268. */
const AVERAGE_LINES = 1.9268;
/** Lines voided for each line sold at the register. */
const VOIDED_SHARE = 0.02;
/** Days written per statement: a month of sales is one statement of each kind. */
const CHUNK_DAYS = 30;
/** Product n's i-th line in a sale is product n + 97 i: distinct within a sale of up to four lines. */
const LINE_STRIDE = 97;

/**
 * A day's demand against the average: busier on Fridays and Saturdays, quiet on Sundays, a peak at
 * Christmas, a trough in summer, and a shop that grows 30 % over the two years. `$4`, `$5`: first and
 * last day of the history.
 */
const DEMAND = `(ARRAY[0.85, 0.9, 0.95, 1.0, 1.2, 1.45, 0.65])[extract(isodow FROM d)::int]
  * (1 + 0.25 * cos(2 * pi() * (extract(doy FROM d) - 350) / 365.25))
  * (0.85 + 0.3 * (d::date - $4::date) / greatest($5::date - $4::date, 1))`;

/** The shop's time zone and its local now; the history's days, with their demand. */
const SHOP_AND_DAYS = `
  shop AS (SELECT id, time_zone, currency, prices_include_tax, now() AT TIME ZONE time_zone AS local_now
    FROM merchants WHERE id = $1::uuid),
  days AS MATERIALIZED (
    SELECT d::date AS day, d::date - $4::date AS n, ${DEMAND} AS demand
    FROM generate_series($2::date, $3::date, interval '1 day') AS d)`;

/** Lines drawn for the sales in `sales` (id, line_count, popular): popular products more often, mostly one of each. */
const DRAWN_LINES = (sales: string) => `
  line_drawn AS MATERIALIZED (
    SELECT sale.id AS sale_id, position, 1 + (sale.popular + (position - 1) * ${LINE_STRIDE}) % $6::int AS product_n,
      1 + floor(4 * random() ^ 3)::int AS quantity, random() < 0.05 AS discounted
    FROM ${sales} AS sale CROSS JOIN generate_series(1, sale.line_count) AS position),
  lines AS MATERIALIZED (
    SELECT drawn.sale_id, drawn.position, product.id AS product_id, product.sku, product.name, drawn.quantity,
      product.price_minor AS unit_price_minor, figures.discount_minor, figures.amount_minor, rate.id AS tax_rate_id,
      rate.name AS tax_rate_name, rate.rate_ppm AS tax_rate_ppm,
      round(figures.amount_minor * rate.rate_ppm / (1000000.0 + rate.rate_ppm))::bigint AS tax_minor
    FROM line_drawn AS drawn
    JOIN products AS product ON product.id = ${productIdSql('drawn.product_n')}
    JOIN tax_rates AS rate ON rate.id = product.tax_rate_id
    CROSS JOIN LATERAL (
      SELECT discount.minor AS discount_minor, drawn.quantity * product.price_minor - discount.minor AS amount_minor
      FROM (SELECT CASE WHEN drawn.discounted THEN round(drawn.quantity * product.price_minor / 10.0)::bigint ELSE 0 END AS minor) AS discount
    ) AS figures),
  totals AS (
    SELECT sale_id, sum(quantity * unit_price_minor) AS gross_minor, sum(discount_minor) AS discount_minor,
      sum(tax_minor) AS tax_minor, sum(amount_minor) AS total_minor
    FROM lines GROUP BY sale_id)`;

/** A receipt's number as the register prints it (prefix, dash, six digits or more) from `receipt_prefix` and `receipt_n`. */
const RECEIPT_NUMBER = (rows: string) =>
  `${rows}.receipt_prefix || '-' || lpad(${rows}.receipt_n::text, greatest(6, length(${rows}.receipt_n::text)), '0')`;

/**
 * A month of register days in one statement: each register's shift with its cashier (closed in the
 * evening, today's still open), its sales at times that peak in the afternoon, their lines, tenders (card
 * or cash, cash with change) and receipt numbers following the register's own.
 * $1 shop, $2–$3 the days, $4–$5 the history's, $6 products, $7 lines a day, $8 registers, $9 staff.
 */
const REGISTER_DAYS = `
  WITH ${SHOP_AND_DAYS},
  shifts AS MATERIALIZED (
    SELECT gen_random_uuid() AS id, days.day, register.id AS register_id,
      ($9::uuid[])[1 + (days.n * cardinality($8::uuid[]) + register.n) % cardinality($9::uuid[])] AS cashier_id,
      round(days.demand * $7::numeric * ${REGISTER_SHARE} / ${AVERAGE_LINES} / cardinality($8::uuid[]))::int AS sales
    FROM days CROSS JOIN unnest($8::uuid[]) WITH ORDINALITY AS register (id, n)),
  drawn AS MATERIALIZED (
    SELECT gen_random_uuid() AS id, shifts.id AS shift_id, shifts.register_id, shifts.cashier_id,
      shifts.day + interval '9 hours' + interval '11 hours' * (random() + random()) / 2 AS local_at,
      CASE WHEN random() < 0.6 THEN 'card' ELSE 'cash' END AS method,
      1 + floor(4 * random() ^ 2)::int AS line_count, floor($6::int * random() ^ 2)::int AS popular
    FROM shifts CROSS JOIN generate_series(1, shifts.sales)),
  kept AS MATERIALIZED (SELECT drawn.* FROM drawn, shop WHERE drawn.local_at <= shop.local_now),
  ${DRAWN_LINES('kept')},
  sales AS MATERIALIZED (
    SELECT kept.*, totals.gross_minor, totals.discount_minor, totals.tax_minor, totals.total_minor,
      CASE WHEN kept.method = 'cash' THEN (ceil(totals.total_minor / 500.0) * 500)::bigint - totals.total_minor ELSE 0 END
        AS change_minor,
      register.receipt_prefix,
      register.next_receipt - 1 + row_number() OVER (PARTITION BY kept.register_id ORDER BY kept.local_at) AS receipt_n
    FROM kept
    JOIN totals ON totals.sale_id = kept.id
    JOIN registers AS register ON register.id = kept.register_id),
  cash AS (SELECT shift_id, sum(total_minor) AS minor FROM sales WHERE method = 'cash' GROUP BY shift_id),
  shift_rows AS (
    INSERT INTO register_shifts (id, merchant_id, register_id, opened_by, opened_at, opening_float_minor,
      idempotency_key, closed_by, closed_at, expected_cash_minor, counted_cash_minor)
    SELECT shifts.id, shop.id, shifts.register_id, shifts.cashier_id,
      (shifts.day + interval '8 hours 45 minutes') AT TIME ZONE shop.time_zone, 15000, 'history:' || shifts.id,
      closing.by, closing.at, closing.cash, closing.cash
    FROM shifts CROSS JOIN shop LEFT JOIN cash ON cash.shift_id = shifts.id
    CROSS JOIN LATERAL (
      SELECT CASE WHEN is_open THEN NULL ELSE shifts.cashier_id END AS by,
        CASE WHEN is_open THEN NULL ELSE (shifts.day + interval '20 hours 15 minutes') AT TIME ZONE shop.time_zone END AS at,
        CASE WHEN is_open THEN NULL ELSE 15000 + coalesce(cash.minor, 0) END AS cash
      FROM (SELECT shifts.day = shop.local_now::date AS is_open) AS today) AS closing),
  sale_rows AS (
    INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
      prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, created_at)
    SELECT sales.id, shop.id, sales.register_id, sales.shift_id, ${RECEIPT_NUMBER('sales')}, sales.cashier_id, shop.currency,
      shop.prices_include_tax, sales.gross_minor, sales.discount_minor, sales.tax_minor, sales.total_minor,
      sales.change_minor, 'history', sales.local_at AT TIME ZONE shop.time_zone
    FROM sales CROSS JOIN shop),
  line_rows AS (
    INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
      discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
    SELECT sale_id, position, product_id, sku, name, quantity, unit_price_minor, discount_minor, 0, amount_minor,
      tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, amount_minor - tax_minor
    FROM lines),
  tender_rows AS (
    INSERT INTO register_tenders (sale_id, position, method, amount_minor)
    SELECT id, 1, method, total_minor + change_minor FROM sales),
  receipts AS (
    UPDATE registers SET next_receipt = next_receipt + numbered.sales
    FROM (SELECT register_id, count(*) AS sales FROM sales GROUP BY register_id) AS numbered
    WHERE registers.id = numbered.register_id)
  SELECT (SELECT count(*) FROM sales)::int AS sales, (SELECT count(*) FROM lines)::int AS lines,
    (SELECT count(*) FROM shifts)::int AS shifts`;

/**
 * The month's returns: one sale in 70 comes back later in its shift, its first line whole, refunded the
 * way it was paid, numbered by its register. $1 shop, $2–$3 the days.
 */
const RETURNS = `
  WITH shop AS (SELECT id, time_zone, currency FROM merchants WHERE id = $1::uuid),
  chosen AS MATERIALIZED (
    SELECT sale.id, sale.register_id, sale.shift_id, sale.prices_include_tax, shift.opened_by AS cashier_id,
      gen_random_uuid() AS return_id,
      sale.created_at + (least(coalesce(shift.closed_at, now()), now()) - sale.created_at) * random() AS at
    FROM register_sales AS sale CROSS JOIN shop
    JOIN register_shifts AS shift ON shift.id = sale.shift_id
    WHERE sale.merchant_id = shop.id AND sale.kind = 'sale'
      AND sale.created_at >= $2::date AT TIME ZONE shop.time_zone
      AND sale.created_at < ($3::date + 1) AT TIME ZONE shop.time_zone
      AND random() < 1 / 70.0),
  returned AS MATERIALIZED (
    SELECT chosen.*, line.product_id, line.sku, line.name, line.quantity, line.unit_price_minor, line.discount_minor,
      line.amount_minor, line.tax_rate_id, line.tax_rate_name, line.tax_rate_ppm, line.tax_minor, line.net_minor,
      tender.method, register.receipt_prefix,
      register.next_receipt - 1 + row_number() OVER (PARTITION BY chosen.register_id ORDER BY chosen.at) AS receipt_n
    FROM chosen
    JOIN register_sale_lines AS line ON line.sale_id = chosen.id AND line.position = 1
    JOIN register_tenders AS tender ON tender.sale_id = chosen.id AND tender.position = 1
    JOIN registers AS register ON register.id = chosen.register_id),
  sale_rows AS (
    INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
      prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest, created_at,
      kind, return_of, return_reason)
    SELECT return_id, shop.id, register_id, shift_id, ${RECEIPT_NUMBER('returned')}, cashier_id, shop.currency, prices_include_tax,
      -quantity * unit_price_minor, -discount_minor, -tax_minor, -amount_minor, 0, 'history', at,
      'return', returned.id, 'Did not fit'
    FROM returned CROSS JOIN shop),
  line_rows AS (
    INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
      discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor,
      returned_position, restock)
    SELECT return_id, 1, product_id, sku, name, -quantity, unit_price_minor, -discount_minor, 0, -amount_minor,
      tax_rate_id, tax_rate_name, tax_rate_ppm, -tax_minor, -net_minor, 1, true
    FROM returned),
  tender_rows AS (
    INSERT INTO register_tenders (sale_id, position, method, amount_minor)
    SELECT return_id, 1, method, -amount_minor FROM returned),
  receipts AS (
    UPDATE registers SET next_receipt = next_receipt + numbered.returns
    FROM (SELECT register_id, count(*) AS returns FROM returned GROUP BY register_id) AS numbered
    WHERE registers.id = numbered.register_id)
  SELECT count(*)::int AS returns FROM returned`;

/**
 * The month's voids: lines taken off a cart before it was paid, about one for 50 lines sold, a shift's
 * share set by its id. $1 shop, $2–$3 the days, $4 products, $5 voids a shift on average.
 */
const VOIDS = `
  WITH shop AS (SELECT id, time_zone FROM merchants WHERE id = $1::uuid),
  drawn AS MATERIALIZED (
    SELECT shift.id AS shift_id, shift.opened_by, 1 + floor($4::int * random() ^ 2)::int AS product_n,
      shift.opened_at + (least(coalesce(shift.closed_at, now()), now()) - shift.opened_at) * random() AS at
    FROM register_shifts AS shift CROSS JOIN shop
    CROSS JOIN generate_series(1, round($5::numeric * (0.5 + get_byte(uuid_send(shift.id), 0) / 255.0))::int)
    WHERE shift.merchant_id = shop.id AND shift.opened_at >= $2::date AT TIME ZONE shop.time_zone
      AND shift.opened_at < ($3::date + 1) AT TIME ZONE shop.time_zone),
  void_rows AS (
    INSERT INTO register_voids (id, shift_id, cart_id, product_id, sku, name, quantity, unit_price_minor, actor_id, created_at)
    SELECT gen_random_uuid(), drawn.shift_id, gen_random_uuid(), product.id, product.sku, product.name, 1,
      product.price_minor, drawn.opened_by, drawn.at
    FROM drawn JOIN products AS product ON product.id = ${productIdSql('drawn.product_n')}
    RETURNING 1)
  SELECT count(*)::int AS voids FROM void_rows`;

/**
 * A month of online orders in one statement, placed at any hour (most in the evening) by the shop's
 * customers, with their items; those older than a day dispatched. $1 shop, $2–$3 the days, $4–$5 the
 * history's, $6 products, $7 lines a day, $8 customers, $9 orders numbered so far.
 */
const ONLINE_DAYS = `
  WITH ${SHOP_AND_DAYS},
  drawn AS MATERIALIZED (
    SELECT gen_random_uuid() AS id, days.day + interval '1 hour' * (7 + 17 * random() ^ 0.7) AS local_at,
      ($8::uuid[])[1 + floor(cardinality($8::uuid[]) * random())::int] AS customer_id,
      1 + floor(4 * random() ^ 2)::int AS line_count, floor($6::int * random() ^ 2)::int AS popular
    FROM days CROSS JOIN generate_series(1, round(days.demand * $7::numeric * ${ONLINE_SHARE} / ${AVERAGE_LINES})::int)),
  kept AS MATERIALIZED (SELECT drawn.* FROM drawn, shop WHERE drawn.local_at <= shop.local_now),
  ${DRAWN_LINES('kept')},
  order_rows AS (
    INSERT INTO orders (id, merchant_id, customer_id, number, status, total_minor, tax_minor, prices_include_tax,
      created_at, dispatched_at)
    SELECT kept.id, shop.id, kept.customer_id,
      'W' || lpad(($9::int + row_number() OVER (ORDER BY kept.local_at))::text, 7, '0'),
      CASE WHEN kept.local_at < shop.local_now - interval '1 day' THEN 'closed' ELSE 'open' END,
      totals.total_minor, totals.tax_minor, shop.prices_include_tax, kept.local_at AT TIME ZONE shop.time_zone,
      CASE WHEN kept.local_at < shop.local_now - interval '1 day'
        THEN (kept.local_at + interval '20 hours') AT TIME ZONE shop.time_zone END
    FROM kept JOIN totals ON totals.sale_id = kept.id CROSS JOIN shop),
  item_rows AS (
    INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity, amount_minor, tax_rate_id,
      tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
    SELECT sale_id, product_id, sku, name, unit_price_minor, quantity, amount_minor, tax_rate_id, tax_rate_name,
      tax_rate_ppm, tax_minor, amount_minor - tax_minor
    FROM lines)
  SELECT (SELECT count(*) FROM kept)::int AS orders, (SELECT count(*) FROM lines)::int AS lines`;

/** The month's cancellations: one online order in 50 cancelled by its customer two hours after placing it. */
const CANCELLATIONS = `
  WITH shop AS (SELECT id, time_zone FROM merchants WHERE id = $1::uuid),
  cancelled AS (
    UPDATE orders SET status = 'cancelled', cancelled_at = created_at + interval '2 hours', cancelled_by = customer_id,
      cancelled_as = 'customer', cancel_reason = 'Ordered the wrong one', dispatched_at = NULL
    FROM shop
    WHERE orders.merchant_id = shop.id AND orders.created_at >= $2::date AT TIME ZONE shop.time_zone
      AND orders.created_at < ($3::date + 1) AT TIME ZONE shop.time_zone
      AND orders.created_at + interval '2 hours' <= now() AND random() < 1 / 50.0
    RETURNING 1)
  SELECT count(*)::int AS cancelled FROM cancelled`;

const TAX_RATES = [
  ['Reduced 5.5 %', 55_000],
  ['Standard 20 %', 200_000],
] as const;

/**
 * The shop's catalogue and people: categories, products (prices 1.50 to 31.00, most with an average cost,
 * one in ten without, the first categories at the reduced tax rate), registers, staff and customers.
 */
async function seedCatalogue(query: Query, spec: HistorySpec) {
  const shopId = spec.merchantId;
  const rates = await query(
    `INSERT INTO tax_rates (merchant_id, name, rate_ppm) SELECT $1, name, ppm FROM unnest($2::text[], $3::int[]) AS t (name, ppm)
     RETURNING id`,
    [shopId, TAX_RATES.map(([name]) => name), TAX_RATES.map(([, ppm]) => ppm)],
  );
  const categories = await query(
    `INSERT INTO categories (merchant_id, slug, name)
     SELECT $1, 'category-' || i, 'Category ' || i FROM generate_series(1, $2::int) AS i RETURNING id`,
    [shopId, spec.categories],
  );
  await query(
    `INSERT INTO products (id, merchant_id, category_id, sku, name, description, price_minor, stock, tax_rate_id, average_cost_minor)
     SELECT ${productIdSql('n')}, $1, ($3::uuid[])[1 + n % cardinality($3::uuid[])], 'SKU-' || lpad(n::text, 4, '0'),
       'Product ' || n, 'A product of the sales history', price, 1000,
       CASE WHEN n % cardinality($3::uuid[]) < 3 THEN $4::uuid ELSE $5::uuid END,
       CASE WHEN n % 10 = 0 THEN NULL ELSE price * (40 + n % 30) / 100 END
     FROM generate_series(1, $2::int) AS n CROSS JOIN LATERAL (SELECT 150 + (n * 7919 % 60) * 50 AS price) AS priced`,
    [shopId, spec.products, categories.map((row) => row.id), rates[0]!.id, rates[1]!.id],
  );
  const people = async (label: string, count: number) =>
    (
      await query(
        `INSERT INTO users (email, name) SELECT $1 || '-' || i || '-' || $2 || '@history.example', initcap($1) || ' ' || i
         FROM generate_series(1, $3::int) AS i RETURNING id`,
        [label, shopId.slice(0, 8), count],
      )
    ).map((row) => String(row.id));
  const staff = await people('staff', spec.staff);
  await query(
    `INSERT INTO merchant_members (merchant_id, user_id, role)
     SELECT $1, id, CASE WHEN position = 1 THEN 'manager' ELSE 'cashier' END FROM unnest($2::uuid[]) WITH ORDINALITY AS s (id, position)`,
    [shopId, staff],
  );
  const customers = await people('customer', spec.customers);
  const registers = await query(
    `INSERT INTO registers (merchant_id, name, receipt_prefix)
     SELECT $1, 'Till ' || i, 'T' || i FROM generate_series(1, $2::int) AS i RETURNING id`,
    [shopId, spec.registers],
  );
  return { staff, customers, registers: registers.map((row) => String(row.id)) };
}

const count = async (query: Query, text: string, params: unknown[]) =>
  Number(Object.values((await query(text, params))[0]!)[0]);

/**
 * Writes the history month by month, folding the summaries after each month as the server's folder
 * would have meanwhile, then vacuums and analyses the tables as autovacuum would have. `progress` hears of each month.
 */
export async function writeSalesHistory(
  query: Query,
  spec: HistorySpec,
  progress: (message: string) => void,
): Promise<History> {
  const writeStarted = wallClockMs();
  await query('SELECT setseed(0.19)');
  // generate_series' row estimates make every month's statement look huge: compiling it (JIT) took
  // longer than running it.
  await query('SET jit = off');
  const people = await seedCatalogue(query, spec);
  const [range] = await query(
    `SELECT (local.today - ($2::int - 1))::text AS from, local.today::text AS to
     FROM merchants CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE time_zone)::date AS today) AS local WHERE id = $1`,
    [spec.merchantId, spec.days],
  );
  const from = String(range!.from);
  const to = String(range!.to);
  const linesPerDay = spec.lines / spec.days;
  const written = {
    registerLines: 0,
    onlineLines: 0,
    registerSales: 0,
    returns: 0,
    voids: 0,
    orders: 0,
    cancelled: 0,
    shifts: 0,
  };
  let foldMs = 0;
  const fold = async () => {
    const began = wallClockMs();
    while ((await count(query, 'SELECT fold_sales_summaries(50000)', [])) > 0) {
      // Until nothing is pending.
    }
    foldMs += wallClockMs() - began;
  };
  for (let first = 0; first < spec.days; first += CHUNK_DAYS) {
    const [chunk] = await query(
      `SELECT ($1::date + $2::int)::text AS first, least($1::date + $3::int, $4::date)::text AS last`,
      [from, first, first + CHUNK_DAYS - 1, to],
    );
    const days = [from, to].map(String);
    const chunkDays = [String(chunk!.first), String(chunk!.last)];
    const [register] = await query(REGISTER_DAYS, [
      spec.merchantId,
      ...chunkDays,
      ...days,
      spec.products,
      linesPerDay,
      people.registers,
      people.staff,
    ]);
    written.registerSales += Number(register!.sales);
    written.registerLines += Number(register!.lines);
    written.shifts += Number(register!.shifts);
    written.returns += await count(query, RETURNS, [spec.merchantId, ...chunkDays]);
    const voidsPerShift = (linesPerDay * REGISTER_SHARE * VOIDED_SHARE) / spec.registers;
    written.voids += await count(query, VOIDS, [spec.merchantId, ...chunkDays, spec.products, voidsPerShift]);
    const [online] = await query(ONLINE_DAYS, [
      spec.merchantId,
      ...chunkDays,
      ...days,
      spec.products,
      linesPerDay,
      people.customers,
      written.orders,
    ]);
    written.orders += Number(online!.orders);
    written.onlineLines += Number(online!.lines);
    written.cancelled += await count(query, CANCELLATIONS, [spec.merchantId, ...chunkDays]);
    await fold();
    progress(`${chunkDays[1]}: ${(written.registerLines + written.onlineLines).toLocaleString('en')} lines`);
  }
  const writeMs = wallClockMs() - writeStarted - foldMs;
  // Two years of autovacuum, at once: the pending tables emptied by every fold are left with as many
  // dead pages as rows went through them, which every report would scan until vacuumed.
  const analyseStarted = wallClockMs();
  await query('VACUUM ANALYZE');
  const analyseMs = wallClockMs() - analyseStarted;
  const [rows] = await query(
    `SELECT (SELECT count(*) FROM sales_hourly)::int AS hourly, (SELECT count(*) FROM product_sales_daily)::int AS products,
       (SELECT count(*) FROM payments_daily)::int AS payments`,
  );
  return {
    from,
    to,
    lines: { register: written.registerLines, online: written.onlineLines },
    registerSales: written.registerSales,
    returns: written.returns,
    voids: written.voids,
    orders: written.orders,
    cancelled: written.cancelled,
    shifts: written.shifts,
    summaryRows: {
      salesHourly: Number(rows!.hourly),
      productSalesDaily: Number(rows!.products),
      paymentsDaily: Number(rows!.payments),
    },
    ms: { write: writeMs, fold: foldMs, analyse: analyseMs },
  };
}
