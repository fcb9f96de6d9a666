import type { Category, ManagedProduct, Product, ProductSupplier } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CategoriesTable, Database, ProductsTable, ProductSuppliersTable } from '../../db/schema';
import { archiveColumns } from '../../db/archive';
import { containing } from '../../db/like';
import { repository } from '../../db/repository';
import { movementsInsert } from '../stock/stock.repository';

export type ProductRow = Selectable<ProductsTable>;
export type ProductSupplierRow = Selectable<ProductSuppliersTable>;
/** A supplier's terms for a product as a repository writes them: null is unknown. */
export interface SupplierTermsFields {
  supplierSku: string | null;
  costMinor: number | null;
  packSize: number;
  minOrderQuantity: number;
  leadTimeDays: number | null;
  preferred: boolean;
}
/** An adjustment recorded earlier under the same idempotency key, as its movement says. */
export interface EarlierAdjustment {
  quantity: number;
  reason: string;
  note: string | null;
  balance_after: number;
}

export function toCategory(row: Selectable<CategoriesTable>): Category {
  return { id: row.id, slug: row.slug, name: row.name, taxRateId: row.tax_rate_id };
}

/** What the back office's view of a product shares with the public one (which adds the rate it sells at). */
export function toProduct(row: ProductRow, currency: string): Omit<Product, 'taxRate'> {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceMinor: row.price_minor,
    currency,
    stock: row.stock,
    categoryId: row.category_id,
  };
}

export interface ProductFields {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  stock: number;
  categoryId: string | null;
  barcode: string | null;
  taxRateId: string | null;
}

/**
 * A product `p` of the shop `merchants` as `productSchema` writes it, keys in its order, with the rate
 * it sells at as an order prices it (`OrdersRepository.priceView`): its own, else its category's.
 */
const publicProductJson = sql`json_build_object('id', p.id, 'sku', p.sku, 'name', p.name, 'description', p.description,
  'priceMinor', p.price_minor, 'currency', merchants.currency, 'stock', p.stock, 'categoryId', p.category_id,
  'taxRate', (SELECT json_build_object('id', tax_rates.id, 'name', tax_rates.name, 'ratePpm', tax_rates.rate_ppm)
    FROM tax_rates WHERE tax_rates.id = coalesce(p.tax_rate_id,
      (SELECT categories.tax_rate_id FROM categories WHERE categories.id = p.category_id))))`;

