import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { OrderStatus, ShopRole, TaxRounding } from '@myb/contracts';
import type { Database } from '../../db/schema';
import type { DispatchedLine } from './dispatch-event';
import { orderNumbersFor } from './order-numbers';
import type { PriceView } from './price-book';
import { containing } from '../../db/like';
import { movementsInsert } from '../stock/stock.repository';
import {
  actorOf,
  callerColumns,
  callerCtes,
  oneCredential,
  roleAtShop,
  takeCaller,
  type CallerColumns,
  type Credential,
} from '../access/access.repository';

/** What an order's page shows of each line. */
export interface OrderItemRow {
  product_id: string;
  sku: string;
  name: string;
  unit_price_minor: number;
  quantity: number;
  amount_minor: number;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
  tax_minor: number;
  net_minor: number;
}

/** An order's line as the service priced it, from the prices, rates and settings it read (`priceView`). */
export interface PricedLineInput {
  productId: string;
  quantity: number;
  unitPriceMinor: number;
  taxRate: { id: string; ratePpm: number } | null;
  amountMinor: number;
  taxMinor: number;
  netMinor: number;
}

export interface PlaceOrderInput {
  sessionTokenHash: string;
  merchantSlug: string;
  numberPrefix: string;
  /** The shop's settings the lines were priced under. */
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
  taxMinor: number;
  /** What the customer pays, tax included. */
  totalMinor: number;
  lines: PricedLineInput[];
}

/** A product as an order prices it: the rate it sells at is its own, else its category's, else none. */
const taxRateOfProduct = sql`LEFT JOIN categories c ON c.id = p.category_id
  LEFT JOIN tax_rates t ON t.id = coalesce(p.tax_rate_id, c.tax_rate_id)`;

/**
 * Places several orders in one statement, so in one round trip and one transaction: checks each
 * customer's session (and touches it, as every signed-in request does), finds each shop by its
 * slug, locks the lines' products in id order (two statements never wait on each other in
 * opposite orders), and takes the stock, numbers the orders from the sequence and writes them with
 * their lines. An order is refused, and writes nothing, when it has no live session, no shop, a
 * product that is not the shop's (or no longer on sale: archived) or a line short of stock; the rows say which. The others are
 * placed together if their stock covers them all; when it does not (orders that each fit, but not
 * all of them), none of them is placed, and `contended` tells the caller to place them one by one.
 * One row per line (distinct products within an order), in order of `n`, each order's position
 * in `orders` from 1, then of product id, each with the customer, the shop and, if placed, the order.
 *
 * Products are reached through each order's shop, by key: the plan PostgreSQL keeps for this
 * named statement, made without the parameters' values, has no count of lines to misjudge (an
 * earlier statement for one order, whose lines were matched to the shop's products directly,
 * found them by scanning every product twice in that plan).
 *
 * The new stock is the locked row's stock minus the demand, never `products.stock - quantity`: the
 * UPDATE builds its row from the version its snapshot saw and checks `stock >= 0` on that row before
 * it meets the newer version the lock returned, so stock added meanwhile (an adjustment, a
 * cancellation) made that check fail with a 500 (found by catalogue-edits' race test).
 *
 * Each line placed is an `order` movement (`movementsInsert`) whose balance after it is the locked
 * stock less the batch's lines of the product up to it.
 *
 * A shopper's first order at a shop makes them one of its customers (`shop_customers`), tied to their
 * account; later orders find the record there.
 *
 * The money is the caller's: each order comes priced (`saleTotals`, from what `priceView` read), and
 * is placed only if what it was priced from is what the locked rows say now — each product's price and
 * the rate it sells at, the shop's tax settings. Otherwise it is refused with `priced` false on its
 * lines, and the caller prices it again: an order never records an amount its own rows do not give.
 *
 * The sessions are checked and touched as every caller's credential is, by `callerCtes`.
 */
