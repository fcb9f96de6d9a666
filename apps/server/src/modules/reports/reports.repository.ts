import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** One hour of one day's sales, summed over channels and staff. */
export interface HourOfSales {
  day: string;
  hour: number;
  net_minor: number;
  sales: number;
  total_minor: number;
  refunds: number;
  refunded_minor: number;
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
      .select([
        sql<string>`day::text`.as('day'),
        'hour',
        sql<number>`sum(sales_net_minor - refunds_net_minor)::bigint`.as('net_minor'),
        sql<number>`sum(sales)::int`.as('sales'),
        sql<number>`sum(sales_total_minor)::bigint`.as('total_minor'),
        sql<number>`sum(refunds)::int`.as('refunds'),
        sql<number>`sum(refunds_total_minor)::bigint`.as('refunded_minor'),
      ])
      .where('merchant_id', '=', merchantId)
      .where(sql<string>`day`, '=', sql<string>`ANY(${days}::date[])`)
      .groupBy(['day', 'hour'])
      .execute(),

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
