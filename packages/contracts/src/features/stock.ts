import { z } from 'zod';
import { dateRange, id, rangeInOrder, searchText, timestamp } from '../fields';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';

/** The stock ledger: every change of a product's stock, as the shop reads it back. */

/**
 * What moved stock: the product's stock when the ledger began (`opening`), an online order and its
 * cancellation, an adjustment by hand, a count's correction, a catalogue import.
 */
export const STOCK_MOVEMENT_TYPES = ['opening', 'order', 'cancellation', 'adjustment', 'count', 'import'] as const;
export const stockMovementTypeSchema = z.enum(STOCK_MOVEMENT_TYPES, {
  error: `Choose a type: ${STOCK_MOVEMENT_TYPES.join(', ')}.`,
});
export type StockMovementType = z.infer<typeof stockMovementTypeSchema>;

export const stockMovementSchema = z.object({
  id,
  product: z.object({ id, sku: z.string(), name: z.string() }),
  /** Added (positive) or taken (negative), in the product's unit. */
  quantity: z.int(),
  type: stockMovementTypeSchema,
  /** Why: an adjustment's reason (`STOCK_REASONS`) with the note typed with it; a cancellation's reason as given. */
  reason: z.string().nullable(),
  note: z.string().nullable(),
  /** The product's stock right after this movement: read down a product's history, its running balance. */
  balanceAfter: z.int(),
  /** The order a movement of type order or cancellation belongs to. */
  order: z.object({ id, number: z.string() }).nullable(),
  /** Who made it: the staff member, or the customer who placed or cancelled the order; null for the opening. */
  actor: z.object({ id, name: z.string() }).nullable(),
  createdAt: timestamp,
});
export type StockMovement = z.infer<typeof stockMovementSchema>;
export const stockMovementListSchema = z.object({ movements: z.array(stockMovementSchema) });

/**
 * Narrowing the shop's movements: to one product, one type, one person, a date range, and text found in
 * the product's SKU or name, the person's name, the note or the order's number.
 */
const movementFilter = {
  product: id.optional(),
  type: stockMovementTypeSchema.optional(),
  actor: id.optional(),
  q: searchText.optional(),
  ...dateRange,
};
export const stockMovementFilterSchema = z.object(movementFilter).refine(...rangeInOrder);
export type StockMovementFilter = z.infer<typeof stockMovementFilterSchema>;

/** Newest first, a page at a time: the next page starts `before` the last movement of this one. */
export const stockMovementPageSchema = z
  .object({
    ...movementFilter,
    /** A movement of the same list (its id): the page holds the movements made before it. */
    before: id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(...rangeInOrder);
export type StockMovementPage = z.infer<typeof stockMovementPageSchema>;

const tags = ['stock'];

export const stockRoutes = {
  movements: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/stock-movements',
    summary: "The shop's stock movements, newest first, a page at a time, by product, type, person, date or text",
    description:
      "Filtered by `product`, it is that product's history: `balanceAfter` is its running balance. Another shop's product or person finds nothing.",
    tags,
    permission: 'catalogue',
    params: merchantParams,
    query: stockMovementPageSchema,
    responses: { 200: stockMovementListSchema },
  }),
  exportMovements: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/stock-movements/export',
    summary: "The shop's stock movements as a CSV file, with the same filters as the list",
    description:
      "Oldest first, every movement the filters keep. Times are the shop's, with their offset; text that a spreadsheet would run as a formula starts with an apostrophe.",
    tags,
    permission: 'catalogue',
    params: merchantParams,
    query: stockMovementFilterSchema,
    responses: { 200: z.string().describe('text/csv') },
  }),
};
