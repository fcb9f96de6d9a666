import { z } from 'zod';
import { productBarcodeSchema } from '../barcode';
import { id, name, noContent, timestamp } from '../fields';
import { named } from '../messages';
import { currencySchema, priceMinorSchema } from '../money';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { merchantParams } from './merchants';
import { taxRateRefSchema } from './taxes';

/** A shop's categories and products, as customers see them and as the back office manages them. */

/** Large enough for any shop, small enough that no sum of it overflows. */
export const MAX_STOCK = 1_000_000_000;

export const categorySchema = z.object({
  id,
  slug: slugSchema,
  name: z.string(),
  /** The tax rate of its products that have none of their own; null: no tax. */
  taxRateId: id.nullable(),
});
export type Category = z.infer<typeof categorySchema>;
export const categoryListSchema = z.object({ categories: z.array(categorySchema) });
export const createCategorySchema = z.object({ name, slug: slugSchema.optional() });
export type CreateCategory = z.input<typeof createCategorySchema>;
/** Its slug stays: it is the category's address in the shop. */
export const updateCategorySchema = z
  .object({ name: name.optional(), taxRateId: id.nullable().optional() })
  .refine(
    (body) => body.name !== undefined || body.taxRateId !== undefined,
    'Nothing to change: name at least one field.',
  );
export type UpdateCategory = z.input<typeof updateCategorySchema>;
export const categoryParams = merchantParams.extend({ categoryId: id });

export const productSchema = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceMinor: z.int(),
  currency: currencySchema,
  stock: z.int(),
  categoryId: id.nullable(),
  /** The rate it sells at: its own, else its category's; null for no tax. */
  taxRate: taxRateRefSchema.nullable(),
});
export type Product = z.infer<typeof productSchema>;
export const productListSchema = z.object({ products: z.array(productSchema) });
export const productQuerySchema = z.object({
  category: slugSchema.optional(),
  q: z.string().max(200).optional(),
});

/** The longest a supplier may take to deliver: a year. */
export const MAX_LEAD_TIME_DAYS = 365;

/**
 * A product's terms with one of its suppliers: what the supplier calls it, what one costs the shop
 * (minor units of the shop's currency; null while unknown), the multiple it is ordered in (a pack),
 * the least the supplier takes in one order, and the days it takes to come (null while unknown).
 * One supplier of a product is preferred, the one ordered from first; the others are its backups.
 */
export const productSupplierSchema = z.object({
  supplierId: id,
  supplierSku: z.string().nullable(),
  costMinor: z.int().nullable(),
  packSize: z.int(),
  minOrderQuantity: z.int(),
  leadTimeDays: z.int().nullable(),
  preferred: z.boolean(),
});
export type ProductSupplier = z.infer<typeof productSupplierSchema>;

/**
 * What the merchant sees of a product: the public view plus who supplies it, the version its form
 * sends back (`updateProductSchema`), and when it was archived (null while on sale).
 */
export const managedProductSchema = productSchema.omit({ taxRate: true }).extend({
  supplierIds: z.array(id),
  /**
   * Its terms with each of its suppliers, the preferred one first, then by the supplier's name; null
   * for someone who may not change the catalogue (a cashier), who is shown no cost prices.
   */
  suppliers: z.array(productSupplierSchema).nullable(),
  /**
   * What one has cost the shop on average, moved by each purchase order receipt (minor units); null
   * before its first receipt, and for someone who is shown no cost prices (a cashier).
   */
  averageCostMinor: z.int().nullable(),
  version: z.int(),
  archivedAt: timestamp.nullable(),
  /** What a scanner reads: an EAN-13, UPC-A or EAN-8, or a shop's own Code 128 text. */
  barcode: z.string().nullable(),
  /** Its own tax rate; null: its category's, else no tax. */
  taxRateId: id.nullable(),
});
export type ManagedProduct = z.infer<typeof managedProductSchema>;
export const managedProductListSchema = z.object({ products: z.array(managedProductSchema) });
/** The back office's search of its products, archived ones too: by name or SKU, the first `limit` by name. */
export const managedProductQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type ManagedProductQuery = z.input<typeof managedProductQuerySchema>;