export function placeOrdersStatement(orders: PlaceOrderInput[]): RawBuilder<PlacedLine> {
  const lines = orders.flatMap((order, index) => order.lines.map((line) => ({ n: index + 1, ...line })));
  return sql<PlacedLine>`
    WITH incoming AS (
      SELECT incoming.n::int AS n, incoming.token_hash, incoming.slug, incoming.prefix, incoming.prices_include_tax,
        incoming.tax_rounding, incoming.tax_minor, incoming.total_minor
      FROM unnest(${orders.map((order) => order.sessionTokenHash)}::text[], ${orders.map((order) => order.merchantSlug)}::text[],
        ${orders.map((order) => order.numberPrefix)}::text[], ${orders.map((order) => order.pricesIncludeTax)}::boolean[],
        ${orders.map((order) => order.taxRounding)}::text[], ${orders.map((order) => order.taxMinor)}::bigint[],
        ${orders.map((order) => order.totalMinor)}::bigint[])
        WITH ORDINALITY AS incoming (token_hash, slug, prefix, prices_include_tax, tax_rounding, tax_minor, total_minor, n)
    ),
    credential AS (SELECT n, 'session' AS kind, token_hash FROM incoming),
    ${callerCtes},
    shop AS (
      SELECT incoming.n, merchants.id, merchants.name, merchants.currency, merchants.closed_at,
        merchants.prices_include_tax = incoming.prices_include_tax AND merchants.tax_rounding = incoming.tax_rounding
          AS settings_priced
      FROM incoming JOIN merchants ON merchants.slug = incoming.slug
      WHERE incoming.n IN (SELECT n FROM caller)
    ),
    wanted AS (
      SELECT * FROM unnest(${lines.map((line) => line.n)}::int[], ${lines.map((line) => line.productId)}::uuid[],
        ${lines.map((line) => line.quantity)}::int[], ${lines.map((line) => line.unitPriceMinor)}::bigint[],
        ${lines.map((line) => line.taxRate?.id ?? null)}::uuid[], ${lines.map((line) => line.taxRate?.ratePpm ?? null)}::int[],
        ${lines.map((line) => line.amountMinor)}::bigint[], ${lines.map((line) => line.taxMinor)}::bigint[],
        ${lines.map((line) => line.netMinor)}::bigint[])
        AS wanted (n, product_id, quantity, unit_price_minor, tax_rate_id, tax_rate_ppm, amount_minor, tax_minor, net_minor)
    ),
    lines AS (
      SELECT wanted.n, p.id, p.sku, p.name, p.price_minor, p.stock, wanted.quantity,
        t.id AS tax_rate_id, t.name AS tax_rate_name, t.rate_ppm AS tax_rate_ppm,
        shop.settings_priced AND p.price_minor = wanted.unit_price_minor AND t.id IS NOT DISTINCT FROM wanted.tax_rate_id
          AND t.rate_ppm IS NOT DISTINCT FROM wanted.tax_rate_ppm AS priced
      FROM wanted JOIN shop ON shop.n = wanted.n
        JOIN products p ON p.id = wanted.product_id AND p.merchant_id = shop.id AND p.archived_at IS NULL
        ${taxRateOfProduct}
      ORDER BY p.id
      FOR UPDATE OF p
    ),
    fillable AS (
      SELECT shop.n FROM shop
      WHERE shop.closed_at IS NULL AND (SELECT count(*) FROM wanted WHERE wanted.n = shop.n)
        = (SELECT count(*) FROM lines WHERE lines.n = shop.n AND lines.stock >= lines.quantity AND lines.priced)
    ),
    demand AS (
      SELECT id, sum(quantity) AS quantity, min(stock) AS stock FROM lines WHERE n IN (SELECT n FROM fillable) GROUP BY id
    ),
    filled AS (
      SELECT NOT EXISTS (SELECT 1 FROM demand WHERE stock < quantity) AS ok
    ),
    taken AS (
      UPDATE products SET stock = demand.stock - demand.quantity
      FROM demand
      WHERE products.id = demand.id AND (SELECT ok FROM filled)
    ),
    numbered AS (
      SELECT fillable.n, gen_random_uuid() AS id, incoming.prefix || nextval('order_number_seq') AS number
      FROM fillable JOIN incoming ON incoming.n = fillable.n
      WHERE (SELECT ok FROM filled)
    ),
    placed AS (
      INSERT INTO orders (id, merchant_id, customer_id, number, prices_include_tax, tax_minor, total_minor)
      SELECT numbered.id, shop.id, caller.user_id, numbered.number, incoming.prices_include_tax, incoming.tax_minor,
        incoming.total_minor
      FROM numbered JOIN shop ON shop.n = numbered.n JOIN caller ON caller.n = numbered.n
        JOIN incoming ON incoming.n = numbered.n
      RETURNING id, number, status, created_at, prices_include_tax, tax_minor, total_minor
    ),
    placed_lines AS (
      INSERT INTO order_items (order_id, product_id, sku, name, unit_price_minor, quantity, amount_minor, tax_rate_id,
        tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
      SELECT numbered.id, lines.id, lines.sku, lines.name, lines.price_minor, lines.quantity, wanted.amount_minor,
        lines.tax_rate_id, lines.tax_rate_name, lines.tax_rate_ppm, wanted.tax_minor, wanted.net_minor
      FROM numbered JOIN lines ON lines.n = numbered.n
        JOIN wanted ON wanted.n = lines.n AND wanted.product_id = lines.id
    ),
    -- A shopper's first order at a shop makes them its customer, tied to their account.
    customers AS (
      INSERT INTO shop_customers (id, merchant_id, user_id, name, email)
      SELECT DISTINCT ON (shop.id, caller.user_id) gen_random_uuid(), shop.id, caller.user_id, caller.user_name,
        caller.user_email
      FROM numbered JOIN shop ON shop.n = numbered.n JOIN caller ON caller.n = numbered.n
      ON CONFLICT (merchant_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
    ),
    moved AS (${movementsInsert(
      'order',
      sql`SELECT shop.id AS merchant_id, lines.id AS product_id, -lines.quantity AS quantity, numbered.id AS document_id,
        caller.user_id AS actor_id, NULL::text AS reason, NULL::text AS note,
        lines.stock - sum(lines.quantity) OVER (PARTITION BY lines.id ORDER BY lines.n) AS balance_after,
        'order:' || numbered.id || ':' || lines.id AS idempotency_key
      FROM numbered JOIN lines ON lines.n = numbered.n JOIN shop ON shop.n = numbered.n JOIN caller ON caller.n = numbered.n`,
    )})
    SELECT wanted.n, wanted.product_id, wanted.quantity, lines.sku, lines.name, lines.price_minor, lines.stock,
      lines.priced, lines.tax_rate_id, lines.tax_rate_name, lines.tax_rate_ppm, wanted.amount_minor,
      wanted.tax_minor AS line_tax_minor, wanted.net_minor,
      caller.user_id AS customer_id, caller.user_name AS customer_name, caller.user_email AS customer_email,
      shop.id AS merchant_id, shop.name AS merchant_name, shop.currency, shop.closed_at AS merchant_closed_at,
      placed.id AS order_id, placed.number, placed.status, placed.created_at, placed.prices_include_tax,
      placed.tax_minor, placed.total_minor
    FROM wanted
    LEFT JOIN lines ON lines.n = wanted.n AND lines.id = wanted.product_id
    LEFT JOIN caller ON caller.n = wanted.n
    LEFT JOIN shop ON shop.n = wanted.n
    LEFT JOIN numbered ON numbered.n = wanted.n
    LEFT JOIN placed ON placed.id = numbered.id
    ORDER BY wanted.n, wanted.product_id`;
}

