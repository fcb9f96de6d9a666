import {
  createCategorySchema,
  createProductSchema,
  type Category,
  type CreateCategory,
  type CreateProduct,
  type ManagedProduct,
  type UpdateProduct,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../http/errors';
import { slugOrFromName } from '../../http/slug';
import type { Actor } from '../auth/actor';
import type { MerchantsService } from '../merchants/merchants.service';
import { createSuppliersRepository } from '../suppliers/suppliers.repository';
import {
  createCatalogueRepository,
  toCategory,
  toManagedProduct,
  type CatalogueRepository,
} from './catalogue.repository';

export function createCatalogueService(db: Kysely<Database>, merchants: MerchantsService) {
  const catalogue = createCatalogueRepository(db);

  /** Category and suppliers named in a product must be this shop's: another shop's ids are "unknown". */
  async function checkReferences(
    repository: CatalogueRepository,
    trx: Kysely<Database>,
    merchantId: string,
    fields: { categoryId?: string | null; supplierIds?: string[] },
  ) {
    if (fields.categoryId && !(await repository.findCategory(merchantId, fields.categoryId))) {
      throw badRequest('unknown category', [{ path: 'body.categoryId', message: 'not a category of this shop' }]);
    }
    if (fields.supplierIds) {
      const wanted = [...new Set(fields.supplierIds)];
      const owned = new Set(await createSuppliersRepository(trx).ownedIds(merchantId, wanted));
      const unknown = wanted.filter((id) => !owned.has(id));
      if (unknown.length > 0) {
        throw badRequest(`unknown supplier ${unknown.join(', ')}`, [
          { path: 'body.supplierIds', message: 'not a supplier of this shop' },
        ]);
      }
    }
  }

  async function ensureSkuFree(repository: CatalogueRepository, merchantId: string, sku: string, productId?: string) {
    const existing = await repository.findProductBySku(merchantId, sku);
    if (existing && existing.id !== productId) {
      throw conflict(`SKU "${sku}" is already used by ${existing.name}`, [{ path: 'body.sku', message: 'already used' }]);
    }
  }

  return {
    async listCategories(merchantSlug: string): Promise<Category[]> {
      const merchant = await merchants.findOrThrow(merchantSlug);
      return (await catalogue.listCategories(merchant.id)).map(toCategory);
    },

    async createCategory(actor: Actor | null, merchantSlug: string, input: CreateCategory): Promise<Category> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'catalogue');
      const fields = createCategorySchema.parse(input);
      const slug = slugOrFromName(fields.slug, fields.name);
      if (await catalogue.findCategoryBySlug(merchant.id, slug)) {
        throw conflict(`this shop already has a category "${slug}"`, [{ path: 'body.slug', message: 'taken' }]);
      }
      return toCategory(await catalogue.insertCategory(merchant.id, slug, fields.name));
    },

    /** Its products stay, without a category. */
    async deleteCategory(actor: Actor | null, merchantSlug: string, categoryId: string): Promise<void> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'catalogue');
      if (!(await catalogue.deleteCategory(merchant.id, categoryId))) {
        throw notFound('category');
      }
    },

    /** The reply's JSON (`productListSchema`), as PostgreSQL wrote it: see `shopProductList`. */
    async listProductsJson(merchantSlug: string, query: { category?: string; q?: string }): Promise<string> {
      const list = await catalogue.shopProductList(merchantSlug, { categorySlug: query.category, search: query.q?.trim() || undefined });
      if (!list) {
        throw notFound(`shop "${merchantSlug}"`);
      }
      if (!list.category_found) {
        throw notFound(`category "${query.category}"`);
      }
      return `{"products":${list.products}}`;
    },

    /** The reply's JSON (`productSchema`), as PostgreSQL wrote it. */
    async getProductJson(merchantSlug: string, productId: string): Promise<string> {
      const found = await catalogue.shopProductJson(merchantSlug, productId);
      if (!found) {
        throw notFound(`shop "${merchantSlug}"`);
      }
      if (found.product === null) {
        throw notFound('product');
      }
      return found.product;
    },

    async listManaged(actor: Actor | null, merchantSlug: string): Promise<ManagedProduct[]> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'readCatalogue');
      const rows = await catalogue.listProducts(merchant.id);
      const suppliers = await catalogue.supplierIdsByProduct(rows.map((row) => row.id));
      return rows.map((row) => toManagedProduct(row, merchant.currency, suppliers.get(row.id) ?? []));
    },

    async createProduct(actor: Actor | null, merchantSlug: string, input: CreateProduct): Promise<ManagedProduct> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'catalogue');
      const fields = createProductSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = createCatalogueRepository(trx);
        await checkReferences(repository, trx, merchant.id, fields);
        await ensureSkuFree(repository, merchant.id, fields.sku);
        const row = await repository.insertProduct(merchant.id, fields);
        const supplierIds = [...new Set(fields.supplierIds)].sort();
        await repository.replaceSuppliers(row.id, supplierIds);
        return toManagedProduct(row, merchant.currency, supplierIds);
      });
    },

    async updateProduct(
      actor: Actor | null,
      merchantSlug: string,
      productId: string,
      input: UpdateProduct,
    ): Promise<ManagedProduct> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'catalogue');
      return db.transaction().execute(async (trx) => {
        const repository = createCatalogueRepository(trx);
        await checkReferences(repository, trx, merchant.id, input);
        if (input.sku !== undefined) {
          await ensureSkuFree(repository, merchant.id, input.sku, productId);
        }
        const { supplierIds, ...fields } = input;
        const row = await repository.updateProduct(merchant.id, productId, fields);
        if (!row) {
          throw notFound('product');
        }
        if (supplierIds) {
          await repository.replaceSuppliers(productId, [...new Set(supplierIds)]);
        }
        const suppliers = await repository.supplierIdsByProduct([productId]);
        return toManagedProduct(row, merchant.currency, suppliers.get(productId) ?? []);
      });
    },

    async deleteProduct(actor: Actor | null, merchantSlug: string, productId: string): Promise<void> {
      const merchant = await merchants.findManaged(actor, merchantSlug, 'catalogue');
      if (!(await catalogue.findProduct(merchant.id, productId))) {
        throw notFound('product');
      }
      if (await catalogue.isOrdered(productId)) {
        throw conflict('this product has been ordered and its orders keep it; set its stock to 0 instead');
      }
      await catalogue.deleteProduct(merchant.id, productId);
    },
  };
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
