import { z } from 'zod';
import { dateRange, id, rangeInOrder, searchText, timestamp } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { deliverySchema } from './supplier-messages';
import { merchantParams } from './merchants';
import { taxTotalsSchema } from './register';
import { taxRateRefSchema } from './taxes';

/** Orders: placed by customers, dispatched or cancelled by the shop. */

/** Large enough for any shop, small enough that no sum of it overflows. */
export const MAX_QUANTITY = 10_000;

/** open: placed, waiting for the shop; closed: dispatched, suppliers told; cancelled: before dispatch, stock given back. */
export const orderStatusSchema = z.enum(['open', 'closed', 'cancelled']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const placeOrderSchema = z.object({
  merchantSlug: slugSchema,
  items: z
    .array(z.object({ productId: id, quantity: z.int().min(1).max(MAX_QUANTITY) }))
    .min(1, 'The cart is empty: add a product first.')
    .max(100),
});
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

export const orderSchema = z.object({
  id,
  number: z.string(),
  status: orderStatusSchema,
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  customer: z.object({ id, name: z.string(), email: z.string() }),
  currency: currencySchema,
  /**
   * Whether the lines' prices include their tax (the shop's setting when the order was placed); null
   * for an order placed before orders carried tax, recorded without any (its tax is 0).
   */
  pricesIncludeTax: z.boolean().nullable(),
  /** The order's tax, all rates together. */
  taxMinor: z.int(),
  /** What the customer pays, tax included. */
  totalMinor: z.int(),
  /** Net, tax and both together per rate the lines were sold at (no tax, null, first). */
  taxes: z.array(taxTotalsSchema),
  createdAt: timestamp,
  dispatchedAt: timestamp.nullable(),
  /** Set when the order was cancelled: by its customer or by the shop, when, and why. */
  cancellation: z
    .object({
      at: timestamp,
      by: z.enum(['customer', 'shop']),
      /** Who cancelled: the shop's staff member for the shop, the shop's name for its customer. */
      name: z.string(),
      reason: z.string().nullable(),
    })
    .nullable(),
  items: z.array(
    z.object({
      productId: id,
      sku: z.string(),
      name: z.string(),
      unitPriceMinor: z.int(),
      quantity: z.int(),
      /** quantity × unit price, with or without tax as the order's prices are. */
      amountMinor: z.int(),
      /** The rate it was sold at, as it was then; null for no tax. */
      taxRate: taxRateRefSchema.nullable(),
      taxMinor: z.int(),
      netMinor: z.int(),
    }),
  ),
  deliveries: z.array(deliverySchema),
  /** The shop's view of one order only: the suppliers a dispatch tells, each once, by name. */
  suppliers: z.array(z.object({ id, slug: slugSchema, name: z.string() })).optional(),
});
export type Order = z.infer<typeof orderSchema>;
export const orderListSchema = z.object({ orders: z.array(orderSchema) });
/** Orders come newest first, a page at a time: the next page starts `before` the last order of this one. */
export const orderPageQuerySchema = z.object({
  /** An order of the same list (its id): the page holds the orders placed before it. */
  before: id.optional(),
  /** 200 unless told: what the lists gave before they had pages. */
  limit: z.coerce.number().int().min(1).max(200).default(200),
});
export type OrderPage = z.infer<typeof orderPageQuerySchema>;
export const orderQuerySchema = orderPageQuerySchema.extend({ status: orderStatusSchema.optional() });
export const orderParams = z.object({ orderId: id });
export const merchantOrderParams = merchantParams.extend({ orderId: id });

/** What a cancellation may say of why. */
export const CANCEL_REASON_MAX_LENGTH = 500;

const reason = z
  .string()
  .trim()
  .max(CANCEL_REASON_MAX_LENGTH, `Keep the reason under ${CANCEL_REASON_MAX_LENGTH} characters.`)
  .refine(
    (text) => !text.includes('\u0000'),
    'The reason holds a character that cannot be stored: retype it.',
  );

/** The shop cancels an open order and says why; the customer sees the reason. */
export const shopCancelOrderSchema = z.object({
  reason: reason.refine(
    (text) => text.length > 0,
    'Say why the order is cancelled: the customer will read it.',
  ),
});
export type ShopCancelOrder = z.infer<typeof shopCancelOrderSchema>;

/** The customer cancels their own open order; a reason is welcome, not required. */
export const customerCancelOrderSchema = z.object({ reason: reason.optional() });
export type CustomerCancelOrder = z.infer<typeof customerCancelOrderSchema>;

/**
 * Searching an order list. `q` is an order's number with or without its prefix ("A-1004" or
 * "1004"); any other text matches the customer's name or e-mail (the shop's list) or the shop's
 * name (the customer's list). `from` and `to` are a `dateRange` of when orders were placed.
 */
const orderSearch = {
  q: searchText
    .refine(
      (text) => !text.includes('\u0000'),
      'The search holds a character that cannot be stored: retype it.',
    )
    .optional(),
  ...dateRange,
};

/** The customer's own orders, a page at a time, searched. */
export const myOrderSearchSchema = orderPageQuerySchema.extend(orderSearch).refine(...rangeInOrder);
export type MyOrderSearch = z.infer<typeof myOrderSearchSchema>;

/** The shop's orders, a page at a time, by status, searched. */
export const shopOrderSearchSchema = orderPageQuerySchema
  .extend({ status: orderStatusSchema.optional(), ...orderSearch })
  .refine(...rangeInOrder);
export type ShopOrderSearch = z.infer<typeof shopOrderSearchSchema>;

/**
 * An order number as typed in a search box: "A-1004", "a-1004", "#1004" or "1004". `digits` is
 * its number without the prefix, `number` the whole number when a prefix was typed. Null for text
 * that is not an order number.
 */
export function parseOrderNumber(text: string): { digits: string; number: string | null } | null {
  const match = /^#?\s*(?:([a-z0-9]+)\s*-\s*)?(\d{1,18})$/i.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, prefix, digits] = match as unknown as [string, string | undefined, string];
  return { digits, number: prefix ? `${prefix.toUpperCase()}-${digits}` : null };
}

const tags = ['orders'];

export const orderRoutes = {
  place: defineRoute({
    method: 'POST',
    path: '/orders',
    summary: 'Place an order',
    tags,
    caller: 'signed-in',
    body: placeOrderSchema,
    responses: { 201: orderSchema },
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/orders',
    summary: 'My orders, newest first, a page at a time, searched by number or shop and by date',
    tags,
    caller: 'signed-in',
    query: myOrderSearchSchema,
    responses: { 200: orderListSchema },
  }),
  myOrder: defineRoute({
    method: 'GET',
    path: '/orders/:orderId',
    summary: 'One of my orders',
    tags,
    caller: 'signed-in',
    params: orderParams,
    responses: { 200: orderSchema },
  }),
  cancelMine: defineRoute({
    method: 'POST',
    path: '/orders/:orderId/cancel',
    summary: 'Cancel one of my orders before it is dispatched; its stock goes back to the shop',
    tags,
    caller: 'signed-in',
    params: orderParams,
    body: customerCancelOrderSchema,
    responses: { 200: orderSchema },
  }),
  shopList: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/orders',
    summary:
      "The shop's orders, newest first, a page at a time, by status, searched by number or customer and by date",
    tags,
    permission: 'orders',
    params: merchantParams,
    query: shopOrderSearchSchema,
    responses: { 200: orderListSchema },
  }),
  shopOrder: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/orders/:orderId',
    summary: 'One order of the shop, with its supplier deliveries and the suppliers a dispatch tells',
    tags,
    permission: 'orders',
    params: merchantOrderParams,
    responses: { 200: orderSchema },
  }),
  dispatch: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/orders/:orderId/dispatch',
    summary: 'Dispatch an order (status closed) and notify its suppliers',
    tags,
    permission: 'orders',
    params: merchantOrderParams,
    responses: { 200: orderSchema },
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/orders/:orderId/cancel',
    summary: 'Cancel an order before it is dispatched, saying why; its stock goes back',
    tags,
    permission: 'orders',
    params: merchantOrderParams,
    body: shopCancelOrderSchema,
    responses: { 200: orderSchema },
  }),
};
