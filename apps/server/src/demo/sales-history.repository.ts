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

  /** One day: its shift, its sales, their lines and tenders, in one statement. */
  async writeDay(shop: MerchantRow, { shift, sales }: { shift: PastShift; sales: PastSale[] }) {
    const lines = sales.flatMap((sale) =>
      sale.lines.map((line, index) => ({
        sale,
        line,
        figures: sale.totals.lines[index]!,
        position: index + 1,
      })),
    );
    const ofSales = <Value>(pick: (sale: PastSale) => Value) => sales.map(pick);
    const ofLines = <Value>(pick: (line: (typeof lines)[number]) => Value) => lines.map(pick);
    const local = (at: string) => sql`(${at}::timestamp AT TIME ZONE ${shop.time_zone})`;
    await sql`
      WITH shift AS (
        INSERT INTO register_shifts (id, merchant_id, register_id, opened_by, opened_at, opening_float_minor,
          idempotency_key, closed_by, closed_at, expected_cash_minor, counted_cash_minor)
        VALUES (${shift.id}::uuid, ${shop.id}::uuid, ${shift.registerId}::uuid, ${shift.cashierId}::uuid,
          ${local(shift.openedAt)}, 15000, ${shift.id}, ${shift.cashierId}::uuid, ${local(shift.closedAt)},
          ${15_000 + shift.cashMinor}, ${15_000 + shift.cashMinor})
        RETURNING id
      ),
      recorded AS (
        INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
          prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest,
          created_at)
        SELECT sale.id, ${shop.id}::uuid, ${shift.registerId}::uuid, shift.id, sale.receipt, ${shift.cashierId}::uuid,
          ${shop.currency}, ${shop.prices_include_tax}, sale.gross_minor, sale.discount_minor, sale.tax_minor,
          sale.total_minor, 0, 'demo history', sale.at::timestamp AT TIME ZONE ${shop.time_zone}
        FROM shift, unnest(${ofSales((sale) => sale.id)}::uuid[], ${ofSales((sale) => sale.receipt)}::text[],
          ${ofSales((sale) => sale.totals.grossMinor)}::bigint[], ${ofSales((sale) => sale.totals.discountMinor)}::bigint[],
          ${ofSales((sale) => sale.totals.taxMinor)}::bigint[], ${ofSales((sale) => sale.totals.totalMinor)}::bigint[],
          ${ofSales((sale) => sale.at)}::text[])
          AS sale (id, receipt, gross_minor, discount_minor, tax_minor, total_minor, at)
        RETURNING id
      ),
      lines AS (
        INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
          discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
        SELECT line.sale_id, line.position, line.product_id, line.sku, line.name, line.quantity, line.unit_price_minor,
          0, 0, line.amount_minor, line.tax_rate_id, line.tax_rate_name, line.tax_rate_ppm, line.tax_minor, line.net_minor
        FROM unnest(${ofLines(({ sale }) => sale.id)}::uuid[], ${ofLines(({ position }) => position)}::int[],
          ${ofLines(({ line }) => line.product.id)}::uuid[], ${ofLines(({ line }) => line.product.sku)}::text[],
          ${ofLines(({ line }) => line.product.name)}::text[], ${ofLines(({ line }) => line.quantity)}::int[],
          ${ofLines(({ line }) => line.product.price_minor)}::bigint[], ${ofLines(({ figures }) => figures.amountMinor)}::bigint[],
          ${ofLines(({ line }) => line.product.tax_rate_id)}::uuid[], ${ofLines(({ line }) => line.product.tax_rate_name)}::text[],
          ${ofLines(({ line }) => line.product.tax_rate_ppm)}::int[], ${ofLines(({ figures }) => figures.taxMinor)}::bigint[],
          ${ofLines(({ figures }) => figures.netMinor)}::bigint[])
          AS line (sale_id, position, product_id, sku, name, quantity, unit_price_minor, amount_minor, tax_rate_id,
            tax_rate_name, tax_rate_ppm, tax_minor, net_minor)
        WHERE line.sale_id IN (SELECT id FROM recorded)
      )
      INSERT INTO register_tenders (sale_id, position, method, amount_minor)
      SELECT tender.sale_id, 1, tender.method, tender.amount_minor
      FROM unnest(${ofSales((sale) => sale.id)}::uuid[], ${ofSales((sale) => sale.method)}::text[],
        ${ofSales((sale) => sale.totals.totalMinor)}::bigint[]) AS tender (sale_id, method, amount_minor)
      WHERE tender.sale_id IN (SELECT id FROM recorded)`.execute(db);
  },

  setNextReceipt: (registerId: string, next: number) =>
    db.updateTable('registers').set({ next_receipt: next }).where('id', '=', registerId).execute(),
}));
