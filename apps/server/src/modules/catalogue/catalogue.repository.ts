import type { Category, ManagedProduct, Product } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CategoriesTable, Database, ProductsTable } from '../../db/schema';

export type ProductRow = Selectable<ProductsTable>;

export function toCategory(row: Selectable<CategoriesTable>): Category {
  return { id: row.id, slug: row.slug, name: row.name };
}

export function toProduct(row: ProductRow, currency: string): Product {
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
}

/** Escapes LIKE's wildcards so a search for "50%" finds "50%", not everything. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Works on the database or inside a transaction: pass either. */
export function createCatalogueRepository(db: Kysely<Database>) {
  return {
    listCategories: (merchantId: string) =>
      db.selectFrom('categories').selectAll().where('merchant_id', '=', merchantId).orderBy('name').execute(),
    findCategory: (merchantId: string, id: string) =>
      db.selectFrom('categories').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
    findCategoryBySlug: (merchantId: string, slug: string) =>
      db.selectFrom('categories').selectAll().where('merchant_id', '=', merchantId).where('slug', '=', slug).executeTakeFirst(),
    insertCategory: (merchantId: string, slug: string, name: string) =>
      db.insertInto('categories').values({ merchant_id: merchantId, slug, name }).returningAll().executeTakeFirstOrThrow(),
    deleteCategory: async (merchantId: string, id: string) =>
      (await db.deleteFrom('categories').where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst())
        .numDeletedRows > 0n,

    listProducts: (merchantId: string, filter: { categoryId?: string; search?: string } = {}) => {
      let query = db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId);
      if (filter.categoryId) {
        query = query.where('category_id', '=', filter.categoryId);
      }
      if (filter.search) {
        const pattern = likePattern(filter.search);
        query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('sku', 'ilike', pattern)]));
      }
      return query.orderBy('name').orderBy('sku').execute();
    },
    /**
     * What the public sees of a shop, in one query with the shop joined: no rows when there is no
     * such shop; otherwise one row per product that matches (a row without a product when none
     * does), each with the shop's currency and whether the category asked for exists.
     */
    shopProducts: (merchantSlug: string, filter: { categorySlug?: string; search?: string; productId?: string } = {}) => {
      let query = db
        .selectFrom('merchants')
        .$if(filter.categorySlug !== undefined, (qb) =>
          qb.leftJoin('categories', (join) =>
            join.onRef('categories.merchant_id', '=', 'merchants.id').on('categories.slug', '=', filter.categorySlug!),
          ),
        )
        .leftJoin('products', (join) => {
          let on = join.onRef('products.merchant_id', '=', 'merchants.id');
          if (filter.categorySlug !== undefined) {
            on = on.on(sql<boolean>`products.category_id = categories.id`);
          }
          if (filter.productId !== undefined) {
            on = on.on('products.id', '=', filter.productId);
          }
          if (filter.search) {
            const pattern = likePattern(filter.search);
            on = on.on((eb) => eb.or([eb('products.name', 'ilike', pattern), eb('products.sku', 'ilike', pattern)]));
          }
          return on;
        })
        .select([
          'merchants.currency',
          'products.id',
          'products.sku',
          'products.name',
          'products.description',
          'products.price_minor',
          'products.stock',
          'products.category_id',
        ])
        .select(filter.categorySlug !== undefined ? sql<boolean>`categories.id IS NOT NULL`.as('category_found') : sql<boolean>`true`.as('category_found'))
        .where('merchants.slug', '=', merchantSlug);
      if (filter.productId === undefined) {
        query = query.orderBy('products.name').orderBy('products.sku');
      }
      return query.execute();
    },
    findProduct: (merchantId: string, id: string) =>
      db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
    findProductBySku: (merchantId: string, sku: string) =>
      db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('sku', '=', sku).executeTakeFirst(),
    insertProduct: (merchantId: string, fields: ProductFields) =>
      db
        .insertInto('products')
        .values({
          merchant_id: merchantId,
          sku: fields.sku,
          name: fields.name,
          description: fields.description,
          price_minor: fields.priceMinor,
          stock: fields.stock,
          category_id: fields.categoryId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    updateProduct: (merchantId: string, id: string, fields: Partial<ProductFields>) =>
      db
        .updateTable('products')
        .set({
          sku: fields.sku,
          name: fields.name,
          description: fields.description,
          price_minor: fields.priceMinor,
          stock: fields.stock,
          category_id: fields.categoryId,
        })
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    isOrdered: async (productId: string) =>
      (await db.selectFrom('order_items').select('product_id').where('product_id', '=', productId).limit(1).executeTakeFirst()) !==
      undefined,
    deleteProduct: (merchantId: string, id: string) =>
      db.deleteFrom('products').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),

    supplierIdsByProduct: async (productIds: string[]): Promise<Map<string, string[]>> => {
      const byProduct = new Map<string, string[]>(productIds.map((id) => [id, []]));
      if (productIds.length === 0) {
        return byProduct;
      }
      const links = await db
        .selectFrom('product_suppliers')
        .select(['product_id', 'supplier_id'])
        .where('product_id', 'in', productIds)
        .orderBy('supplier_id')
        .execute();
      for (const link of links) {
        byProduct.get(link.product_id)?.push(link.supplier_id);
      }
      return byProduct;
    },
    replaceSuppliers: async (productId: string, supplierIds: string[]) => {
      await db.deleteFrom('product_suppliers').where('product_id', '=', productId).execute();
      if (supplierIds.length > 0) {
        await db
          .insertInto('product_suppliers')
          .values(supplierIds.map((supplierId) => ({ product_id: productId, supplier_id: supplierId })))
          .execute();
      }
    },
  };
}
export type CatalogueRepository = ReturnType<typeof createCatalogueRepository>;

/** A row of `shopProducts` that has a product. */
export function toShopProduct(row: Awaited<ReturnType<CatalogueRepository['shopProducts']>>[number]): Product {
  return {
    id: row.id!,
    sku: row.sku!,
    name: row.name!,
    description: row.description!,
    priceMinor: row.price_minor!,
    currency: row.currency,
    stock: row.stock!,
    categoryId: row.category_id,
  };
}

export function toManagedProduct(row: ProductRow, currency: string, supplierIds: string[]): ManagedProduct {
  return { ...toProduct(row, currency), supplierIds };
}
