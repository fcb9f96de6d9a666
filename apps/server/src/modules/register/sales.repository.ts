import type { TenderMethod } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { repository } from '../../db/repository';
import type { Database, RegisterSaleLinesTable, RegisterTendersTable } from '../../db/schema';
import { movementsInsert } from '../stock/stock.repository';

/** A product a sale's line names, locked, with what the sale needs of it. */
export interface SaleProductRow {
  id: string;
  sku: string;
  name: string;
  price_minor: number;
  stock: number;
  archived_at: Date | null;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
}

/** A sale as recorded, with its register's and cashier's names. */
export interface SaleRow {
  id: string;
  merchant_id: string;
  receipt_number: string;
  register_id: string;
  register_name: string;
  shift_id: string;
  cashier_id: string;
  cashier_name: string;
  currency: string;
  prices_include_tax: boolean;
  gross_minor: number;
  discount_minor: number;
  tax_minor: number;
  total_minor: number;
  change_minor: number;
  request_digest: string;
  kind: 'sale' | 'return';
  return_of: string | null;
  return_of_receipt: string | null;
  return_reason: string | null;
  approved_by: string | null;
  approver_name: string | null;
  customer_id: string | null;
  customer_name: string | null;
  created_at: Date;
}

export type SaleLineRow = Selectable<RegisterSaleLinesTable>;
export type SaleTenderRow = Selectable<RegisterTendersTable>;

export interface NewSale {
  id: string;
  merchantId: string;
  registerId: string;
  shiftId: string;
  receiptNumber: string;
  cashierId: string;
  currency: string;
  pricesIncludeTax: boolean;
  grossMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  changeMinor: number;
  requestDigest: string;
  /** Who approved discounts above the seller's cap. */
  approvedBy: { id: string; name: string } | null;
  /** The shop's customer it was made for, if named. */
  customer: { id: string; name: string } | null;
  kind: 'sale' | 'return';
  returnOf: { id: string; receiptNumber: string } | null;
  returnReason: string | null;
  lines: {
    productId: string;
    sku: string;
    name: string;
    quantity: number;
    unitPriceMinor: number;
    discountMinor: number;
    cartDiscountMinor: number;
    amountMinor: number;
    taxRate: { id: string; name: string; ratePpm: number } | null;
    taxMinor: number;
    netMinor: number;
    returnedPosition: number | null;
    restock: boolean | null;
  }[];
  tenders: { method: TenderMethod; amountMinor: number; reference: string | null }[];
}

/** Which of a sale's lines move stock, and by how much each product's stock goes down (up for a return). */
function stockTaken(sale: NewSale): Map<string, number> {
  const taken = new Map<string, number>();
  for (const line of sale.lines) {
    if (sale.kind === 'sale' || line.restock) {
      taken.set(line.productId, (taken.get(line.productId) ?? 0) + line.quantity);
    }
  }
  return taken;
}