/**
 * True when an order of a batch was neither placed nor refused: every line was there with enough
 * stock for it alone, but the batch's stock did not cover all its orders. Placed alone, it is
 * placed or refused.
 */
export const contended = (lines: PlacedLine[]) =>
  lines.length > 0 &&
  lines[0]!.order_id === null &&
  lines[0]!.merchant_id !== null &&
  lines[0]!.merchant_closed_at === null &&
  lines.every((line) => line.name !== null && line.stock! >= line.quantity && line.priced === true);

/** The order whose number was typed (`orderNumbersFor`), through the numbers' unique index. */
export function orderNumberIs(typed: string): RawBuilder<boolean> {
  return sql<boolean>`orders.number = ANY(${orderNumbersFor(typed)}::text[])`;
}

export function createOrdersRepository(db: Kysely<Database>) {
  const orderColumns = db
    .selectFrom('orders')
    .innerJoin('merchants', 'merchants.id', 'orders.merchant_id')
    .innerJoin('users', 'users.id', 'orders.customer_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.status',
      'orders.prices_include_tax',
      'orders.tax_minor',
      'orders.total_minor',
      'orders.created_at',
      'orders.dispatched_at',
      'orders.merchant_id',
      'merchants.slug as merchant_slug',
      'merchants.name as merchant_name',
      'merchants.currency',
      'orders.customer_id',
      'users.name as customer_name',
      'users.email as customer_email',
    ]);

  return {
    /** Places orders together, each order's lines in the order given: see `placeOrdersStatement`. */
    place: async (orders: PlaceOrderInput[]): Promise<PlacedLine[][]> => {
      const placed: PlacedLine[][] = orders.map(() => []);
      for (const line of (await placeOrdersStatement(orders).execute(db)).rows) {
        placed[line.n - 1]!.push(line);
      }
      return placed;
    },

    /**
     * What an order of these products at the shop `merchantSlug` is priced from, read without a lock
     * (the placing statement checks it against the locked rows): the shop's tax settings, and each of
     * the products on sale with its price and the rate it sells at (`taxRateOfProduct`, as the public
     * catalogue shows it) — and with `besides`, as many of its other products on sale as that. Undefined
     * when there is no such shop.
     */
    priceView: async (merchantSlug: string, productIds: string[], besides: number): Promise<PriceView | undefined> => {
      const { rows } = await sql<PriceView>`
        SELECT m.prices_include_tax, m.tax_rounding,
          (SELECT coalesce(json_agg(json_build_object('id', priced.id, 'price_minor', priced.price_minor,
            'tax_rate_id', priced.tax_rate_id, 'tax_rate_name', priced.tax_rate_name, 'tax_rate_ppm', priced.tax_rate_ppm)), '[]')
            FROM (
              SELECT p.id, p.price_minor, t.id AS tax_rate_id, t.name AS tax_rate_name, t.rate_ppm AS tax_rate_ppm
              FROM products p ${taxRateOfProduct}
              WHERE p.merchant_id = m.id AND p.archived_at IS NULL AND ${besides > 0 ? sql`true` : sql`p.id = ANY(${productIds}::uuid[])`}
              ORDER BY p.id = ANY(${productIds}::uuid[]) DESC
              LIMIT ${productIds.length + besides}
            ) AS priced) AS products
        FROM merchants m WHERE m.slug = ${merchantSlug}`.execute(db);
      return rows[0];
    },

    /**
     * All a dispatch reads, in one round trip: the shop by its slug; the caller of `credential`, found
     * and touched by `callerCtes`, and their role at the shop (`roleAtShop`); and the order of that shop as its page shows it but for its deliveries,
     * with each of its lines once per supplier of the line's product. One row, with nulls for what
     * is not there.
     */
    dispatchView: async (merchantSlug: string, orderId: string, credential: Credential | null) => {
      const order = orderColumns
        .select([
          sql<OrderItemRow[]>`(
            SELECT coalesce(json_agg(json_build_object('product_id', product_id, 'sku', sku, 'name', name,
              'unit_price_minor', unit_price_minor, 'quantity', quantity, 'amount_minor', amount_minor,
              'tax_rate_id', tax_rate_id, 'tax_rate_name', tax_rate_name, 'tax_rate_ppm', tax_rate_ppm,
              'tax_minor', tax_minor, 'net_minor', net_minor) ORDER BY name), '[]')
            FROM order_items WHERE order_id = orders.id)`.as('items'),
          // Each line's suppliers are looked up by the line's product: OFFSET 0 keeps the planner
          // from hashing every product's suppliers first, which it chose for a catalogue of a
          // thousand (EXPLAIN ANALYZE: 0.26–0.40 ms of the read's 0.36–0.60 ms, against 0.05 now).
          sql<DispatchedLine[]>`(
            SELECT coalesce(json_agg(json_build_object('supplierId', supplier.id, 'supplierSlug', supplier.slug,
              'supplierName', supplier.name, 'needsAcknowledgement', supplier.orders_need_acknowledgement,
              'acknowledgeWithinHours', supplier.acknowledge_within_hours, 'sku', order_items.sku, 'product', order_items.name,
              'quantity', order_items.quantity) ORDER BY supplier.slug, order_items.sku), '[]')
            FROM order_items
            CROSS JOIN LATERAL (
              SELECT suppliers.id, suppliers.slug, suppliers.name, suppliers.orders_need_acknowledgement,
                suppliers.acknowledge_within_hours
              FROM product_suppliers JOIN suppliers ON suppliers.id = product_suppliers.supplier_id
              WHERE product_suppliers.product_id = order_items.product_id
              OFFSET 0
            ) AS supplier
            WHERE order_items.order_id = orders.id)`.as('lines'),
        ])
        .where('orders.merchant_id', '=', sql<string>`shop.id`)
        .where('orders.id', '=', orderId);
      type OrderView = Awaited<ReturnType<typeof order.executeTakeFirstOrThrow>>;
      type Shop = { shop_id: string | null; shop_name: string; shop_time_zone: string; role: ShopRole | null };
      const { rows } = await sql<CallerColumns & Shop & (OrderView | { [K in keyof OrderView]: null })>`
        WITH ${oneCredential(credential)}, ${callerCtes},
        shop AS (SELECT id, name, owner_id, time_zone FROM merchants WHERE slug = ${merchantSlug})
        SELECT ${callerColumns}, ${roleAtShop} AS role, shop.id AS shop_id, shop.name AS shop_name,
          shop.time_zone AS shop_time_zone, o.*
        FROM (VALUES (1)) AS one
        LEFT JOIN caller ON true
        LEFT JOIN shop ON true
        LEFT JOIN LATERAL ${order} AS o ON true`.execute(db);
      const { caller, rest } = takeCaller(rows[0]!);
      const { role, shop_id, shop_name, shop_time_zone, ...found } = rest;
      return {
        /** What `authorize` decides from. */
        caller: {
          actor: actorOf(caller),
          shop: shop_id ? { id: shop_id, slug: merchantSlug, name: shop_name } : undefined,
          role: role ?? undefined,
        },
        order: found.id === null ? undefined : found,
        /** The shop's time zone, in which its suppliers' deadlines to acknowledge are counted. */
        timeZone: shop_time_zone,
      };
    },

    /**
     * Closes each order if it is still open, as the guard of the statement that writes their events
     * (`EventsService.write`'s `guard`, keyed by order id): of two dispatches of one order, the second
     * closes nothing.
     */
    closeIfOpen: (closings: { merchantId: string; orderId: string; at: Date }[]) =>
      sql<{ key: string }>`UPDATE orders SET status = 'closed', dispatched_at = closing.at
        FROM unnest(${closings.map((closing) => closing.orderId)}::uuid[],
          ${closings.map((closing) => closing.merchantId)}::uuid[],
          ${closings.map((closing) => closing.at.toISOString())}::timestamptz[]) AS closing(id, merchant_id, at)
        WHERE orders.id = closing.id AND orders.merchant_id = closing.merchant_id AND orders.status = 'open'
        RETURNING orders.id AS key`,

    /**
     * Cancels the order if it is still open and gives its lines' stock back, in one statement: of
     * two cancellations, or a cancellation and a dispatch (`closeIfOpen`), racing for one order,
     * the first to lock its row wins and the other finds it no longer open, so the stock comes
     * back once. The products are locked in id order, as placing an order locks them, and added
     * to (never written with a figure read earlier). `scope` is the shop or the customer it must
     * belong to. Returns the order's id when this call cancelled it.
     */
    cancelIfOpen: async (
      orderId: string,
      scope: { merchantId: string } | { customerId: string },
      by: { userId: string; as: 'customer' | 'shop'; reason: string | null },
    ): Promise<boolean> => {
      const belongs =
        'merchantId' in scope
          ? sql`orders.merchant_id = ${scope.merchantId}`
          : sql`orders.customer_id = ${scope.customerId}`;
      const { rows } = await sql<{ id: string }>`
        WITH cancelled AS (
          UPDATE orders SET status = 'cancelled', cancelled_at = now(), cancelled_by = ${by.userId},
            cancelled_as = ${by.as}, cancel_reason = ${by.reason}
          WHERE orders.id = ${orderId} AND ${belongs} AND orders.status = 'open'
          RETURNING orders.id
        ),
        locked AS (
          SELECT products.id, order_items.quantity
          FROM order_items JOIN products ON products.id = order_items.product_id
          WHERE order_items.order_id IN (SELECT id FROM cancelled)
          ORDER BY products.id
          FOR UPDATE OF products
        ),
        restocked AS (
          UPDATE products SET stock = products.stock + locked.quantity FROM locked WHERE products.id = locked.id
          RETURNING products.id, products.merchant_id, products.stock, locked.quantity
        ),
        moved AS (${movementsInsert(
          'cancellation',
          sql`SELECT restocked.merchant_id, restocked.id AS product_id, restocked.quantity, cancelled.id AS document_id,
            ${by.userId}::uuid AS actor_id, ${by.reason}::text AS reason, NULL::text AS note, restocked.stock AS balance_after,
            'cancellation:' || cancelled.id || ':' || restocked.id AS idempotency_key
          FROM restocked CROSS JOIN cancelled`,
        )})
        SELECT id FROM cancelled`.execute(db);
      return rows.length > 0;
    },

    /**
     * Newest first, at most `limit` (200 unless told). `before` is an order's id: only orders placed
     * before it are listed, by (created_at, number) — orders placed together share created_at, and
     * numbers are unique — read from its row, so no timestamp loses precision on the way.
     * `number` finds an order by its number, with or without its prefix (`orderNumberIs`);
     * `text` is matched, case aside, within the customer's name and e-mail, or the shop's name.
     * `from` is inclusive, `to` exclusive.
     */
    list: (filter: {
      merchantId?: string;
      customerId?: string;
      orderId?: string;
      status?: OrderStatus;
      before?: string;
      limit?: number;
      /** As typed: "A-1004" or "1004". */
      number?: string;
      text?: { in: 'customer' | 'shop'; value: string };
      from?: string;
      to?: string;
    }) => {
      let query = orderColumns.select([
        'orders.cancelled_at',
        'orders.cancelled_as',
        'orders.cancel_reason',
        sql<string | null>`(SELECT name FROM users AS canceller WHERE canceller.id = orders.cancelled_by)`.as(
          'cancelled_by_name',
        ),
      ]);
      if (filter.merchantId) {
        query = query.where('orders.merchant_id', '=', filter.merchantId);
      }
      if (filter.customerId) {
        query = query.where('orders.customer_id', '=', filter.customerId);
      }
      if (filter.orderId) {
        query = query.where('orders.id', '=', filter.orderId);
      }
      if (filter.status) {
        query = query.where('orders.status', '=', filter.status);
      }
      if (filter.number) {
        query = query.where(orderNumberIs(filter.number));
      }
      if (filter.text) {
        const pattern = containing(filter.text.value);
        const { text } = filter;
        query = query.where((where) =>
          text.in === 'customer'
            ? where.or([where('users.name', 'ilike', pattern), where('users.email', 'ilike', pattern)])
            : where('merchants.name', 'ilike', pattern),
        );
      }
      if (filter.from) {
        query = query.where('orders.created_at', '>=', new Date(filter.from));
      }
      if (filter.to) {
        query = query.where('orders.created_at', '<', new Date(filter.to));
      }
      if (filter.before) {
        // PostgreSQL seeks the (merchant or customer, created_at) index to the row comparison's first
        // column and filters on the second (EXPLAIN: 52 rows read for a page of 50, 150,000 deep).
        query = query.where(
          sql<boolean>`(orders.created_at, orders.number) < (SELECT created_at, number FROM orders AS given WHERE given.id = ${filter.before})`,
        );
      }
      return query
        .orderBy('orders.created_at', 'desc')
        .orderBy('orders.number', 'desc')
        .limit(filter.limit ?? 200)
        .execute();
    },

    itemsOf: (orderIds: string[]) =>
      orderIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('order_items')
            .selectAll()
            .where('order_id', 'in', orderIds)
            .orderBy('name')
            .execute(),
  };
}
/** What `place` says of one line: the product as locked (null when the shop has no such product), the shop, the order. */
export interface PlacedLine {
  /** The order's position in the batch, from 1. */
  n: number;
  product_id: string;
  quantity: number;
  sku: string | null;
  name: string | null;
  price_minor: number | null;
  /** The stock before this order took from it. */
  stock: number | null;
  /** False when the line's price or rate, or the shop's tax settings, are not what it was priced from. */
  priced: boolean | null;
  /** The rate it sells at, as locked. */
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
  /** As priced. */
  amount_minor: number;
  line_tax_minor: number;
  net_minor: number;
  /** Null when the session is not live: nothing was written. */
  customer_id: string | null;
  merchant_id: string | null;
  merchant_name: string | null;
  currency: string | null;
  /** Set when the shop has closed: it takes no orders. */
  merchant_closed_at: Date | null;
  order_id: string | null;
  number: string | null;
  status: OrderStatus | null;
  created_at: Date | null;
  prices_include_tax: boolean | null;
  tax_minor: number | null;
  total_minor: number | null;
  customer_name: string | null;
  customer_email: string | null;
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
