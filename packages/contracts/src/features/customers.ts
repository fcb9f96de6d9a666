import { z } from 'zod';
import { addDays } from '../days';
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

/** Why store credit moved: a refund or a sale at the register, or a manager's entry by hand (or a merge's pair). */
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

// ---- figures and segments ------------------------------------------------------------------

/**
 * A visit is a purchase: a sale at the register, or an online order not cancelled (a return is no
 * visit). Net spend is what the visits came to, less what was returned at the register, online orders
 * cancelled not counted, in minor units. Days are the shop's, in its time zone.
 */
export const LAPSED_AFTER_DAYS = 90;

/** Customer segments, each defined in `customerSegment`, and what the screens say of each. */
export const CUSTOMER_SEGMENTS = ['new', 'repeat', 'lapsed', 'none'] as const;
export const customerSegmentSchema = z.enum(CUSTOMER_SEGMENTS, {
  error: 'Choose a segment: new, repeat, lapsed or none.',
});
export type CustomerSegment = z.infer<typeof customerSegmentSchema>;
export const CUSTOMER_SEGMENT_LABELS: Record<CustomerSegment, string> = {
  new: 'New',
  repeat: 'Repeat',
  lapsed: 'Lapsed',
  none: 'No purchase yet',
};
export const CUSTOMER_SEGMENT_RULES: Record<CustomerSegment, string> = {
  new: `One visit, within the last ${LAPSED_AFTER_DAYS} days.`,
  repeat: `Two visits or more, the last within the last ${LAPSED_AFTER_DAYS} days.`,
  lapsed: `No purchase in the last ${LAPSED_AFTER_DAYS} days (today and the ${LAPSED_AFTER_DAYS - 1} days before it).`,
  none: 'Nothing bought yet.',
};
/** What the lifetime value is, said where it is shown. */
export const LIFETIME_VALUE_RULE =
  'Lifetime value is the net spend to date: sales less returns, cancelled orders not counted.';

/**
 * The first day (the shop's) on which a last purchase keeps a customer out of `lapsed`, `today` being
 * the shop's day now: a purchase on it or after it is within the last `LAPSED_AFTER_DAYS` days.
 */
export const activeSince = (today: string) => addDays(today, -(LAPSED_AFTER_DAYS - 1));

/** The one definition of the segments (the server's filter follows `activeSince` too). */
export function customerSegment(
  figures: { visits: number; lastPurchaseOn: string | null },
  today: string,
): CustomerSegment {
  if (figures.visits === 0 || figures.lastPurchaseOn === null) {
    return 'none';
  }
  if (figures.lastPurchaseOn < activeSince(today)) {
    return 'lapsed';
  }
  return figures.visits === 1 ? 'new' : 'repeat';
}

/** Net spend over visits, rounded to the nearest minor unit (halves away from zero); null without a visit. */
export function averageTicketMinor(netSpendMinor: number, visits: number): number | null {
  return visits === 0 ? null : Math.sign(netSpendMinor) * Math.round(Math.abs(netSpendMinor) / visits);
}

const day = z.iso.date();

export const customerFiguresSchema = z.object({
  visits: z.int(),
  netSpendMinor: z.int(),
  averageTicketMinor: z.int().nullable(),
  /** The net spend to date (`LIFETIME_VALUE_RULE`). */
  lifetimeValueMinor: z.int(),
  /** The shop's days of the first and last visit. */
  firstPurchaseOn: day.nullable(),
  lastPurchaseOn: day.nullable(),
  segment: customerSegmentSchema,
});
export type CustomerFigures = z.infer<typeof customerFiguresSchema>;

export const customerWithFiguresSchema = customerSchema.extend({ figures: customerFiguresSchema });
export type CustomerWithFigures = z.infer<typeof customerWithFiguresSchema>;

/** The customer list with figures, narrowed by search and segment (the export takes the same). */
const customerFilter = {
  q: searchText.optional(),
  segment: customerSegmentSchema.optional(),
};
export const customerFigureFilterSchema = z.object(customerFilter);
export type CustomerFigureFilter = z.infer<typeof customerFigureFilterSchema>;
/** Newest first, a page at a time: the next page starts `before` the last customer of this one. */
export const customerFigurePageSchema = z.object({
  ...customerFilter,
  before: z.uuid({ error: 'Start the page before a customer of the list: give its id.' }).optional(),
  limit: z.coerce
    .number({ error: 'The limit is a number.' })
    .int('The limit is a whole number.')
    .min(1, 'Ask for at least 1 customer.')
    .max(200, 'Ask for at most 200 customers at once.')
    .default(50),
});
export type CustomerFigurePage = z.infer<typeof customerFigurePageSchema>;
export const customerFigureListSchema = z.object({
  /** The shop's day today: what the segments were worked out against. */
  today: day,
  currency: z.string(),
  customers: z.array(customerWithFiguresSchema),
});

