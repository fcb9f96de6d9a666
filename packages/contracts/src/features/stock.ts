import { z } from 'zod';
import { dateRange, id, name, rangeInOrder, searchText, timestamp } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { MAX_STOCK } from './catalogue';
import { merchantParams } from './merchants';

/** The stock ledger: every change of a product's stock, as the shop reads it back. */

/**
 * What moved stock: the product's stock when the ledger began (`opening`), an online order and its
 * cancellation, an adjustment by hand, a count's correction, a catalogue import, a sale at a register,
 * a return to one, and goods received against a purchase order.
 */
export const STOCK_MOVEMENT_TYPES = [
  'opening',
  'order',
  'cancellation',
  'adjustment',
  'count',
  'import',
  'sale',
  'return',
  'receipt',
] as const;
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
  /** The count a movement of type count applied. */
  count: z.object({ id, name: z.string() }).nullable(),
  /** The register sale a movement of type sale or return belongs to, by its receipt. */
  sale: z.object({ id, receiptNumber: z.string() }).nullable(),
  /** The purchase order a movement of type receipt received goods against. */
  purchaseOrder: z.object({ id, number: z.string() }).nullable(),
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

// ---- counts ---------------------------------------------------------------------------------

/**
 * A stock count: started (each product's stock noted as `expected`), counted line by line by one or
 * more people, reviewed, then applied (each counted line's difference posted as a `count` movement)
 * or cancelled. Lines never counted are left as they are.
 */
export const STOCK_COUNT_STATUSES = ['counting', 'applied', 'cancelled'] as const;
export const stockCountStatusSchema = z.enum(STOCK_COUNT_STATUSES);
export type StockCountStatus = z.infer<typeof stockCountStatusSchema>;

const person = z.object({ id, name: z.string() });

/**
 * One product of a count. `stockWhenCounted` is the product's stock (the ledger's figure) when its
 * last figure was entered, so `movedSinceStart` = stockWhenCounted − expected is what sold or arrived
 * while the count went on, and `difference` = counted − stockWhenCounted is what the count corrects:
 * a sale made after the shelf was counted is not undone by applying it.
 */
export const stockCountLineSchema = z.object({
  product: z.object({ id, sku: z.string(), name: z.string(), priceMinor: z.int() }),
  /** The stock when the count started. */
  expected: z.int(),
  /** What was counted, or null while nobody has. */
  counted: z.int().nullable(),
  stockWhenCounted: z.int().nullable(),
  movedSinceStart: z.int().nullable(),
  difference: z.int().nullable(),
  /** The difference at the product's selling price, in minor units. */
  differenceValueMinor: z.int().nullable(),
  /** The product's stock now. */
  stock: z.int(),
  countedBy: person.nullable(),
  countedAt: timestamp.nullable(),
});
export type StockCountLine = z.infer<typeof stockCountLineSchema>;

export const stockCountSummarySchema = z.object({
  id,
  name: z.string(),
  status: stockCountStatusSchema,
  currency: currencySchema,
  lines: z.int(),
  countedLines: z.int(),
  startedBy: person.nullable(),
  startedAt: timestamp,
  /** Who applied or cancelled it, and when; null while counting. */
  closedBy: person.nullable(),
  closedAt: timestamp.nullable(),
});
export type StockCountSummary = z.infer<typeof stockCountSummarySchema>;
export const stockCountSchema = stockCountSummarySchema.extend({ lineItems: z.array(stockCountLineSchema) });
export type StockCount = z.infer<typeof stockCountSchema>;
export const stockCountListSchema = z.object({ counts: z.array(stockCountSummarySchema) });

const clientKey = (what: string) =>
  z.uuid({ error: `The idempotency key is a UUID, made once for each ${what}.` });

/**
 * Starting a count of the whole shop (neither field), a category, or chosen products; archived
 * products are left out. `idempotencyKey`, made once by the form, makes a retried start start one count.
 */
export const startStockCountSchema = z
  .object({
    name: name.optional(),
    categoryId: id.optional(),
    productIds: z.array(id).min(1, 'Choose at least one product.').max(5000, 'At most 5,000 products in one count.').optional(),
    idempotencyKey: clientKey('count'),
  })
  .refine((body) => !(body.categoryId && body.productIds), {
    message: 'Count a category or chosen products, not both.',
    path: ['productIds'],
  });
export type StartStockCount = z.input<typeof startStockCountSchema>;