/** What names a product inside its shop: the form's field and the key a catalogue import matches rows by. */
export const skuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    named(
      (field) =>
        `${field} may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit.`,
    ),
  );
export const productNameSchema = name;
export const productDescriptionSchema = z.string().max(5000);
const productFields = z.object({
  sku: skuSchema,
  name: productNameSchema,
  description: productDescriptionSchema,
  priceMinor: priceMinorSchema,
  stock: z.int().min(0).max(MAX_STOCK),
  categoryId: id.nullable(),
  supplierIds: z.array(id).max(50),
  barcode: productBarcodeSchema,
  /** One of the shop's rates not archived; null: the category's rate applies. */
  taxRateId: id.nullable(),
});
export const createProductSchema = productFields.extend({
  description: productFields.shape.description.default(''),
  categoryId: productFields.shape.categoryId.default(null),
  supplierIds: productFields.shape.supplierIds.default([]),
  barcode: productFields.shape.barcode.default(null),
  taxRateId: productFields.shape.taxRateId.default(null),
});
export type CreateProduct = z.input<typeof createProductSchema>;
// From the fields without their defaults: a change names what it changes, and zod would fill a
// missing field's default in even under .partial(), wiping what the product had. Stock is not
// among them: it changes by a stated amount and reason (`stockAdjustmentSchema`), never by
// writing back a figure the form read earlier. `version` is the one the form was opened with.
export const updateProductSchema = productFields
  .omit({ stock: true })
  .partial()
  .extend({
    version: z.int({ error: 'Send the version of the product the form was opened with.' }).min(1),
    stock: z
      .never({
        error:
          'Stock is not set here: change it by an amount with a reason at POST /api/v1/merchants/:merchantSlug/products/:productId/stock-adjustments.',
      })
      .optional(),
  })
  .refine(
    (body) => Object.keys(body).some((key) => key !== 'version'),
    'Nothing to change: name at least one field.',
  );
export type UpdateProduct = z.input<typeof updateProductSchema>;
export const productParams = merchantParams.extend({ productId: id });
export const productSupplierParams = productParams.extend({ supplierId: id });

/** A whole number of items from 1: a pack, a minimum order. */
const orderQuantity = z.int().min(1).max(MAX_STOCK);

/**
 * A supplier's terms for a product, all of them at once: what is left out or null is unknown
 * (no supplier SKU, no cost, no lead time). `preferred: true` makes it the product's preferred
 * supplier, in place of the one that was; a product with suppliers always has one, so the
 * preference moves to another supplier, never away from all.
 */
export const supplierTermsSchema = z.object({
  supplierSku: z
    .string()
    .trim()
    .max(64)
    .regex(/^[^\t\n\r]*$/, named((field) => `${field} must fit on one line.`))
    // An empty field is no SKU.
    .transform((sku) => (sku === '' ? null : sku))
    .nullable()
    .optional(),
  costMinor: priceMinorSchema.nullable().optional(),
  packSize: orderQuantity,
  minOrderQuantity: orderQuantity,
  leadTimeDays: z
    .int()
    .min(0, 'The lead time cannot be negative: 0 is the same day.')
    .max(MAX_LEAD_TIME_DAYS, `The lead time is at most ${MAX_LEAD_TIME_DAYS} days.`)
    .nullable()
    .optional(),
  preferred: z.boolean(),
});
export type SupplierTerms = z.input<typeof supplierTermsSchema>;
/** What a scanner or a person at the counter typed: a barcode, or a SKU. */
export const productCodeParams = merchantParams.extend({
  code: z.string().trim().min(1).max(200, 'A code is at most 200 characters long.'),
});

