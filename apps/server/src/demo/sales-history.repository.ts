import type { SaleTotals } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../db/repository';
import type { Database } from '../db/schema';
import type { MerchantRow } from '../modules/merchants/merchants.repository';
import type { SaleProductRow } from '../modules/register/sales.repository';

/** A sale of the demo's past, at a local time (`YYYY-MM-DD HH:MM` in the shop's time zone). */
export interface PastSale {
  id: string;
  receipt: string;
  at: string;
  method: 'cash' | 'card';
  lines: { product: SaleProductRow; quantity: number }[];
  totals: SaleTotals;
}

/** A day's closed shift: opened and closed at local times, its drawer counted right. */
export interface PastShift {
  id: string;
  registerId: string;
  cashierId: string;
  openedAt: string;
  closedAt: string;
  cashMinor: number;
}

/** The demo's writes of past register days, with their own dates (the register's own statements date them now). */
export const createSalesHistoryRepository = repository((db: Kysely<Database>) => ({
  /** The shop's `count` days before today, oldest first, with their weekday (0 is Sunday). */
  daysBefore: async (timeZone: string, count: number) =>
    (
      await sql<{ day: string; weekday: number }>`
        SELECT day::date::text AS day, extract(dow FROM day)::int AS weekday
        FROM generate_series((now() AT TIME ZONE ${timeZone})::date - ${count}::int,
          (now() AT TIME ZONE ${timeZone})::date - 1, interval '1 day') AS day`.execute(db)
    ).rows,

  /** One day: its shift and its sales, in one transaction. */
  writeDay: (shop: MerchantRow, { shift, sales }: { shift: PastShift; sales: PastSale[] }) =>
    db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO register_shifts (id, merchant_id, register_id, opened_by, opened_at, opening_float_minor,
          idempotency_key, closed_by, closed_at, expected_cash_minor, counted_cash_minor)
        VALUES (${shift.id}::uuid, ${shop.id}::uuid, ${shift.registerId}::uuid, ${shift.cashierId}::uuid,
          (${shift.openedAt}::timestamp AT TIME ZONE ${shop.time_zone}), 15000, ${shift.id}, ${shift.cashierId}::uuid,
          (${shift.closedAt}::timestamp AT TIME ZONE ${shop.time_zone}), ${15_000 + shift.cashMinor},
          ${15_000 + shift.cashMinor})`.execute(trx);
      for (const sale of sales) {
        const line = <Value>(pick: (line: (typeof sale.lines)[number], index: number) => Value) =>
          sale.lines.map(pick);
        await sql`
          WITH recorded AS (
            INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
              prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest,
              created_at)
            VALUES (${sale.id}::uuid, ${shop.id}::uuid, ${shift.registerId}::uuid, ${shift.id}::uuid, ${sale.receipt},
              ${shift.cashierId}::uuid, ${shop.currency}, ${shop.prices_include_tax}, ${sale.totals.grossMinor},
              ${sale.totals.discountMinor}, ${sale.totals.taxMinor}, ${sale.totals.totalMinor}, 0, 'demo history',
              (${sale.at}::timestamp AT TIME ZONE ${shop.time_zone}))
            RETURNING id
          ),
          lines AS (
            INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
              discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor,
              net_minor)
            SELECT recorded.id, line.position, line.product_id, line.sku, line.name, line.quantity, line.unit_price_minor,
              0, 0, line.amount_minor, line.tax_rate_id, line.tax_rate_name, line.tax_rate_ppm, line.tax_minor,
              line.net_minor
            FROM recorded, unnest(${line(({ product }) => product.id)}::uuid[], ${line(({ product }) => product.sku)}::text[],
              ${line(({ product }) => product.name)}::text[], ${line(({ quantity }) => quantity)}::int[],
              ${line(({ product }) => product.price_minor)}::bigint[],
              ${line((_, index) => sale.totals.lines[index]!.amountMinor)}::bigint[],
              ${line(({ product }) => product.tax_rate_id)}::uuid[], ${line(({ product }) => product.tax_rate_name)}::text[],
              ${line(({ product }) => product.tax_rate_ppm)}::int[],
              ${line((_, index) => sale.totals.lines[index]!.taxMinor)}::bigint[],
              ${line((_, index) => sale.totals.lines[index]!.netMinor)}::bigint[])
              WITH ORDINALITY AS line (product_id, sku, name, quantity, unit_price_minor, amount_minor, tax_rate_id,
                tax_rate_name, tax_rate_ppm, tax_minor, net_minor, position)
          )
          INSERT INTO register_tenders (sale_id, position, method, amount_minor)
          SELECT recorded.id, 1, ${sale.method}, ${sale.totals.totalMinor} FROM recorded`.execute(trx);
      }
    }),

  setNextReceipt: (registerId: string, next: number) =>
    db.updateTable('registers').set({ next_receipt: next }).where('id', '=', registerId).execute(),
}));
