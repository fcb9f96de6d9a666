import { z } from 'zod';
import { id, requiredText, searchText, settingText, timestamp } from '../fields';
import { MAX_PRICE_MINOR } from '../money';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';
import { orderStatusSchema } from './orders';
import { SALE_KINDS } from './register';

/**
 * A shop's customers: the people it sells to, one record per person per shop. Someone who orders
 * online gets one with their first order, tied to their account; the register picks one or makes one
 * on the spot. A customer's store credit is a ledger of its own: each entry adds or takes an amount,
 * and the balance is their sum, never below zero.
 */

const phoneSchema = z
  .string({ error: 'The phone number must be text.' })
  .trim()
  .regex(
    /^\+?[0-9][0-9 ().-]{4,28}[0-9]$/,
    'Write the phone number with its digits, such as +44 20 7946 0958.',
  );

const emailSchema = z
  .email({ error: 'Write the e-mail address like name@example.com.' })
  .max(254, 'The e-mail address is too long: 254 characters at most.');

/** Optional contact details: empty text clears them. */
const contact = {
  email: z.union([z.literal('').transform(() => null), emailSchema]).nullable(),
  phone: z.union([z.literal('').transform(() => null), phoneSchema]).nullable(),
  note: settingText('The note', 1000).transform((text) => text.trim()),
};

export const customerSchema = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  note: z.string(),
  /** An online shopper's record: their account's orders are theirs, and they see their register receipts in it. */
  hasAccount: z.boolean(),
  storeCreditMinor: z.int(),
  createdAt: timestamp,
});
export type Customer = z.infer<typeof customerSchema>;

/**
 * A customer made where they are met (the register, the back office). `id`, made there, makes a
 * record sent twice made once.
 */
export const createCustomerSchema = z.object({
  id: z.uuid({ error: "The customer's id is a UUID made where the customer is added." }),
  name: requiredText('The name', 200),
  email: contact.email.optional(),
  phone: contact.phone.optional(),
  note: contact.note.optional(),
});
export type CreateCustomer = z.input<typeof createCustomerSchema>;

export const updateCustomerSchema = z
  .object({ name: requiredText('The name', 200), ...contact })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of name, email, phone and note.');
export type UpdateCustomer = z.input<typeof updateCustomerSchema>;

export const customerListQuerySchema = z.object({
  /** Part of a name, an e-mail address or a phone number. */
  q: searchText.optional(),
  limit: z.coerce
    .number({ error: 'The limit is a number.' })
    .int('The limit is a whole number.')
    .min(1, 'Ask for at least 1 customer.')
    .max(100, 'Ask for at most 100 customers at once.')
    .default(20),
});
export const customerListSchema = z.object({ customers: z.array(customerSchema) });

export const customerParams = merchantParams.extend({ customerId: id });

/** Why store credit moved: a refund or a sale at the register, or a manager's entry by hand. */
export const STORE_CREDIT_KINDS = ['refund', 'sale', 'manual'] as const;
export type StoreCreditKind = (typeof STORE_CREDIT_KINDS)[number];

export const storeCreditEntrySchema = z.object({
  id,
  kind: z.enum(STORE_CREDIT_KINDS),
  amountMinor: z.int(),
  balanceMinor: z.int(),
  reason: z.string().nullable(),
  /** The register sale or return that moved it. */
  sale: z.object({ id, receiptNumber: z.string() }).nullable(),
  by: z.object({ id, name: z.string() }),
  createdAt: timestamp,
});
export type StoreCreditEntry = z.infer<typeof storeCreditEntrySchema>;

/** Credit given or taken back by hand (a goodwill gesture, a correction), with why; `id` makes it count once. */
export const adjustStoreCreditSchema = z.object({
  id: z.uuid({ error: "The entry's id is a UUID made where it is entered." }),
  amountMinor: z
    .int({ error: 'The amount is a whole number of minor units (cents).' })
    .min(-MAX_PRICE_MINOR, 'The amount is too large.')
    .max(MAX_PRICE_MINOR, 'The amount is too large.')
    .refine((amount) => amount !== 0, 'Give or take back more than 0.'),
  reason: requiredText('The reason', 200),
});
export type AdjustStoreCredit = z.input<typeof adjustStoreCreditSchema>;

/** One purchase of the customer's, online or at the counter, newest first. */
export const customerPurchaseSchema = z.object({
  channel: z.enum(['online', 'register']),
  id,
  number: z.string(),
  kind: z.enum(['order', ...SALE_KINDS]),
  /** An order's status; null for a register sale or return. */
  status: orderStatusSchema.nullable(),
  totalMinor: z.int(),
  createdAt: timestamp,
});

export const customerDetailSchema = z.object({
  customer: customerSchema,
  currency: z.string(),
  purchases: z.array(customerPurchaseSchema),
  storeCredit: z.array(storeCreditEntrySchema),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

const tags = ['customers'];

export const customerRoutes = {
  customers: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/customers',
    summary: "The shop's customers, found by part of a name, e-mail address or phone number",
    tags,
    permission: 'customers',
    params: merchantParams,
    query: customerListQuerySchema,
    responses: { 200: customerListSchema },
  }),
  createCustomer: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/customers',
    summary: 'Add a customer; the same id sent again answers the first',
    tags,
    permission: 'customers',
    params: merchantParams,
    body: createCustomerSchema,
    responses: { 201: customerSchema },
  }),
  customer: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/customers/:customerId',
    summary: 'A customer with their purchases online and at the counter, and their store credit',
    tags,
    permission: 'customers',
    params: customerParams,
    responses: { 200: customerDetailSchema },
  }),
  updateCustomer: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/customers/:customerId',
    summary: "Change a customer's name, contact details or note",
    tags,
    permission: 'customers',
    params: customerParams,
    body: updateCustomerSchema,
    responses: { 200: customerSchema },
  }),
  adjustStoreCredit: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/customers/:customerId/store-credit',
    summary: 'Give store credit by hand, or take it back (never below 0), with a reason',
    tags,
    permission: 'registerApproval',
    params: customerParams,
    body: adjustStoreCreditSchema,
    responses: { 201: storeCreditEntrySchema },
  }),
};