/**
 * Why stock changes by hand. Received and found add; damaged and lost take away; a correction
 * (after a count) or another reason goes either way, and "other" says what it was.
 */
export const STOCK_REASONS = ['received', 'found', 'damaged', 'lost', 'correction', 'other'] as const;
export const stockReasonSchema = z.enum(STOCK_REASONS, {
  error: `Choose a reason: ${STOCK_REASONS.join(', ')}.`,
});
export type StockReason = z.infer<typeof stockReasonSchema>;
/** Which way each reason moves stock: +1 adds, -1 takes away, 0 either. */
export const STOCK_REASON_DIRECTION: Record<StockReason, 1 | -1 | 0> = {
  received: 1,
  found: 1,
  damaged: -1,
  lost: -1,
  correction: 0,
  other: 0,
};

/**
 * A change of stock by a stated amount: "received 10", "damaged -2". Applied to the stock as it is
 * when it arrives, never as a figure read earlier, so no sale made meanwhile is undone.
 */
export const stockAdjustmentSchema = z
  .object({
    change: z
      .int({ error: 'Whole numbers only.' })
      .min(-MAX_STOCK, `At most ${MAX_STOCK} at once.`)
      .max(MAX_STOCK, `At most ${MAX_STOCK} at once.`)
      .refine((change) => change !== 0, 'Give a change other than 0.'),
    reason: stockReasonSchema,
    note: z.string().trim().max(500, 'At most 500 characters.').optional(),
    /** Made once by the form that sends the adjustment: sent again (a retry), it is recorded once. */
    idempotencyKey: z
      .uuid({ error: 'The idempotency key is a UUID, made once for each adjustment.' })
      .optional(),
  })
  .superRefine((body, context) => {
    const direction = STOCK_REASON_DIRECTION[body.reason];
    if (direction !== 0 && Math.sign(body.change) !== direction) {
      context.addIssue({
        code: 'custom',
        path: ['change'],
        message:
          direction > 0
            ? `Stock ${body.reason} adds: give a positive change.`
            : `Stock ${body.reason} takes away: give a negative change.`,
      });
    }
    if (body.reason === 'other' && !body.note) {
      context.addIssue({ code: 'custom', path: ['note'], message: 'Say what happened.' });
    }
  });
export type StockAdjustment = z.input<typeof stockAdjustmentSchema>;

export const stockAdjustmentResultSchema = z.object({
  adjustment: z.object({
    change: z.int(),
    reason: stockReasonSchema,
    note: z.string().nullable(),
    /** The stock right after this change. */
    stockAfter: z.int(),
  }),
  product: managedProductSchema,
});
export type StockAdjustmentResult = z.infer<typeof stockAdjustmentResultSchema>;

/**
 * A refused change of a product (409): a SKU already used, or a change made against an older
 * version, which carries what the product is now (`current`) for the form to show beside its own.
 */
export const productConflictSchema = z.object({
  statusCode: z.literal(409),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  current: managedProductSchema.optional(),
});
export type ProductConflict = z.infer<typeof productConflictSchema>;

const tags = ['catalogue'];

