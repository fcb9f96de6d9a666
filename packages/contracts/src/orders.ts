import { z } from 'zod';
import { orderPageQuerySchema, orderStatusSchema } from './api';

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

const instant = z.iso.datetime({
  offset: true,
  message: 'Give the date as an ISO 8601 instant with its time zone, such as 2026-12-06T00:00:00+01:00.',
});

/**
 * Searching an order list. `q` is an order's number with or without its prefix ("A-1004" or
 * "1004"); any other text matches the customer's name or e-mail (the shop's list) or the shop's
 * name (the customer's list). `from` and `to` are instants, with their offset: the web app sends
 * the start of the first and of the day after the last day the viewer picked, in the viewer's
 * time zone. Orders placed at or after `from` and before `to` are listed.
 */
const orderSearch = {
  q: z
    .string()
    .trim()
    .max(200, 'Search for at most 200 characters.')
    .refine(
      (text) => !text.includes('\u0000'),
      'The search holds a character that cannot be stored: retype it.',
    )
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
};
const rangeInOrder = (query: { from?: string; to?: string }) =>
  !query.from || !query.to || new Date(query.from) < new Date(query.to);
const rangeMessage = { message: 'The first day must come before the last.', path: ['to'] };

/** The customer's own orders, a page at a time, searched. */
export const myOrderSearchSchema = orderPageQuerySchema
  .extend(orderSearch)
  .refine(rangeInOrder, rangeMessage);
export type MyOrderSearch = z.infer<typeof myOrderSearchSchema>;

/** The shop's orders, a page at a time, by status, searched. */
export const shopOrderSearchSchema = orderPageQuerySchema
  .extend({ status: orderStatusSchema.optional(), ...orderSearch })
  .refine(rangeInOrder, rangeMessage);
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
