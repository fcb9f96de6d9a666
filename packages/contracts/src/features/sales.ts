import { z } from 'zod';
import { dateRange, id, rangeInOrder, searchText, timestamp } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';
import { orderStatusSchema } from './orders';
import { SALE_KINDS } from './register';

/**
 * The shop's sales list: its online orders and its register sales and returns together, newest
 * first, one kind of entry for both, so the back office reads the day's takings in one place.
 */

export const SALES_CHANNELS = ['online', 'register'] as const;
export const salesChannelSchema = z.enum(SALES_CHANNELS, {
  error: 'Choose the channel: online or register (leave it out for both).',
});
export type SalesChannel = z.infer<typeof salesChannelSchema>;

/** Where a page of the list ends: its last entry's instant, to the microsecond the database keeps, and its id. */
export interface SalesCursor {
  /** `2026-12-06T15:43:11.123456Z` */
  at: string;
  id: string;
}

const CURSOR_TEXT =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The list's `next`: opaque to its callers, who send it back as it came. */
export function encodeSalesCursor({ at, id }: SalesCursor): string {
  return btoa(`${at} ${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The cursor `encodeSalesCursor` made, or null for any other text. */
export function decodeSalesCursor(text: string): SalesCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) {
    return null;
  }
  let plain: string;
  try {
    plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const match = CURSOR_TEXT.exec(plain);
  if (!match) {
    return null;
  }
  const [, at, cursorId] = match as unknown as [string, string, string];
  // A day that exists, from 1970 on: 2026-02-30 is refused rather than read as 2 March.
  const instant = Date.parse(at);
  if (
    Number.isNaN(instant) ||
    instant < 0 ||
    new Date(instant).toISOString().slice(0, 19) !== at.slice(0, 19)
  ) {
    return null;
  }
  return { at, id: cursorId };
}

const salesCursorSchema = z.string().transform((text, context) => {
  const cursor = decodeSalesCursor(text);
  if (!cursor) {
    context.addIssue({
      code: 'custom',
      message:
        'The "before" parameter is not a place in this list: send the "next" of the page before, as it came.',
    });
    return z.NEVER;
  }
  return cursor;
});

export const SALES_PAGE_SIZE = 50;
export const MAX_SALES_PAGE_SIZE = 200;

/**
 * `q` finds entries whose number starts with it, in any case: an order's ("A-1004", or "1004"
 * without its letter, "a-10" for all from A-1000 to A-1099…) or a receipt's ("R1-000042",
 * "r1-0000"…). `from` and `to` are a `dateRange`, as the orders list takes it.
 */
export const salesQuerySchema = z
  .object({
    channel: salesChannelSchema.optional(),
    q: searchText.optional(),
    ...dateRange,
    /** The `next` of the page before: the page holds the entries made before its last one. */
    before: salesCursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SALES_PAGE_SIZE).default(SALES_PAGE_SIZE),
  })
  .refine(...rangeInOrder);
export type SalesQuery = z.infer<typeof salesQuerySchema>;

const person = z.object({ id, name: z.string() });

/**
 * Who bought: the shop's customer (`routes.customers`) an online order's shopper is, or the one a
 * register sale was made for; null for a register sale that named none.
 */
export const salesCustomerSchema = z.object({ id, name: z.string() });

/** What every entry carries, whichever channel it came through. */
const entryFields = {
  /** The order's or the register sale's id. */
  id,
  /** The order's number (A-1042) or the receipt's (R1-000042). */
  number: z.string(),
  at: timestamp,
  customer: salesCustomerSchema.nullable(),
  /**
   * The quantities of its lines added up: negative for a return, like its total, so that the
   * entries of a day add up to what left the shop.
   */
  itemCount: z.int(),
  taxMinor: z.int(),
  /** Tax included; negative for a return (what was refunded). */
  totalMinor: z.int(),
  currency: currencySchema,
};

export const onlineSalesEntrySchema = z.object({
  channel: z.literal('online'),
  kind: z.literal('order'),
  status: orderStatusSchema,
  placeOf: z.null(),
  staff: z.null(),
  ...entryFields,
});

export const registerSalesEntrySchema = z.object({
  channel: z.literal('register'),
  kind: z.enum(SALE_KINDS),
  status: z.null(),
  /** The register it was rung up on. */
  placeOf: z.object({ registerId: id, registerName: z.string() }),
  /** The cashier. */
  staff: person,
  ...entryFields,
});

export const salesEntrySchema = z.discriminatedUnion('channel', [
  onlineSalesEntrySchema,
  registerSalesEntrySchema,
]);
export type SalesEntry = z.infer<typeof salesEntrySchema>;

export const salesPageSchema = z.object({
  sales: z.array(salesEntrySchema),
  /** `before` for the next page; null when this page is the last. */
  next: z.string().nullable(),
});
export type SalesPage = z.infer<typeof salesPageSchema>;

const tags = ['sales'];

export const salesRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/sales',
    summary:
      "The shop's online orders and register sales and returns together, newest first, a page at a time, by channel, number and date",
    tags,
    permission: 'sales',
    params: merchantParams,
    query: salesQuerySchema,
    responses: { 200: salesPageSchema },
  }),
};
