import { sql, type Kysely, type RawBuilder } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** A stretch of sales summed: net (after discounts, before tax, less refunds), and the rest. */
export interface SalesSums {
  net_minor: number;
  sales: number;
  total_minor: number;
  refunds: number;
  refunded_minor: number;
}

const salesSums = [
  sql<number>`coalesce(sum(sales_net_minor - refunds_net_minor), 0)::bigint`.as('net_minor'),
  sql<number>`coalesce(sum(sales), 0)::int`.as('sales'),
  sql<number>`coalesce(sum(sales_total_minor), 0)::bigint`.as('total_minor'),
  sql<number>`coalesce(sum(refunds), 0)::int`.as('refunds'),
  sql<number>`coalesce(sum(refunds_total_minor), 0)::bigint`.as('refunded_minor'),
] as const;

/** One hour of one day's sales, summed over channels and staff. */
export type HourOfSales = SalesSums & { day: string; hour: number };

/** Days of the shop, both included. */
export interface Days {
  from: string;
  to: string;
}

/** Pending summary rows folded in one call, at most, per summary. */
export const FOLD_BATCH = 5_000;

/**
 * The reports' reads. Sales are read from the summaries of migration 0042 (through their `_now` views,
 * which add what is not yet folded), never from the sales themselves.
 */
