import type { TenderMethod } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';
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
  created_at: Date;
}

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
  }[];
  tenders: { method: TenderMethod; amountMinor: number; reference: string | null }[];
}

export const createSalesRepository = repository((db: Kysely<Database>) => ({
  find: (saleId: string): Promise<SaleRow | undefined> =>
    db
      .selectFrom('register_sales as sale')
      .innerJoin('registers', 'registers.id', 'sale.register_id')
      .innerJoin('users as cashier', 'cashier.id', 'sale.cashier_id')
      .selectAll('sale')
      .select(['registers.name as register_name', 'cashier.name as cashier_name'])
      .where('sale.id', '=', saleId)
      .executeTakeFirst(),

  lines: (saleId: string) =>
    db
      .selectFrom('register_sale_lines')
      .selectAll()
      .where('sale_id', '=', saleId)
      .orderBy('position')
      .execute(),

  tenders: (saleId: string) =>
    db.selectFrom('register_tenders').selectAll().where('sale_id', '=', saleId).orderBy('position').execute(),

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
   * Records the sale with its lines and tenders, and takes its products' stock (locked by
   * `lockProducts`) with a `sale` movement per product, in one statement.
   */
  insert: async (sale: NewSale) => {
    const taken = new Map<string, number>();
    for (const line of sale.lines) {
      taken.set(line.productId, (taken.get(line.productId) ?? 0) + line.quantity);
    }
    await db
      .insertInto('register_sales')
      .values({
        id: sale.id,
        merchant_id: sale.merchantId,
        register_id: sale.registerId,
        shift_id: sale.shiftId,
        receipt_number: sale.receiptNumber,
        cashier_id: sale.cashierId,
        currency: sale.currency,
        prices_include_tax: sale.pricesIncludeTax,
        gross_minor: sale.grossMinor,
        discount_minor: sale.discountMinor,
        tax_minor: sale.taxMinor,
        total_minor: sale.totalMinor,
        change_minor: sale.changeMinor,
        request_digest: sale.requestDigest,
      })
      .execute();
    await db
      .insertInto('register_sale_lines')
      .values(
        sale.lines.map((line, index) => ({
          sale_id: sale.id,
          position: index + 1,
          product_id: line.productId,
          sku: line.sku,
          name: line.name,
          quantity: line.quantity,
          unit_price_minor: line.unitPriceMinor,
          discount_minor: line.discountMinor,
          cart_discount_minor: line.cartDiscountMinor,
          amount_minor: line.amountMinor,
          tax_rate_id: line.taxRate?.id ?? null,
          tax_rate_name: line.taxRate?.name ?? null,
          tax_rate_ppm: line.taxRate?.ratePpm ?? null,
          tax_minor: line.taxMinor,
          net_minor: line.netMinor,
        })),
      )
      .execute();
    await db
      .insertInto('register_tenders')
      .values(
        sale.tenders.map((tender, index) => ({
          sale_id: sale.id,
          position: index + 1,
          method: tender.method,
          amount_minor: tender.amountMinor,
          reference: tender.reference,
        })),
      )
      .execute();
    await sql`
      WITH wanted AS (
        SELECT * FROM unnest(${[...taken.keys()]}::uuid[], ${[...taken.values()]}::int[]) AS wanted (product_id, quantity)
      ),
      taken AS (
        UPDATE products SET stock = products.stock - wanted.quantity
        FROM wanted WHERE products.id = wanted.product_id
        RETURNING products.id, products.merchant_id, products.stock, wanted.quantity
      )
      ${movementsInsert(
        'sale',
        sql`SELECT merchant_id, id AS product_id, -quantity AS quantity, ${sale.id}::uuid AS document_id,
          ${sale.cashierId}::uuid AS actor_id, NULL::text AS reason, NULL::text AS note, stock AS balance_after,
          'sale:' || ${sale.id}::text || ':' || id AS idempotency_key
        FROM taken`,
      )}`.execute(db);
  },
}));
export type SalesRepository = ReturnType<typeof createSalesRepository>;