/**
 * A figure for one line: `set` says how many there are in all; `add` adds to what was counted (a
 * scan adds 1; a second person counting the back room adds theirs); `clear` takes a figure entered by
 * mistake back, leaving the line not counted (its quantity is 0). Each entry's key makes a retried one
 * count once.
 */
export const stockCountEntrySchema = z.object({
  productId: id,
  mode: z.enum(['set', 'add', 'clear'], {
    error: 'Say whether the figure is the whole count (set), more of it (add), or to be taken back (clear).',
  }),
  quantity: z
    .int({ error: 'Whole numbers only.' })
    .min(-MAX_STOCK, `At most ${MAX_STOCK}.`)
    .max(MAX_STOCK, `At most ${MAX_STOCK}.`),
  idempotencyKey: clientKey('figure entered'),
}).refine((entry) => entry.mode !== 'clear' || entry.quantity === 0, {
  message: 'Clearing a line takes no figure: send 0.',
  path: ['quantity'],
});
export type StockCountEntry = z.input<typeof stockCountEntrySchema>;

export const stockCountParams = merchantParams.extend({ countId: id });

// ---- the ledger's check -------------------------------------------------------------------

/** What ran the check: the server as it started, the nightly run, an admin's button, `npm run stock:check`. */
export const STOCK_CHECK_TRIGGERS = ['start', 'nightly', 'admin', 'command'] as const;

export const stockCheckSchema = z.object({
  id,
  trigger: z.enum(STOCK_CHECK_TRIGGERS),
  checkedBy: person.nullable(),
  checkedAt: timestamp,
  /** How many products it read. */
  products: z.int(),
  /** The products whose stock was not the sum of their movements, as they were then; empty when the ledger held. */
  unbalanced: z.array(
    z.object({
      shop: z.object({ slug: z.string(), name: z.string() }),
      product: z.object({ id, sku: z.string(), name: z.string() }),
      stock: z.int(),
      movements: z.int(),
    }),
  ),
});
export type StockCheck = z.infer<typeof stockCheckSchema>;
export const stockCheckListSchema = z.object({ checks: z.array(stockCheckSchema) });

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
  counts: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/stock-counts',
    summary: "The shop's stock counts, those still counting first, then newest first",
    tags,
    permission: 'catalogue',
    params: merchantParams,
    responses: { 200: stockCountListSchema },
  }),
  startCount: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/stock-counts',
    summary: 'Start a count of the whole shop, a category or chosen products: their stock now is noted as expected',
    tags,
    permission: 'catalogue',
    params: merchantParams,
    body: startStockCountSchema,
    responses: { 201: stockCountSchema },
  }),
  count: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/stock-counts/:countId',
    summary: 'One count with its lines: expected, counted, moved since the start, difference and its value',
    tags,
    permission: 'catalogue',
    params: stockCountParams,
    responses: { 200: stockCountSchema },
  }),
  enterCount: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/stock-counts/:countId/entries',
    summary: "Enter a figure for one product of a count: the whole count (set) or more of it (add)",
    description: '409 once the count is applied or cancelled; 404 for a product that is not in the count.',
    tags,
    permission: 'catalogue',
    params: stockCountParams,
    body: stockCountEntrySchema,
    responses: { 201: stockCountLineSchema },
  }),
  applyCount: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/stock-counts/:countId/apply',
    summary: "Apply a count: each counted line's difference becomes a count movement; lines not counted stay as they are",
    description:
      '409 when it is no longer counting (applied or cancelled by someone, saying who), or when a line would take the stock below zero (sold since it was counted: count it again).',
    tags,
    permission: 'catalogue',
    params: stockCountParams,
    responses: { 200: stockCountSchema },
  }),
  cancelCount: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/stock-counts/:countId/cancel',
    summary: 'Cancel a count that is still counting: nothing moves',
    tags,
    permission: 'catalogue',
    params: stockCountParams,
    responses: { 200: stockCountSchema },
  }),
  stockChecks: defineRoute({
    method: 'GET',
    path: '/admin/stock-checks',
    summary: "The latest runs of the ledger's check (every product's movements re-summed against its stock), newest first",
    tags,
    caller: 'admin',
    responses: { 200: stockCheckListSchema },
  }),
  runStockCheck: defineRoute({
    method: 'POST',
    path: '/admin/stock-checks',
    summary: "Run the ledger's check now, across every shop",
    tags,
    caller: 'admin',
    responses: { 201: stockCheckSchema },
  }),
};