export const createReportsRepository = repository((db: Kysely<Database>) => ({
  /** The shop's day and hour now, in its time zone, on the database's clock. */
  async shopNow(timeZone: string): Promise<{ today: string; last_week: string; hour: number }> {
    const { rows } = await sql<{ today: string; last_week: string; hour: number }>`
      SELECT local.at::date::text AS today, (local.at::date - 7)::text AS last_week,
        extract(hour FROM local.at)::int AS hour
      FROM (SELECT now() AT TIME ZONE ${timeZone} AS at) AS local`.execute(db);
    return rows[0]!;
  },

  /** Each hour with sales or refunds on the given days. */
  hoursOf: (merchantId: string, days: string[]): Promise<HourOfSales[]> =>
    db
      .selectFrom('sales_hourly_now')
      .select([sql<string>`day::text`.as('day'), 'hour', ...salesSums])
      .where('merchant_id', '=', merchantId)
      .where(sql<string>`day`, '=', sql<string>`ANY(${days}::date[])`)
      .groupBy(['day', 'hour'])
      .execute(),

  /** Sales per day, week (from Monday) or month, every bucket from the first day's to the last's. */
  async salesBuckets(merchantId: string, { from, to }: Days, by: 'day' | 'week' | 'month') {
    const { rows } = await sql<SalesSums & { bucket: string }>`
      WITH summed AS (
        SELECT date_trunc(${by}, day)::date AS bucket, ${sql.join(salesSums)}
        FROM sales_hourly_now
        WHERE merchant_id = ${merchantId}::uuid AND day BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1
      )
      SELECT series.bucket::date::text AS bucket, coalesce(net_minor, 0)::bigint AS net_minor, coalesce(sales, 0)::int AS sales,
        coalesce(total_minor, 0)::bigint AS total_minor, coalesce(refunds, 0)::int AS refunds,
        coalesce(refunded_minor, 0)::bigint AS refunded_minor
      FROM generate_series(date_trunc(${by}, ${from}::date), ${to}::date, ('1 ' || ${by})::interval) AS series (bucket)
      LEFT JOIN summed ON summed.bucket = series.bucket::date
      ORDER BY series.bucket`.execute(db);
    return rows;
  },

  /** Sales per weekday (1 Monday … 7 Sunday) and hour of the shop's day. */
  salesByWeekdayHour: (merchantId: string, { from, to }: Days) =>
    db
      .selectFrom('sales_hourly_now')
      .select([sql<number>`extract(isodow FROM day)::int`.as('weekday'), 'hour', ...salesSums])
      .where('merchant_id', '=', merchantId)
      .where(sql<string>`day`, '>=', sql<string>`${from}::date`)
      .where(sql<string>`day`, '<=', sql<string>`${to}::date`)
      .groupBy([sql`1`, 'hour'])
      .execute(),

  /**
   * Sales per channel and cashier (none online), with the voids of each cashier: summed first, then
   * named (grouping two years of hours by the names too sorted every row).
   */
  salesByStaff: (merchantId: string, { from, to }: Days) =>
    db
      .selectFrom((rows) =>
        rows
          .selectFrom('sales_hourly_now')
          .select([
            'channel',
            'staff_id',
            ...salesSums,
            sql<number>`coalesce(sum(voided_lines), 0)::int`.as('voided_lines'),
            sql<number>`coalesce(sum(voided_minor), 0)::bigint`.as('voided_minor'),
          ])
          .where('merchant_id', '=', merchantId)
          .where(sql<string>`day`, '>=', sql<string>`${from}::date`)
          .where(sql<string>`day`, '<=', sql<string>`${to}::date`)
          .groupBy(['channel', 'staff_id'])
          .as('summed'),
      )
      .leftJoin('users', 'users.id', 'summed.staff_id')
      .select([
        'summed.channel',
        'summed.staff_id',
        'users.name as staff_name',
        'summed.net_minor',
        'summed.sales',
        'summed.total_minor',
        'summed.refunds',
        'summed.refunded_minor',
        'summed.voided_lines',
        'summed.voided_minor',
      ])
      .execute(),

  /** What came in and went back per payment method. */
  payments: (merchantId: string, { from, to }: Days) =>
    db
      .selectFrom('payments_daily_now')
      .select([
        'method',
        sql<number>`sum(payments)::int`.as('payments'),
        sql<number>`sum(paid_minor)::bigint`.as('paid_minor'),
        sql<number>`sum(refunds)::int`.as('refunds'),
        sql<number>`sum(refunded_minor)::bigint`.as('refunded_minor'),
      ])
      .where('merchant_id', '=', merchantId)
      .where(sql<string>`day`, '>=', sql<string>`${from}::date`)
      .where(sql<string>`day`, '<=', sql<string>`${to}::date`)
      .groupBy('method')
      .execute(),

  /**
   * Per product sold or given back: quantities, net and cost, with its name and category now. The months
   * the days cover whole are read from the monthly sums, only the days of the months taken in part from
   * the daily ones (two years of a busy shop: some 20,000 rows instead of 400,000); they are summed per
   * product first and only then named, so 400 sums are hashed rather than every row sorted by its names.
   */
  productSales: (merchantId: string, { from, to }: Days) =>
    db
      .selectFrom((rows) => {
        // The whole months run from the first 1st on or after `from` up to the 1st after `to`, whole
        // when `to` is a month's last day.
        const wholeFrom = sql<string>`date_trunc('month', ${from}::date - 1 + interval '1 month')::date`;
        const wholeUntil = sql<string>`date_trunc('month', ${to}::date + 1)::date`;
        const sums = [
          'product_id',
          'sold_quantity',
          'returned_quantity',
          'sold_net_minor',
          'returned_net_minor',
          'cost_minor',
          'costed_net_minor',
          'uncosted_quantity',
        ] as const;
        const byMonths = rows
          .selectFrom('product_sales_monthly_now')
          .select(sums)
          .where('merchant_id', '=', merchantId)
          .where(sql<string>`month`, '>=', wholeFrom)
          .where(sql<string>`month`, '<', wholeUntil);
        // The days before the whole months, and after them: two ranges of the days' index, never the
        // same day twice (with no whole month between them, the second starts where the first ends).
        const daysBetween = (first: RawBuilder<string>, last: RawBuilder<string>) =>
          rows
            .selectFrom('product_sales_daily_now')
            .select(sums)
            .where('merchant_id', '=', merchantId)
            .where(sql<string>`day`, '>=', first)
            .where(sql<string>`day`, '<=', last);
        const daysBefore = daysBetween(sql`${from}::date`, sql`least(${wholeFrom} - 1, ${to}::date)`);
        const daysAfter = daysBetween(sql`greatest(${wholeFrom}, ${wholeUntil})`, sql`${to}::date`);
        return rows
          .selectFrom(byMonths.unionAll(daysBefore).unionAll(daysAfter).as('parts'))
          .select([
            'product_id',
            sql<number>`sum(sold_quantity - returned_quantity)::int`.as('quantity'),
            sql<number>`sum(sold_net_minor - returned_net_minor)::bigint`.as('net_minor'),
            sql<number>`sum(cost_minor)::bigint`.as('cost_minor'),
            sql<number>`sum(costed_net_minor)::bigint`.as('costed_net_minor'),
            sql<number>`sum(uncosted_quantity)::int`.as('uncosted_quantity'),
          ])
          .groupBy('product_id')
          .as('sold');
      })
      .innerJoin('products', 'products.id', 'sold.product_id')
      .leftJoin('categories', 'categories.id', 'products.category_id')
      .select([
        'sold.product_id',
        'products.sku',
        'products.name',
        'categories.id as category_id',
        'categories.name as category_name',
        'sold.quantity',
        'sold.net_minor',
        'sold.cost_minor',
        'sold.costed_net_minor',
        'sold.uncosted_quantity',
      ])
      .execute(),

  /**
   * The products the shop has in stock (not archived), with their balance, average cost (null while
   * unknown) and category, and the last day each sold (null: never), read through an index per product.
   */
  async productsInStock(merchantId: string) {
    const { rows } = await sql<{
      id: string;
      sku: string;
      name: string;
      category_name: string | null;
      stock: number;
      average_cost_minor: number | null;
      last_sale_day: string | null;
    }>`
      WITH pending AS (
        SELECT product_id, max(day) AS day FROM product_sales_daily_pending
        WHERE merchant_id = ${merchantId}::uuid AND sold_quantity > 0
        GROUP BY product_id
      )
      SELECT products.id, products.sku, products.name, categories.name AS category_name, products.stock,
        products.average_cost_minor::int AS average_cost_minor,
        greatest(folded.day, pending.day)::text AS last_sale_day
      FROM products
      LEFT JOIN categories ON categories.id = products.category_id
      LEFT JOIN pending ON pending.product_id = products.id
      LEFT JOIN LATERAL (
        SELECT sold.day FROM product_sales_daily AS sold
        WHERE sold.merchant_id = products.merchant_id AND sold.product_id = products.id AND sold.sold_quantity > 0
        ORDER BY sold.day DESC LIMIT 1
      ) AS folded ON true
      WHERE products.merchant_id = ${merchantId}::uuid AND products.archived_at IS NULL AND products.stock > 0
      ORDER BY categories.name NULLS LAST, products.sku`.execute(db);
    return rows;
  },

  /**
   * The products with a reorder rule at or under its minimum (as the dashboard counts them), with the
   * units they sold, less those given back, over the days given.
   */
  async lowStock(merchantId: string, { from, to }: Days) {
    const { rows } = await sql<{
      id: string;
      sku: string;
      name: string;
      category_name: string | null;
      stock: number;
      minimum: number;
      sold: number;
    }>`
      WITH sold AS (
        SELECT product_id, sum(sold_quantity - returned_quantity)::int AS quantity FROM product_sales_daily_now
        WHERE merchant_id = ${merchantId}::uuid AND day BETWEEN ${from}::date AND ${to}::date
        GROUP BY product_id
      )
      SELECT products.id, products.sku, products.name, categories.name AS category_name, products.stock,
        rule.minimum, coalesce(sold.quantity, 0)::int AS sold
      FROM reorder_rules AS rule
      JOIN products ON products.id = rule.product_id
      LEFT JOIN categories ON categories.id = products.category_id
      LEFT JOIN sold ON sold.product_id = products.id
      WHERE rule.merchant_id = ${merchantId}::uuid AND products.archived_at IS NULL
        AND products.stock <= rule.minimum
      ORDER BY products.sku`.execute(db);
    return rows;
  },

  /**
   * Per supplier, and for all together (`supplier_id` null), the purchase orders first sent on the shop's
   * days given: lead times from sending to the first goods received and acknowledgement times (averages,
   * and the 90th percentile by linear interpolation, `percentile_cont`); how many were judged for being
   * on time (an expected day, not cancelled, and received in full or past that day) and how many were
   * received in full by it; units ordered and received on those whose receiving is over (received in
   * full, or closed short).
   */
  async purchaseOrderTimes(merchantId: string, timeZone: string, { from, to }: Days) {
    const { rows } = await sql<{
      supplier_id: string | null;
      supplier_name: string | null;
      sent: number;
      received: number;
      lead_days_average: number | null;
      lead_days_p90: number | null;
      judged: number;
      on_time: number;
      ordered_done: number;
      received_done: number;
      acknowledged: number;
      acknowledgement_hours_average: number | null;
      acknowledgement_hours_p90: number | null;
    }>`
      WITH sent AS (
        SELECT orders.id, orders.supplier_id, orders.status, orders.expected_on, first_sent.at AS sent_at
        FROM purchase_orders AS orders
        CROSS JOIN LATERAL (
          SELECT min(transition.created_at) AS at FROM purchase_order_transitions AS transition
          WHERE transition.purchase_order_id = orders.id AND transition.to_status = 'sent'
        ) AS first_sent
        WHERE orders.merchant_id = ${merchantId}::uuid
          AND first_sent.at >= ${from}::date::timestamp AT TIME ZONE ${timeZone}
          AND first_sent.at < (${to}::date + 1)::timestamp AT TIME ZONE ${timeZone}
      ), facts AS (
        SELECT sent.*,
          (SELECT min(receipt.received_at) FROM purchase_receipts AS receipt
            WHERE receipt.purchase_order_id = sent.id) AS first_receipt_at,
          (SELECT min(receipt.received_at) FROM purchase_receipts AS receipt
            WHERE receipt.purchase_order_id = sent.id AND receipt.status_after = 'received') AS completed_at,
          (SELECT min(acknowledgement.acknowledged_at) FROM purchase_order_acknowledgements AS acknowledgement
            WHERE acknowledgement.purchase_order_id = sent.id) AS acknowledged_at,
          (SELECT sum(line.quantity) FROM purchase_order_lines AS line
            WHERE line.purchase_order_id = sent.id) AS ordered,
          (SELECT sum(line.quantity_received) FROM purchase_order_lines AS line
            WHERE line.purchase_order_id = sent.id) AS received,
          (now() AT TIME ZONE ${timeZone})::date AS today
        FROM sent
      ), measured AS (
        SELECT facts.*,
          extract(epoch FROM first_receipt_at - sent_at) / 86400 AS lead_days,
          extract(epoch FROM acknowledged_at - sent_at) / 3600 AS acknowledgement_hours,
          expected_on IS NOT NULL AND status <> 'cancelled' AND (completed_at IS NOT NULL OR expected_on < today)
            AS judged,
          (completed_at AT TIME ZONE ${timeZone})::date <= expected_on AS on_time,
          status IN ('received', 'closed') AS done
        FROM facts
      )
      SELECT measured.supplier_id, suppliers.name AS supplier_name, count(*)::int AS sent,
        count(first_receipt_at)::int AS received,
        avg(lead_days)::float8 AS lead_days_average,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY lead_days)::float8 AS lead_days_p90,
        count(*) FILTER (WHERE judged)::int AS judged,
        count(*) FILTER (WHERE judged AND on_time)::int AS on_time,
        coalesce(sum(ordered) FILTER (WHERE done), 0)::int AS ordered_done,
        coalesce(sum(received) FILTER (WHERE done), 0)::int AS received_done,
        count(acknowledged_at)::int AS acknowledged,
        avg(acknowledgement_hours)::float8 AS acknowledgement_hours_average,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY acknowledgement_hours)::float8 AS acknowledgement_hours_p90
      FROM measured
      LEFT JOIN suppliers ON suppliers.id = measured.supplier_id
      GROUP BY GROUPING SETS ((measured.supplier_id, suppliers.name), ())
      ORDER BY suppliers.name NULLS LAST`.execute(db);
    return rows;
  },

  /** What waits on someone in the shop: each count is the list its dashboard tile opens. */
  async waiting(merchantId: string) {
    const { rows } = await sql<{
      orders_waiting: number;
      low_stock: number;
      overdue: number;
      unacknowledged: number;
      open_shifts: number;
    }>`
      SELECT
        (SELECT count(*) FROM orders WHERE merchant_id = ${merchantId}::uuid AND status = 'open')::int AS orders_waiting,
        (SELECT count(*) FROM reorder_rules AS rule JOIN products ON products.id = rule.product_id
          WHERE rule.merchant_id = ${merchantId}::uuid AND products.archived_at IS NULL
            AND products.stock <= rule.minimum)::int AS low_stock,
        (SELECT count(*) FROM purchase_orders WHERE merchant_id = ${merchantId}::uuid AND status = 'sent'
          AND acknowledgement_due_at <= now())::int AS overdue,
        (SELECT count(*) FROM purchase_orders WHERE merchant_id = ${merchantId}::uuid AND status = 'sent')::int
          AS unacknowledged,
        (SELECT count(*) FROM register_shifts WHERE merchant_id = ${merchantId}::uuid AND closed_at IS NULL)::int
          AS open_shifts`.execute(db);
    return rows[0]!;
  },

  /** Moves pending summary rows into the summaries; answers how many it moved. */
  async fold(): Promise<number> {
    const { rows } = await sql<{
      moved: number;
    }>`SELECT fold_sales_summaries(${FOLD_BATCH}) AS moved`.execute(db);
    return rows[0]!.moved;
  },
}));
export type ReportsRepository = ReturnType<typeof createReportsRepository>;