// ---- marketing consent --------------------------------------------------------------------------

/** How a customer gave or withdrew consent. */
export const CONSENT_CHANNELS = ['register', 'online', 'phone', 'email', 'in_writing'] as const;
export const consentChannelSchema = z.enum(CONSENT_CHANNELS, {
  error: 'Say how: register, online, phone, email or in_writing.',
});
export type ConsentChannel = z.infer<typeof consentChannelSchema>;
export const CONSENT_CHANNEL_LABELS: Record<ConsentChannel, string> = {
  register: 'At the register',
  online: 'Online',
  phone: 'On the phone',
  email: 'By e-mail',
  in_writing: 'In writing',
};

export const recordConsentSchema = z.object({
  id: z.uuid({ error: "The entry's id is a UUID made where it is entered." }),
  given: z.boolean({ error: 'Say whether consent is given (true) or withdrawn (false).' }),
  channel: consentChannelSchema,
  note: settingText('The note', 500)
    .transform((text) => text.trim())
    .optional(),
});
export type RecordConsent = z.input<typeof recordConsentSchema>;

export const consentEntrySchema = z.object({
  id,
  given: z.boolean(),
  channel: consentChannelSchema,
  note: z.string(),
  by: z.object({ id, name: z.string() }),
  createdAt: timestamp,
});
export type ConsentEntry = z.infer<typeof consentEntrySchema>;

// ---- merging ----------------------------------------------------------------------------------

/** The other record of the same person, to be absorbed into the one in the address. */
export const mergeCustomerSchema = z.object({
  duplicateId: z.uuid({ error: 'Pick the duplicate record: its id is a UUID.' }),
});
export type MergeCustomer = z.input<typeof mergeCustomerSchema>;

const mergedRecordSchema = z.object({
  id,
  name: z.string(),
  at: timestamp,
  by: z.object({ id, name: z.string() }),
});

export const customerDetailSchema = z.object({
  customer: customerSchema,
  currency: z.string(),
  /** Their own and their absorbed records' online orders and register sales together, newest first. */
  purchases: z.array(customerPurchaseSchema),
  storeCredit: z.array(storeCreditEntrySchema),
  /** Null for someone not allowed to see figures (`customerInsights`). */
  figures: customerFiguresSchema.nullable(),
  /** Consent entries, newest first (the first is the consent now), their absorbed records' too. */
  consent: z.array(consentEntrySchema),
  /** Set when this record was merged into another: that one is the person's record now. */
  mergedInto: mergedRecordSchema.nullable(),
  /** The records merged into this one. */
  absorbed: z.array(mergedRecordSchema),
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
  customerFigures: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/customers/figures',
    summary: "The shop's customers with their visits, spend and segment, newest first, a page at a time",
    description:
      "Records merged into another are left out: their figures are the kept record's. Figures are kept with every sale, order, return and cancellation.",
    tags,
    permission: 'customerInsights',
    params: merchantParams,
    query: customerFigurePageSchema,
    responses: { 200: customerFigureListSchema },
  }),
  exportCustomers: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/customers/export',
    summary: 'The customer list as a CSV file, with the same search and segment as the list',
    description:
      "Newest first. Money in the shop's currency with its decimals; days are the shop's; text a spreadsheet would run as a formula starts with an apostrophe.",
    tags,
    permission: 'customerInsights',
    params: merchantParams,
    query: customerFigureFilterSchema,
    responses: { 200: z.string().describe('text/csv') },
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
  recordConsent: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/customers/:customerId/consent',
    summary: 'Record marketing consent given or withdrawn, and how; the same id sent again answers the first',
    tags,
    permission: 'customers',
    params: customerParams,
    body: recordConsentSchema,
    responses: { 201: consentEntrySchema },
  }),
  mergeCustomer: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/customers/:customerId/merge',
    summary:
      'Merge a duplicate record of the same person into this one: both are kept, the duplicate marked merged',
    description:
      "The duplicate's purchases, figures and consent show on this record; its store credit moves here by a pair of entries (reason “merged”). Sent again, it answers the same.",
    tags,
    permission: 'customerInsights',
    params: customerParams,
    body: mergeCustomerSchema,
    responses: { 200: customerDetailSchema },
  }),
};