export const catalogueRoutes = {
  categories: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/categories',
    summary: "A shop's categories",
    tags,
    caller: 'anyone',
    params: merchantParams,
    responses: { 200: categoryListSchema },
  }),
  createCategory: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/categories',
    summary: 'Add a category',
    tags,
    permission: 'catalogue',
    params: merchantParams,
    body: createCategorySchema,
    responses: { 201: categorySchema },
  }),
  updateCategory: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/categories/:categoryId',
    summary: "Rename a category or set its products' default tax rate",
    tags,
    permission: 'catalogue',
    params: categoryParams,
    body: updateCategorySchema,
    responses: { 200: categorySchema },
  }),
  deleteCategory: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/categories/:categoryId',
    summary: 'Delete a category',
    tags,
    permission: 'catalogue',
    params: categoryParams,
    responses: { 204: noContent },
  }),
  products: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/products',
    summary: "A shop's products, by category or search",
    tags,
    caller: 'anyone',
    params: merchantParams,
    query: productQuerySchema,
    responses: { 200: productListSchema },
  }),
  product: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/products/:productId',
    summary: 'One product of a shop',
    tags,
    caller: 'anyone',
    params: productParams,
    responses: { 200: productSchema },
  }),
  productByCode: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/products/by-code/:code',
    summary: 'The product a scanner read: by its barcode, else by its SKU (archived products are not found)',
    description:
      'The barcode must match exactly; a SKU matches as written, else in any letter case. 404 when no product of the shop on sale has the code.',
    tags,
    permission: 'readCatalogue',
    params: productCodeParams,
    responses: { 200: managedProductSchema },
  }),
  managedProducts: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/catalogue',
    summary: "The shop's products with their suppliers, archived ones too, all or by search (back office)",
    tags,
    permission: 'readCatalogue',
    params: merchantParams,
    query: managedProductQuerySchema,
    responses: { 200: managedProductListSchema },
  }),
  managedProduct: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/catalogue/:productId',
    summary: 'One product of the shop with its suppliers, archived or not (back office)',
    tags,
    permission: 'readCatalogue',
    params: productParams,
    responses: { 200: managedProductSchema },
  }),
  createProduct: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/products',
    summary: 'Add a product',
    tags,
    permission: 'catalogue',
    params: merchantParams,
    body: createProductSchema,
    responses: { 201: managedProductSchema },
  }),
  updateProduct: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/products/:productId',
    summary: "Change a product's details or suppliers, against the version the form was opened with",
    description:
      'Stock is changed by stock adjustments. 409 with the current product when the version is not the current one.',
    tags,
    permission: 'catalogue',
    params: productParams,
    body: updateProductSchema,
    responses: { 200: managedProductSchema, 409: productConflictSchema },
  }),
  setSupplierTerms: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/products/:productId/suppliers/:supplierId',
    summary: "Set a supplier's terms for a product: its SKU, cost, pack size, minimum order, lead time, and whether it is preferred",
    description:
      "Ties the supplier to the product if it was not (which, as a change of its suppliers, adds one to the product's version; terms alone do not). `preferred: true` moves the preference from the product's other supplier; the first supplier a product gets is preferred whatever is sent. 409 for an archived supplier, or for `preferred: false` sent for the preferred supplier.",
    tags,
    permission: 'catalogue',
    params: productSupplierParams,
    body: supplierTermsSchema,
    responses: { 200: managedProductSchema },
  }),
  adjustStock: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/products/:productId/stock-adjustments',
    summary: 'Add to or take from the stock, with a reason ("received 10", "damaged -2")',
    description:
      'Applied to the stock as it is when it arrives, never as a figure read earlier, and recorded as a stock movement. 409 when it would take the stock below zero. Sent again with the same idempotencyKey, it changes nothing and answers as the first time, with the adjustment as first recorded and the product as it is now.',
    tags,
    permission: 'catalogue',
    params: productParams,
    body: stockAdjustmentSchema,
    responses: { 201: stockAdjustmentResultSchema },
  }),
  archiveProduct: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/products/:productId/archived',
    summary: 'Archive a product: off sale, kept in its orders',
    tags,
    permission: 'catalogue',
    params: productParams,
    responses: { 200: managedProductSchema },
  }),
  restoreProduct: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/products/:productId/archived',
    summary: 'Restore an archived product',
    tags,
    permission: 'catalogue',
    params: productParams,
    responses: { 200: managedProductSchema },
  }),
  deleteProduct: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/products/:productId',
    summary: 'Delete a product never ordered (archive one that was)',
    tags,
    permission: 'catalogue',
    params: productParams,
    responses: { 204: noContent },
  }),
};