/** Works on the database or inside a transaction: pass either. */
function catalogueStatements(db: Kysely<Database>) {
  return {
    listCategories: (merchantId: string) =>
      db.selectFrom('categories').selectAll().where('merchant_id', '=', merchantId).orderBy('name').execute(),
    findCategory: (merchantId: string, id: string) =>
      db
        .selectFrom('categories')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    findCategoryBySlug: (merchantId: string, slug: string) =>
      db
        .selectFrom('categories')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('slug', '=', slug)
        .executeTakeFirst(),
    insertCategory: (merchantId: string, slug: string, name: string) =>
      db
        .insertInto('categories')
        .values({ merchant_id: merchantId, slug, name })
        .returningAll()
        .executeTakeFirstOrThrow(),
    /** Sets what is given; the slug stays. */
    updateCategory: (merchantId: string, id: string, fields: { name?: string; taxRateId?: string | null }) =>
      db
        .updateTable('categories')
        .set({ name: fields.name, tax_rate_id: fields.taxRateId })
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    deleteCategory: async (merchantId: string, id: string) =>
      (
        await db
          .deleteFrom('categories')
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .executeTakeFirst()
      ).numDeletedRows > 0n,

    listProducts: (
      merchantId: string,
      filter: { categoryId?: string; search?: string; limit?: number } = {},
    ) => {
      let query = db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId);
      if (filter.categoryId) {
        query = query.where('category_id', '=', filter.categoryId);
      }
      if (filter.search) {
        const pattern = containing(filter.search);
        query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('sku', 'ilike', pattern)]));
      }
      if (filter.limit !== undefined) {
        query = query.limit(filter.limit);
      }
      return query.orderBy('name').orderBy('sku').execute();
    },
    /**
     * One product as the public sees it (archived ones are no longer on sale), as the reply's JSON (see `shopProductList`): no row when
     * there is no such shop, a row without a product when the shop has no such product.
     */
    shopProductJson: async (merchantSlug: string, productId: string) => {
      const { rows } = await sql<{ product: string | null }>`
        SELECT (SELECT ${publicProductJson}::text FROM products p
          WHERE p.merchant_id = merchants.id AND p.id = ${productId} AND p.archived_at IS NULL) AS product
        FROM merchants WHERE merchants.slug = ${merchantSlug}`.execute(db);
      return rows[0];
    },
    /**
     * What the public sees of a shop's products, by name then SKU, as the JSON array of the reply,
     * written by PostgreSQL: for a list of a thousand, Node then neither parses a row nor builds an
     * object per product, nor writes them again. No row when there is no such shop; otherwise
     * whether the category asked for exists, and the products that match.
     */
    shopProductList: async (merchantSlug: string, filter: { categorySlug?: string; search?: string }) => {
      const inCategory = filter.categorySlug === undefined ? sql`` : sql`AND p.category_id = categories.id`;
      const pattern = filter.search ? containing(filter.search) : undefined;
      // A barcode is matched whole: a scanned code names one product, never those it is part of.
      const matching =
        pattern === undefined
          ? sql``
          : sql`AND (p.name ILIKE ${pattern} OR p.sku ILIKE ${pattern} OR p.barcode = ${filter.search})`;
      const { rows } = await sql<{ category_found: boolean; products: string }>`
        SELECT ${filter.categorySlug === undefined ? sql`true` : sql`categories.id IS NOT NULL`} AS category_found,
          (SELECT coalesce(json_agg(${publicProductJson} ORDER BY p.name, p.sku), '[]')::text
            FROM products p WHERE p.merchant_id = merchants.id AND p.archived_at IS NULL ${inCategory} ${matching}) AS products
        FROM merchants
        ${filter.categorySlug === undefined ? sql`` : sql`LEFT JOIN categories ON categories.merchant_id = merchants.id AND categories.slug = ${filter.categorySlug}`}
        WHERE merchants.slug = ${merchantSlug}`.execute(db);
      return rows[0];
    },
    findProduct: (merchantId: string, id: string) =>
      db
        .selectFrom('products')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    findProductBySku: (merchantId: string, sku: string) =>
      db
        .selectFrom('products')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('sku', '=', sku)
        .executeTakeFirst(),
    findProductByBarcode: (merchantId: string, barcode: string) =>
      db
        .selectFrom('products')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('barcode', '=', barcode)
        .executeTakeFirst(),
    /**
     * The product on sale a scanner's `code` names: the one with that barcode, else the one with that
     * SKU as written, else in another letter case (the first by SKU, should two differ only by case).
     * Found through the barcode index and the index of lowered SKUs, whatever the catalogue's size.
     */
    findProductByCode: (merchantId: string, code: string) =>
      db
        .selectFrom('products')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('archived_at', 'is', null)
        .where((eb) => eb.or([eb('barcode', '=', code), eb(sql`lower(sku)`, '=', sql`lower(${code})`)]))
        .orderBy(sql`barcode IS NOT DISTINCT FROM ${code}`, 'desc')
        .orderBy(sql`sku = ${code}`, 'desc')
        .orderBy('sku')
        .limit(1)
        .executeTakeFirst(),
    /** Inserts the product and, for stock it starts with, its opening movement: one statement. */
    insertProduct: async (
      merchantId: string,
      fields: ProductFields,
      actorId: string | null,
    ): Promise<ProductRow> =>
      (
        await sql<ProductRow>`
          WITH product AS (
            INSERT INTO products (merchant_id, sku, name, description, price_minor, stock, category_id, barcode, tax_rate_id)
            VALUES (${merchantId}, ${fields.sku}, ${fields.name}, ${fields.description}, ${fields.priceMinor},
              ${fields.stock}, ${fields.categoryId}, ${fields.barcode}, ${fields.taxRateId})
            RETURNING *
          ),
          opening AS (${movementsInsert(
            'opening',
            sql`SELECT merchant_id, id AS product_id, stock AS quantity, NULL::uuid AS document_id,
              ${actorId}::uuid AS actor_id, NULL::text AS reason, NULL::text AS note, stock AS balance_after,
              'opening:' || id AS idempotency_key
            FROM product WHERE stock <> 0`,
          )})
          SELECT * FROM product`.execute(db)
      ).rows[0]!,
    /**
     * Changes the form's fields of the product if it is still at `version`, and adds one to the
     * version, in one statement: of two forms opened on one version, the second to save finds no
     * row. The version always changes, so a change of suppliers alone is an UPDATE too. Stock is
     * never written here.
     */
    updateProduct: (
      merchantId: string,
      id: string,
      version: number,
      fields: Partial<Omit<ProductFields, 'stock'>>,
    ) =>
      db
        .updateTable('products')
        .set((eb) => ({
          sku: fields.sku,
          name: fields.name,
          description: fields.description,
          price_minor: fields.priceMinor,
          category_id: fields.categoryId,
          barcode: fields.barcode,
          tax_rate_id: fields.taxRateId,
          version: eb('version', '+', 1),
        }))
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst(),
    /**
     * Adds `change` (negative: takes away) to the stock as it is now, and records it as an
     * `adjustment` movement, in one statement, unless that would take the stock below zero or above
     * `max`: then no product. The row is locked first and both the check and the new stock are taken
     * from the locked row, so stock added or sold meanwhile counts (`placeOrdersStatement` says why
     * not `products.stock`). With `key`, an adjustment of this product already recorded under it comes
     * back as `earlier` and nothing changes. The version is left alone: stock is not a form field.
     */
    adjustStock: async (
      merchantId: string,
      id: string,
      change: number,
      max: number,
      movement: { actorId: string; reason: string; note: string | null; key: string | null },
    ): Promise<{ product?: ProductRow; earlier?: EarlierAdjustment }> => {
      const key =
        movement.key === null
          ? sql`'adjustment:' || gen_random_uuid()`
          : sql`${`adjustment:${id}:${movement.key}`}::text`;
      const { rows } = await sql<
        { earlier: EarlierAdjustment | null } & (ProductRow | { [K in keyof ProductRow]: null })
      >`
        WITH earlier AS (
          SELECT quantity, reason, note, balance_after FROM stock_movements
          WHERE idempotency_key = ${key} AND merchant_id = ${merchantId}
        ),
        locked AS (
          SELECT id, stock FROM products
          WHERE merchant_id = ${merchantId} AND id = ${id} AND NOT EXISTS (SELECT 1 FROM earlier)
          FOR UPDATE
        ),
        adjusted AS (
          UPDATE products SET stock = locked.stock + ${change}::int
          FROM locked
          WHERE products.id = locked.id AND locked.stock + ${change}::int BETWEEN 0 AND ${max}::int
          RETURNING products.*
        ),
        moved AS (${movementsInsert(
          'adjustment',
          sql`SELECT merchant_id, id AS product_id, ${change}::int AS quantity, NULL::uuid AS document_id,
            ${movement.actorId}::uuid AS actor_id, ${movement.reason}::text AS reason, ${movement.note}::text AS note,
            stock AS balance_after, ${key} AS idempotency_key
          FROM adjusted`,
        )})
        SELECT (SELECT row_to_json(earlier) FROM earlier) AS earlier, adjusted.*
        FROM (VALUES (1)) AS one LEFT JOIN adjusted ON true`.execute(db);
      const { earlier, ...product } = rows[0]!;
      return { product: product.id === null ? undefined : product, earlier: earlier ?? undefined };
    },
    /** Archives (by `by`) or restores (null) the product; archiving twice keeps the first time and person. */
    setProductArchived: (merchantId: string, id: string, by: string | null) =>
      db
        .updateTable('products')
        .set(archiveColumns(by))
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    isOrdered: async (productId: string) =>
      (await db
        .selectFrom('order_items')
        .select('product_id')
        .where('product_id', '=', productId)
        .limit(1)
        .executeTakeFirst()) !== undefined,
    hasMovements: async (productId: string) =>
      (await db
        .selectFrom('stock_movements')
        .select('id')
        .where('product_id', '=', productId)
        .limit(1)
        .executeTakeFirst()) !== undefined,
    deleteProduct: (merchantId: string, id: string) =>
      db.deleteFrom('products').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),

    /** Locks the product until the transaction ends: changes of its suppliers' terms take turns. */
    lockProduct: (merchantId: string, id: string) =>
      db
        .selectFrom('products')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    /** A change of the product's suppliers made outside its form: a form opened before must not write over it. */
    bumpVersion: (id: string) =>
      db
        .updateTable('products')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Each product's suppliers with their terms, the preferred one first, then by the supplier's name. */
    suppliersByProduct: async (productIds: string[]): Promise<Map<string, ProductSupplierRow[]>> => {
      const byProduct = new Map<string, ProductSupplierRow[]>(productIds.map((id) => [id, []]));
      if (productIds.length === 0) {
        return byProduct;
      }
      const links = await db
        .selectFrom('product_suppliers')
        .innerJoin('suppliers', 'suppliers.id', 'product_suppliers.supplier_id')
        .selectAll('product_suppliers')
        .where('product_suppliers.product_id', 'in', productIds)
        .orderBy('product_suppliers.preferred', 'desc')
        .orderBy(sql`lower(suppliers.name)`)
        .orderBy('product_suppliers.supplier_id')
        .execute();
      for (const link of links) {
        byProduct.get(link.product_id)?.push(link);
      }
      return byProduct;
    },
    /**
     * Makes `supplierIds` the product's suppliers: those that stay keep their terms, those left out
     * go, new ones start with no terms. When none of them is preferred, the first listed becomes so.
     * Two statements: the second must see the first's deletions to know whether a preferred one stays.
     */
    setSuppliers: async (productId: string, supplierIds: string[]) => {
      await db
        .deleteFrom('product_suppliers')
        .where('product_id', '=', productId)
        .$if(supplierIds.length > 0, (query) => query.where('supplier_id', 'not in', supplierIds))
        .execute();
      if (supplierIds.length === 0) {
        return;
      }
      const noneStays = sql<boolean>`NOT EXISTS (SELECT 1 FROM product_suppliers WHERE product_id = ${productId} AND preferred)`;
      await db
        .insertInto('product_suppliers')
        .values(
          supplierIds.map((supplierId, index) => ({
            product_id: productId,
            supplier_id: supplierId,
            preferred: index === 0 ? noneStays : false,
          })),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['product_id', 'supplier_id'])
            .doUpdateSet({ preferred: true })
            .where('excluded.preferred', '=', true),
        )
        .execute();
    },
    /**
     * Locks the products the supplier supplies, in id order as orders lock them, before it is deleted:
     * a preference moved meanwhile (`setSupplierTerms`, which locks the product first) waits, then sees
     * the product's next preferred supplier.
     */
    lockProductsSuppliedBy: (supplierId: string) =>
      db
        .selectFrom('products')
        .select('id')
        .where('id', 'in', (eb) => eb.selectFrom('product_suppliers').select('product_id').where('supplier_id', '=', supplierId))
        .orderBy('id')
        .forUpdate()
        .execute(),
    /**
     * Gives each product of the shop that has suppliers but no preferred one (its preferred supplier
     * was deleted) the first of them by name, one not archived if it has any: migration 0032's rule.
     */
    preferFirstWhereNone: async (merchantId: string) => {
      await sql`
        UPDATE product_suppliers SET preferred = true
        FROM (
          SELECT DISTINCT ON (ps.product_id) ps.product_id, ps.supplier_id
          FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id
          WHERE s.merchant_id = ${merchantId}
            AND NOT EXISTS (SELECT 1 FROM product_suppliers other WHERE other.product_id = ps.product_id AND other.preferred)
          ORDER BY ps.product_id, s.archived_at IS NOT NULL, lower(s.name), s.id
        ) AS first
        WHERE product_suppliers.product_id = first.product_id AND product_suppliers.supplier_id = first.supplier_id`.execute(db);
    },
    /**
     * Sets a supplier's terms for the product, tying it to the product if it was not. Made preferred,
     * it takes the preference from the product's other supplier; it is preferred too when no other
     * is (the first supplier a product gets).
     */
    setSupplierTerms: async (productId: string, supplierId: string, terms: SupplierTermsFields) => {
      if (terms.preferred) {
        await db
          .updateTable('product_suppliers')
          .set({ preferred: false })
          .where('product_id', '=', productId)
          .where('supplier_id', '<>', supplierId)
          .where('preferred', '=', true)
          .execute();
      }
      const columns = {
        supplier_sku: terms.supplierSku,
        cost_minor: terms.costMinor,
        pack_size: terms.packSize,
        min_order_quantity: terms.minOrderQuantity,
        lead_time_days: terms.leadTimeDays,
      };
      const preferred = terms.preferred
        ? sql<boolean>`true`
        : sql<boolean>`NOT EXISTS (SELECT 1 FROM product_suppliers WHERE product_id = ${productId} AND preferred AND supplier_id <> ${supplierId})`;
      await db
        .insertInto('product_suppliers')
        .values({ product_id: productId, supplier_id: supplierId, ...columns, preferred })
        .onConflict((conflict) =>
          conflict.columns(['product_id', 'supplier_id']).doUpdateSet((eb) => ({ ...columns, preferred: eb.ref('excluded.preferred') })),
        )
        .execute();
    },
  };
}
export const createCatalogueRepository = repository(catalogueStatements);
export type CatalogueRepository = ReturnType<typeof createCatalogueRepository>;

export function toProductSupplier(row: ProductSupplierRow): ProductSupplier {
  return {
    supplierId: row.supplier_id,
    supplierSku: row.supplier_sku,
    costMinor: row.cost_minor,
    packSize: row.pack_size,
    minOrderQuantity: row.min_order_quantity,
    leadTimeDays: row.lead_time_days,
    preferred: row.preferred,
  };
}

/** `suppliers` are the product's ties with their terms; `withTerms` false leaves the terms and the average cost out (null). */
export function toManagedProduct(row: ProductRow, currency: string, suppliers: ProductSupplierRow[], withTerms: boolean): ManagedProduct {
  return {
    ...toProduct(row, currency),
    supplierIds: suppliers.map((link) => link.supplier_id).sort(),
    suppliers: withTerms ? suppliers.map(toProductSupplier) : null,
    averageCostMinor: withTerms ? row.average_cost_minor : null,
    version: row.version,
    archivedAt: row.archived_at?.toISOString() ?? null,
    barcode: row.barcode,
    taxRateId: row.tax_rate_id,
  };
}
