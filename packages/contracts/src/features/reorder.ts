import { z } from 'zod';
import { id, noContent } from '../fields';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { merchantParams } from './merchants';
import { MAX_PURCHASE_QUANTITY } from './purchase-orders';
import { MAX_STOCK } from './catalogue';

/**
 * Reorder rules: per product a minimum and a maximum. What the shop can count on is what it has plus
 * what is still to come on purchase orders sent to suppliers; when that falls below the minimum, the
 * product needs enough to bring it back to the maximum, which the rules write into a draft purchase
 * order to the product's preferred supplier (one draft per supplier, raised, never written twice).
 */

/** What a product's rule needs ordered: nothing while it is not below its minimum. */
export interface ReorderPosition {
  onHand: number;
  /** Still to come on purchase orders sent (confirmed, if the supplier confirmed less), not yet received. */
  onOrder: number;
  minimum: number;
  maximum: number;
  /** The supplier's pack: the quantity is a whole number of packs. */
  packSize: number;
  /** The least the supplier takes of the product in one order. */
  minOrderQuantity: number;
}

/**
 * max − (on hand + on order) when that sum is below the minimum, raised to the supplier's minimum
 * order and then up to a whole number of packs; 0 when nothing is needed. Never more than a purchase
 * order line may hold.
 */
export function reorderQuantity(position: ReorderPosition): number {
  const forecast = position.onHand + position.onOrder;
  if (forecast >= position.minimum) {
    return 0;
  }
  const wanted = Math.max(position.maximum - forecast, position.minOrderQuantity, 1);
  const pack = Math.max(1, position.packSize);
  const packs = Math.ceil(wanted / pack);
  return Math.min(packs * pack, Math.floor(MAX_PURCHASE_QUANTITY / pack) * pack);
}

const level = (what: string) =>
  z
    .int({ error: `The ${what} is a whole number.` })
    .min(0, `The ${what} cannot be negative.`)
    .max(MAX_STOCK, `The ${what} is at most ${MAX_STOCK.toLocaleString('en')}.`);

export const reorderRuleInputSchema = z
  .object({
    /** Below this (on hand + on order), the product is reordered. */
    minimum: level('minimum'),
    /** What a reorder brings it back up to. */
    maximum: level('maximum').min(1, 'The maximum is at least 1.'),
  })
  .refine((rule) => rule.maximum >= rule.minimum, {
    message: 'The maximum is what a reorder brings the stock back up to: make it at least the minimum.',
    path: ['maximum'],
  });
export type ReorderRuleInput = z.input<typeof reorderRuleInputSchema>;

const productRef = z.object({ id, sku: z.string(), name: z.string() });

export const reorderRuleSchema = z.object({
  product: productRef,
  minimum: z.int(),
  maximum: z.int(),
  updatedBy: z.object({ id, name: z.string() }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ReorderRule = z.infer<typeof reorderRuleSchema>;

/** A product with a rule, as the low-stock list shows it. */
export const stockPositionSchema = z.object({
  product: productRef,
  rule: z.object({ minimum: z.int(), maximum: z.int() }),
  onHand: z.int(),
  /** Still to come on sent purchase orders. */
  onOrder: z.int(),
  /** On draft purchase orders, not yet sent. */
  inDraft: z.int(),
  /** Sold a day on average over the last 28 days, net of returns; 0 when none sold. */
  averageDailySales: z.number(),
  /** On hand ÷ average daily sales, in days; null when nothing sold in 28 days. */
  daysOfCover: z.number().nullable(),
  /** The preferred supplier, who the rules order from; null for none (nothing can be ordered). */
  supplier: z.object({ id, slug: slugSchema, name: z.string() }).nullable(),
  /** What the rule needs ordered now, beyond what is on order (0 for nothing). */
  needed: z.int(),
});
export type StockPosition = z.infer<typeof stockPositionSchema>;

export const reorderRuleListSchema = z.object({ rules: z.array(stockPositionSchema) });

export const lowStockQuerySchema = z.object({
  /** `low` (the default): on hand at or under the minimum; `all`: every product with a rule. */
  show: z.enum(['low', 'all'], { error: 'Show low or all.' }).default('low'),
});
export type LowStockQuery = z.input<typeof lowStockQuerySchema>;

export const orderNowSchema = z.object({
  productIds: z
    .array(id)
    .min(1, 'Name at least one product to order.')
    .max(200, 'Order at most 200 products at once.'),
});
export type OrderNow = z.input<typeof orderNowSchema>;

export const orderNowResultSchema = z.object({
  /** The drafts that now hold the products' needs, by supplier. */
  purchaseOrders: z.array(z.object({ id, number: z.string(), supplier: z.object({ id, name: z.string() }) })),
  /** Products the rules could not order, each with why (no preferred supplier, not below the minimum …). */
  skipped: z.array(z.object({ productId: id, reason: z.string() })),
});
export type OrderNowResult = z.infer<typeof orderNowResultSchema>;

export const reorderRuleParams = merchantParams.extend({ productId: id });

const tags = ['purchase orders'];

export const reorderRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/reorder-rules',
    summary:
      'Products with a reorder rule, with what they have, have on order and sell a day: the low ones (at or under the minimum) unless show=all',
    tags,
    permission: 'purchasing',
    params: merchantParams,
    query: lowStockQuerySchema,
    responses: { 200: reorderRuleListSchema },
  }),
  set: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/products/:productId/reorder-rule',
    summary: "Set a product's reorder rule (minimum and maximum); it is evaluated at once",
    tags,
    permission: 'purchasing',
    params: reorderRuleParams,
    body: reorderRuleInputSchema,
    responses: { 200: reorderRuleSchema },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/products/:productId/reorder-rule',
    summary: 'Stop reordering a product (drafts already written keep their lines)',
    tags,
    permission: 'purchasing',
    params: reorderRuleParams,
    responses: { 204: noContent },
  }),
  orderNow: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/reorder-rules/order-now',
    summary: "Evaluate these products' rules now: their needs go into their suppliers' drafts",
    tags,
    permission: 'purchasing',
    params: merchantParams,
    body: orderNowSchema,
    responses: { 200: orderNowResultSchema },
  }),
};
