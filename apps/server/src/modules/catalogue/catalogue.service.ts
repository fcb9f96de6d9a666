import {
  can,
  createCategorySchema,
  createProductSchema,
  MAX_STOCK,
  stockAdjustmentSchema,
  supplierTermsSchema,
  updateCategorySchema,
  updateProductSchema,
  type Category,
  type CreateCategory,
  type CreateProduct,
  type ManagedProduct,
  type StockAdjustment,
  type StockAdjustmentResult,
  type StockReason,
  type SupplierTerms,
  type UpdateCategory,
  type UpdateProduct,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors';
import type { Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../http/errors';
import { slugOrFromName } from '../../http/slug';
import type { ShopCaller } from '../access/access';
import type { MerchantsService } from '../merchants/merchants.service';
import type { SuppliersRepository } from '../suppliers/suppliers.repository';
import {
  toCategory,
  toManagedProduct,
  type CatalogueRepository,
  type ProductRow,
} from './catalogue.repository';
import type { TaxRatesRepository } from './tax-rates.repository';

export function createCatalogueService(
  db: Kysely<Database>,
  { catalogue, suppliers, taxRates }: { catalogue: CatalogueRepository; suppliers: SuppliersRepository; taxRates: TaxRatesRepository },
  merchants: MerchantsService,
) {

  /**
   * A tax rate given to a product or a category must be one of this shop's (another shop's id is
   * "unknown"). An archived rate may stay where it is (`linked`), not be chosen anew.
   */
  async function checkTaxRate(trx: Kysely<Database>, merchantId: string, taxRateId: string | null | undefined, linked: string | null = null) {
    if (!taxRateId || taxRateId === linked) {
      return;
    }
    const rate = await taxRates.within(trx).find(merchantId, taxRateId);
    if (!rate) {
      throw badRequest("Unknown tax rate: choose one of this shop's tax rates.", [
        { path: 'body.taxRateId', message: 'Not a tax rate of this shop.' },
      ]);
    }
    if (rate.archived_at) {
      throw badRequest(`The tax rate ${rate.name} is archived: restore it under Settings → Taxes to choose it again.`, [
        { path: 'body.taxRateId', message: `${rate.name} is archived.` },
      ]);
    }
  }

  /**
   * Category, suppliers and tax rate named in a product must be this shop's: another shop's ids are
   * "unknown". An archived supplier or rate is no longer offered: it may stay on a product that
   * already has it (`linked`), not be chosen anew.
   */
  async function checkReferences(
    repository: CatalogueRepository,
    trx: Kysely<Database>,
    merchantId: string,
    fields: { categoryId?: string | null; supplierIds?: string[]; taxRateId?: string | null },
    linked: { supplierIds: string[]; taxRateId: string | null } = { supplierIds: [], taxRateId: null },
  ) {
    await checkTaxRate(trx, merchantId, fields.taxRateId, linked.taxRateId);
    if (fields.categoryId && !(await repository.findCategory(merchantId, fields.categoryId))) {
      throw badRequest('Unknown category: choose one of this shop\'s categories.', [
        { path: 'body.categoryId', message: 'Not a category of this shop.' },
      ]);
    }
    if (fields.supplierIds) {
      const wanted = [...new Set(fields.supplierIds)];
      const owned = new Map(
        (await suppliers.within(trx).findMany(merchantId, wanted)).map((supplier) => [supplier.id, supplier]),
      );
      const unknown = wanted.filter((id) => !owned.has(id));
      if (unknown.length > 0) {
        throw badRequest(`Unknown supplier ${unknown.join(', ')}: choose among this shop's suppliers.`, [
          { path: 'body.supplierIds', message: 'Not a supplier of this shop.' },
        ]);
      }
      const archived = wanted.map((id) => owned.get(id)!).filter((supplier) => supplier.archived_at && !linked.supplierIds.includes(supplier.id));
      if (archived.length > 0) {
        const names = archived.map((supplier) => supplier.name).join(', ');
        throw badRequest(`${names} ${archived.length === 1 ? 'is' : 'are'} archived: restore ${archived.length === 1 ? 'it' : 'them'} under Suppliers to choose ${archived.length === 1 ? 'it' : 'them'} again.`, [
          { path: 'body.supplierIds', message: `${names} ${archived.length === 1 ? 'is' : 'are'} archived.` },
        ]);
      }
    }
  }

  /** The product inside the caller's shop, before anything else about it is checked or said. */
  async function findOwned(repository: CatalogueRepository, merchantId: string, productId: string) {
    const row = await repository.findProduct(merchantId, productId);
    if (!row) {
      throw notFound('product');
    }
    return row;
  }

  /** The product as the back office sees it; its suppliers' terms (cost prices) only for whoever may change them. */
  async function managed(repository: CatalogueRepository, row: ProductRow, caller: ShopCaller): Promise<ManagedProduct> {
    const suppliers = await repository.suppliersByProduct([row.id]);
    return toManagedProduct(row, caller.shop.currency, suppliers.get(row.id) ?? [], can(caller.role, 'catalogue'));
  }

  async function ensureSkuFree(repository: CatalogueRepository, merchantId: string, sku: string, productId?: string) {
    const existing = await repository.findProductBySku(merchantId, sku);
    if (existing && existing.id !== productId) {
      throw conflict(`SKU "${sku}" is already used by ${existing.name}`, [{ path: 'body.sku', message: 'already used' }]);
    }
  }

  /** A scanner must find one product by a code: two products of a shop never share a barcode. */
  async function ensureBarcodeFree(repository: CatalogueRepository, merchantId: string, barcode: string | null, productId?: string) {
    const existing = barcode === null ? undefined : await repository.findProductByBarcode(merchantId, barcode);
    if (existing && existing.id !== productId) {
      throw conflict(`Barcode ${barcode} is already used by ${existing.name} (SKU ${existing.sku}): a scanner must find one product by it.`, [
        { path: 'body.barcode', message: `Already on ${existing.name}.` },
      ]);
    }
  }

  return {
    async listCategories(merchantSlug: string): Promise<Category[]> {
      const merchant = await merchants.findOrThrow(merchantSlug);
      return (await catalogue.listCategories(merchant.id)).map(toCategory);
    },

    async createCategory({ shop: merchant }: ShopCaller, input: CreateCategory): Promise<Category> {
      const fields = createCategorySchema.parse(input);
      const slug = slugOrFromName(fields.slug, fields.name);
      if (await catalogue.findCategoryBySlug(merchant.id, slug)) {
        throw conflict(`this shop already has a category "${slug}"`, [{ path: 'body.slug', message: 'taken' }]);
      }
      return toCategory(await catalogue.insertCategory(merchant.id, slug, fields.name));
    },

    /** A new name, or the tax rate of its products that have none of their own. */
    async updateCategory({ shop: merchant }: ShopCaller, categoryId: string, input: UpdateCategory): Promise<Category> {
      const fields = updateCategorySchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = catalogue.within(trx);
        const existing = await repository.findCategory(merchant.id, categoryId);
        if (!existing) {
          throw notFound('category');
        }
        await checkTaxRate(trx, merchant.id, fields.taxRateId, existing.tax_rate_id);
        return toCategory((await repository.updateCategory(merchant.id, categoryId, fields))!);
      });
    },

    /** Its products stay, without a category. */
    async deleteCategory({ shop: merchant }: ShopCaller, categoryId: string): Promise<void> {
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

    /** What a scanner at the counter finds: see `findProductByCode`. */
    async findByCode(caller: ShopCaller, code: string): Promise<ManagedProduct> {
      const row = await catalogue.findProductByCode(caller.shop.id, code.trim());
      if (!row) {
        throw notFound(
          `No product of this shop has the barcode or SKU "${code.trim()}" (archived products are not sold): check the code, or give it to a product in the catalogue.`,
        );
      }
      return managed(catalogue, row, caller);
    },

    /** Every product of the shop, archived ones too, or those whose name or SKU holds `q`, the first `limit`. */
    async listManaged({ shop: merchant, role }: ShopCaller, query: { q?: string; limit?: number } = {}): Promise<ManagedProduct[]> {
      const rows = await catalogue.listProducts(merchant.id, { search: query.q?.trim() || undefined, limit: query.limit });
      const suppliers = await catalogue.suppliersByProduct(rows.map((row) => row.id));
      const withTerms = can(role, 'catalogue');
      return rows.map((row) => toManagedProduct(row, merchant.currency, suppliers.get(row.id) ?? [], withTerms));
    },

    getManaged: async (caller: ShopCaller, productId: string): Promise<ManagedProduct> =>
      managed(catalogue, await findOwned(catalogue, caller.shop.id, productId), caller),

    /** Its suppliers as listed; the first is its preferred supplier. */
    async createProduct(caller: ShopCaller, input: CreateProduct): Promise<ManagedProduct> {
      const { shop: merchant, actor } = caller;
      const fields = createProductSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = catalogue.within(trx);
        await checkReferences(repository, trx, merchant.id, fields);
        await ensureSkuFree(repository, merchant.id, fields.sku);
        await ensureBarcodeFree(repository, merchant.id, fields.barcode);
        const row = await repository.insertProduct(merchant.id, fields, actor.userId);
        await repository.setSuppliers(row.id, [...new Set(fields.supplierIds)]);
        return managed(repository, row, caller);
      });
    },

    /**
     * Changes what the product's form edits, if nobody changed it since the form was opened
     * (`input.version`); otherwise 409 with the product as it is now, for the form to show. Suppliers
     * that stay keep their terms and their preference; when the preferred one goes, the first listed
     * becomes preferred.
     */
    async updateProduct(caller: ShopCaller, productId: string, input: UpdateProduct): Promise<ManagedProduct> {
      const merchant = caller.shop;
      // Parsed here too: an empty barcode is none, whoever calls.
      const change = updateProductSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = catalogue.within(trx);
        const existing = await findOwned(repository, merchant.id, productId);
        const linkedSuppliers = ((await repository.suppliersByProduct([productId])).get(productId) ?? []).map((link) => link.supplier_id);
        await checkReferences(repository, trx, merchant.id, change, { supplierIds: linkedSuppliers, taxRateId: existing.tax_rate_id });
        if (change.sku !== undefined) {
          await ensureSkuFree(repository, merchant.id, change.sku, productId);
        }
        if (change.barcode !== undefined) {
          await ensureBarcodeFree(repository, merchant.id, change.barcode, productId);
        }
        const { supplierIds, version, stock: _stock, ...fields } = change;
        const row = await repository.updateProduct(merchant.id, productId, version, fields);
        if (!row) {
          const current = (await repository.findProduct(merchant.id, productId)) ?? existing;
          throw conflict(
            `${current.name} was changed by someone else since this form was opened (version ${version}, now ${current.version}): reload it to see the current values, then make your change again.`,
            [{ path: 'body.version', message: 'Changed since the form was opened.' }],
            { current: await managed(repository, current, caller) },
          );
        }
        if (supplierIds) {
          await repository.setSuppliers(productId, [...new Set(supplierIds)]);
        }
        return managed(repository, row, caller);
      });
    },

    /**
     * Sets one supplier's terms for the product, tying it to the product if it was not. Terms are not
     * fields of the product's form, so they leave its version alone and an open form still saves; a
     * supplier tied here changes its list of suppliers, which the form edits, so the version goes up
     * and a form opened before cannot take the supplier off unseen. The product is locked first, so
     * of two suppliers made preferred at once the second waits and takes the preference from the first.
     */
    async setSupplierTerms(caller: ShopCaller, productId: string, supplierId: string, input: SupplierTerms): Promise<ManagedProduct> {
      const terms = supplierTermsSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = catalogue.within(trx);
        const product = await repository.lockProduct(caller.shop.id, productId);
        if (!product) {
          throw notFound('product');
        }
        const supplier = await suppliers.within(trx).find(caller.shop.id, supplierId);
        if (!supplier) {
          throw notFound('supplier');
        }
        if (supplier.archived_at) {
          throw conflict(`${supplier.name} is archived: restore it under Suppliers to set its terms.`);
        }
        const tie = (await repository.suppliersByProduct([productId])).get(productId)?.find((link) => link.supplier_id === supplierId);
        if (tie?.preferred && !terms.preferred) {
          throw conflict(
            `${supplier.name} is the preferred supplier of ${product.name}: make another of its suppliers preferred instead, and ${supplier.name} becomes a backup.`,
            [{ path: 'body.preferred', message: `${supplier.name} is the preferred supplier.` }],
          );
        }
        await repository.setSupplierTerms(productId, supplierId, {
          supplierSku: terms.supplierSku ?? null,
          costMinor: terms.costMinor ?? null,
          packSize: terms.packSize,
          minOrderQuantity: terms.minOrderQuantity,
          leadTimeDays: terms.leadTimeDays ?? null,
          preferred: terms.preferred,
        });
        return managed(repository, tie ? product : await repository.bumpVersion(productId), caller);
      });
    },

    /**
     * Adds to or takes from the stock as it is when the change arrives, with a reason: never a
     * figure read earlier, so no order placed meanwhile is undone. One statement; refused, changing
     * nothing, if it would take the stock below zero.
     */
    async adjustStock(caller: ShopCaller, productId: string, input: StockAdjustment): Promise<StockAdjustmentResult> {
      const { shop: merchant, actor } = caller;
      const adjustment = stockAdjustmentSchema.parse(input);
      const adjust = () =>
        catalogue.adjustStock(merchant.id, productId, adjustment.change, MAX_STOCK, {
          actorId: actor.userId,
          reason: adjustment.reason,
          note: adjustment.note ?? null,
          key: adjustment.idempotencyKey ?? null,
        });
      // The same key sent twice at once: the second's movement is refused by the key's unique index,
      // and sent again it finds the first's.
      const { product: row, earlier } = await adjust().catch((error: unknown) => {
        if (adjustment.idempotencyKey && isUniqueViolation(error)) {
          return adjust();
        }
        throw error;
      });
      if (earlier) {
        const current = await findOwned(catalogue, merchant.id, productId);
        return {
          adjustment: {
            change: earlier.quantity,
            reason: earlier.reason as StockReason,
            note: earlier.note,
            stockAfter: earlier.balance_after,
          },
          product: await managed(catalogue, current, caller),
        };
      }
      if (!row) {
        const current = await findOwned(catalogue, merchant.id, productId);
        if (adjustment.change < 0) {
          throw conflict(`Only ${current.stock} in stock: ${current.name} cannot lose ${-adjustment.change}.`, [
            { path: 'body.change', message: `Only ${current.stock} in stock.` },
          ]);
        }
        throw conflict(`${current.name} has ${current.stock} in stock: adding ${adjustment.change} would pass the limit of ${MAX_STOCK}.`, [
          { path: 'body.change', message: `At most ${MAX_STOCK - current.stock} more.` },
        ]);
      }
      return {
        adjustment: { change: adjustment.change, reason: adjustment.reason, note: adjustment.note ?? null, stockAfter: row.stock },
        product: await managed(catalogue, row, caller),
      };
    },

    /** Off sale and out of new choices; kept in every order that has it. Restoring puts it back. */
    async setProductArchived(caller: ShopCaller, productId: string, archived: boolean): Promise<ManagedProduct> {
      const row = await catalogue.setProductArchived(caller.shop.id, productId, archived ? caller.actor.userId : null);
      if (!row) {
        throw notFound('product');
      }
      return managed(catalogue, row, caller);
    },

    /**
     * Only what never had stock nor an order: a product with either is archived instead, so its
     * orders and its stock movements keep it.
     */
    async deleteProduct({ shop: merchant }: ShopCaller, productId: string): Promise<void> {
      await findOwned(catalogue, merchant.id, productId);
      if (await catalogue.isOrdered(productId)) {
        throw conflict('This product has been ordered: archive it instead, so its orders keep it.');
      }
      if (await catalogue.hasMovements(productId)) {
        throw conflict('This product has had stock: archive it instead, so its stock history keeps it.');
      }
      await catalogue.deleteProduct(merchant.id, productId);
    },
  };
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