export const createSalesRepository = repository((db: Kysely<Database>) => {
  const sales = () =>
    db
      .selectFrom('register_sales as sale')
      .innerJoin('registers', 'registers.id', 'sale.register_id')
      .innerJoin('users as cashier', 'cashier.id', 'sale.cashier_id')
      .leftJoin('register_sales as returned', 'returned.id', 'sale.return_of')
      .leftJoin('users as approver', 'approver.id', 'sale.approved_by')
      .leftJoin('shop_customers as customer', 'customer.id', 'sale.customer_id')
      .selectAll('sale')
      .select([
        'registers.name as register_name',
        'cashier.name as cashier_name',
        'approver.name as approver_name',
        'customer.name as customer_name',
        'returned.receipt_number as return_of_receipt',
      ]);

  return {
    find: (saleId: string): Promise<SaleRow | undefined> =>
      sales().where('sale.id', '=', saleId).executeTakeFirst(),

    findByReceipt: (merchantId: string, receiptNumber: string): Promise<SaleRow | undefined> =>
      sales()
        .where('sale.merchant_id', '=', merchantId)
        .where('sale.receipt_number', '=', receiptNumber)
        .executeTakeFirst(),

    /**
     * The sale goods are being returned from, locked: two returns against one receipt take their turn,
     * so the second sees what the first gave back.
     */
    lockReturned: (merchantId: string, saleId: string) =>
      db
        .selectFrom('register_sales')
        .select(['id', 'kind', 'receipt_number', 'prices_include_tax', 'change_minor', 'customer_id'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', saleId)
        .forUpdate()
        .executeTakeFirst(),

    /** How many of each of the sale's lines its returns gave back. */
    returnedQuantities: async (saleId: string): Promise<Map<number, number>> =>
      new Map(
        (
          await db
            .selectFrom('register_sale_lines as line')
            .innerJoin('register_sales as sale', 'sale.id', 'line.sale_id')
            .select(['line.returned_position', sql<number>`-sum(line.quantity)::int`.as('quantity')])
            .where('sale.return_of', '=', saleId)
            .groupBy('line.returned_position')
            .execute()
        ).map((row) => [row.returned_position!, row.quantity]),
      ),

    /** What the sale's returns refunded, per method, positive. */
    refundedAmounts: async (saleId: string): Promise<Map<TenderMethod, number>> =>
      new Map(
        (
          await db
            .selectFrom('register_tenders as tender')
            .innerJoin('register_sales as sale', 'sale.id', 'tender.sale_id')
            .select(['tender.method', sql<number>`-sum(tender.amount_minor)::bigint`.as('amount_minor')])
            .where('sale.return_of', '=', saleId)
            .groupBy('tender.method')
            .execute()
        ).map((row) => [row.method, row.amount_minor]),
      ),

    returnsOf: (saleId: string) =>
      db
        .selectFrom('register_sales')
        .select(['id', 'receipt_number', 'created_at', 'total_minor'])
        .where('return_of', '=', saleId)
        .orderBy('created_at')
        .execute(),

    lines: (saleId: string): Promise<SaleLineRow[]> =>
      db
        .selectFrom('register_sale_lines')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('position')
        .execute(),

    tenders: (saleId: string): Promise<SaleTenderRow[]> =>
      db
        .selectFrom('register_tenders')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('position')
        .execute(),

    /**
     * The shop's products among `productIds`, locked in id order (as every statement that takes stock
     * locks them, so none waits on another in the opposite order), each with the tax rate it sells at.
     */
    lockProducts: (merchantId: string, productIds: string[]): Promise<SaleProductRow[]> =>
      db
        .selectFrom('products')
        .leftJoin('categories', 'categories.id', 'products.category_id')
        // Its own rate, else its category's: the rate it sells at now, archived or not.
        .leftJoin('tax_rates', (join) =>
          join.on('tax_rates.id', '=', sql<string>`coalesce(products.tax_rate_id, categories.tax_rate_id)`),
        )
        .select([
          'products.id',
          'products.sku',
          'products.name',
          'products.price_minor',
          'products.stock',
          'products.archived_at',
          'tax_rates.id as tax_rate_id',
          'tax_rates.name as tax_rate_name',
          'tax_rates.rate_ppm as tax_rate_ppm',
        ])
        .where('products.merchant_id', '=', merchantId)
        .where('products.id', '=', sql<string>`ANY(${productIds}::uuid[])`)
        .orderBy('products.id')
        .forUpdate('products')
        .execute(),

    /**
     * Records the sale in one statement: its register's receipt sequence moved on (the register locked by
     * `lockForSale`, so the number is the one it read), the sale, its lines and tenders, and its products'
     * stock (locked by `lockProducts`) taken with a `sale` movement per product — or, for a return, given
     * back with a `return` movement per product restocked. Answers when it was recorded.
     */
    record: async (sale: NewSale): Promise<Date> => {
      const taken = stockTaken(sale);
      const column = <Value>(pick: (line: NewSale['lines'][number]) => Value) => sale.lines.map(pick);
      const { rows } = await sql<{ created_at: Date }>`
      WITH numbered AS (
        UPDATE registers SET next_receipt = next_receipt + 1 WHERE id = ${sale.registerId}::uuid RETURNING id
      ),
      recorded AS (
        INSERT INTO register_sales (id, merchant_id, register_id, shift_id, receipt_number, cashier_id, currency,
          prices_include_tax, gross_minor, discount_minor, tax_minor, total_minor, change_minor, request_digest,
          kind, return_of, return_reason, approved_by, customer_id)
        SELECT ${sale.id}::uuid, ${sale.merchantId}::uuid, numbered.id, ${sale.shiftId}::uuid, ${sale.receiptNumber},
          ${sale.cashierId}::uuid, ${sale.currency}, ${sale.pricesIncludeTax}, ${sale.grossMinor}, ${sale.discountMinor},
          ${sale.taxMinor}, ${sale.totalMinor}, ${sale.changeMinor}, ${sale.requestDigest}, ${sale.kind},
          ${sale.returnOf?.id ?? null}::uuid, ${sale.returnReason}, ${sale.approvedBy?.id ?? null}::uuid,
          ${sale.customer?.id ?? null}::uuid
        FROM numbered
        RETURNING created_at
      ),
      lines AS (
        INSERT INTO register_sale_lines (sale_id, position, product_id, sku, name, quantity, unit_price_minor,
          discount_minor, cart_discount_minor, amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor,
          returned_position, restock)
        SELECT ${sale.id}::uuid, line.position, line.product_id, line.sku, line.name, line.quantity, line.unit_price_minor,
          line.discount_minor, line.cart_discount_minor, line.amount_minor, line.tax_rate_id, line.tax_rate_name,
          line.tax_rate_ppm, line.tax_minor, line.net_minor, line.returned_position, line.restock
        FROM unnest(${column((line) => line.productId)}::uuid[], ${column((line) => line.sku)}::text[],
          ${column((line) => line.name)}::text[], ${column((line) => line.quantity)}::int[],
          ${column((line) => line.unitPriceMinor)}::bigint[], ${column((line) => line.discountMinor)}::bigint[],
          ${column((line) => line.cartDiscountMinor)}::bigint[], ${column((line) => line.amountMinor)}::bigint[],
          ${column((line) => line.taxRate?.id ?? null)}::uuid[], ${column((line) => line.taxRate?.name ?? null)}::text[],
          ${column((line) => line.taxRate?.ratePpm ?? null)}::int[], ${column((line) => line.taxMinor)}::bigint[],
          ${column((line) => line.netMinor)}::bigint[], ${column((line) => line.returnedPosition)}::int[],
          ${column((line) => line.restock)}::boolean[])
          WITH ORDINALITY AS line (product_id, sku, name, quantity, unit_price_minor, discount_minor, cart_discount_minor,
            amount_minor, tax_rate_id, tax_rate_name, tax_rate_ppm, tax_minor, net_minor, returned_position, restock,
            position)
      ),
      tenders AS (
        INSERT INTO register_tenders (sale_id, position, method, amount_minor, reference)
        SELECT ${sale.id}::uuid, tender.position, tender.method, tender.amount_minor, tender.reference
        FROM unnest(${sale.tenders.map((tender) => tender.method)}::text[],
          ${sale.tenders.map((tender) => tender.amountMinor)}::bigint[], ${sale.tenders.map((tender) => tender.reference)}::text[])
          WITH ORDINALITY AS tender (method, amount_minor, reference, position)
      ),
      wanted AS (
        SELECT * FROM unnest(${[...taken.keys()]}::uuid[], ${[...taken.values()]}::int[]) AS wanted (product_id, quantity)
      ),
      taken AS (
        UPDATE products SET stock = products.stock - wanted.quantity
        FROM wanted WHERE products.id = wanted.product_id
        RETURNING products.id, products.merchant_id, products.stock, wanted.quantity
      ),
      moved AS (${movementsInsert(
        sale.kind,
        sql`SELECT merchant_id, id AS product_id, -quantity AS quantity, ${sale.id}::uuid AS document_id,
          ${sale.cashierId}::uuid AS actor_id, ${sale.returnReason}::text AS reason, NULL::text AS note,
          stock AS balance_after, ${sale.kind}::text || ':' || ${sale.id}::text || ':' || id AS idempotency_key
        FROM taken`,
      )})
      SELECT created_at FROM recorded`.execute(db);
      return rows[0]!.created_at;
    },
  };
});
export type SalesRepository = ReturnType<typeof createSalesRepository>;
