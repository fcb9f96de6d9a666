import { z } from 'zod';
import { id, name, timestamp } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';

/** Shops, and who may do what in one. */

/** What a person may do in one shop: the owner everything; a manager the catalogue, suppliers and orders; a cashier orders. */
export const merchantRoleSchema = z.enum(['owner', 'manager', 'cashier']);
export type MerchantRole = z.infer<typeof merchantRoleSchema>;
/**
 * What one may do in a shop's back office; the server checks it, the web app hides what it would refuse
 * (`can` in permissions.ts reads this table for both). `readCatalogue` reads the back office's product
 * list (stock, suppliers per product); `catalogue` changes it.
 */
export type MerchantPermission =
  | 'orders'
  | 'sales'
  | 'readCatalogue'
  | 'catalogue'
  | 'suppliers'
  | 'staff'
  | 'settings'
  | 'register'
  | 'customers'
  | 'customerInsights'
  | 'registerSetup'
  | 'registerApproval'
  | 'purchasing'
  | 'reports'

  | 'clock'
  | 'timesheets';
export const MERCHANT_PERMISSIONS: Record<MerchantPermission, readonly MerchantRole[]> = {
  orders: ['owner', 'manager', 'cashier'],
  /**
   * The sales list: the online orders and the register's sales together, so only for roles that may
   * see both (permissions.test.ts holds it to that).
   */
  sales: ['owner', 'manager', 'cashier'],
  readCatalogue: ['owner', 'manager', 'cashier'],
  catalogue: ['owner', 'manager'],
  suppliers: ['owner', 'manager'],
  staff: ['owner'],
  /** The shop's name, description, currency, time zone and address, and closing it. */
  settings: ['owner'],
  /** Selling at the counter: opening and closing a register's shift, its cash, its sales. */
  register: ['owner', 'manager', 'cashier'],
  /** Adding and renaming registers; seeing a drawer's expected cash before it is counted. */
  registerSetup: ['owner', 'manager'],
  /** Finding, adding and editing the shop's customers, and seeing what each bought: at the counter, for anyone selling. */
  customers: ['owner', 'manager', 'cashier'],
  /**
   * What customers are worth to the shop: their visits, spend, average ticket and segment, the list's
   * CSV export, and merging two records of one person.
   */
  customerInsights: ['owner', 'manager'],
  /**
   * What a cashier may not do alone at the register: taking a return without its receipt, a discount
   * above the cashier's cap (approved on the spot with one's register PIN, which one sets for oneself),
   * or giving a customer store credit by hand.
   */
  registerApproval: ['owner', 'manager'],
  /** Writing purchase orders to suppliers, sending them, and receiving the goods into stock. */
  purchasing: ['owner', 'manager'],
  /** The dashboard and the reports: the shop's takings, margins and suppliers' record. */
  reports: ['owner', 'manager'],
  /**
   * Clocking oneself in and out and taking breaks (on a register with one's PIN, or from one's account),
   * setting one's own register PIN, and seeing one's own hours: everyone who works at the shop.
   */
  clock: ['owner', 'manager', 'cashier'],
  /** Everyone's hours: the week's timesheet, correcting an entry (with a reason), approving the week, its CSV. */
  timesheets: ['owner', 'manager'],
};
export const staffRoleSchema = z.enum(['manager', 'cashier']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** Tax rounded on each line (half away from zero), or per rate over a sale's total. */
export const TAX_ROUNDINGS = ['line', 'total'] as const;
export const taxRoundingSchema = z.enum(TAX_ROUNDINGS, {
  error: 'Choose how tax is rounded: line or total.',
});
export type TaxRounding = z.infer<typeof taxRoundingSchema>;

/**
 * How a shop's prices carry tax: included in the price as entered (the European way), or added on
 * top (the North American way); and how a sale's tax is rounded.
 */
export const shopTaxSettingsSchema = z.object({
  pricesIncludeTax: z.boolean({ error: 'Say whether prices include tax: true or false.' }),
  taxRounding: taxRoundingSchema,
});
export type ShopTaxSettings = z.infer<typeof shopTaxSettingsSchema>;

export const merchantSchema = z.object({
  id,
  slug: slugSchema,
  name: z.string(),
  description: z.string(),
  currency: currencySchema,
  /** IANA name; the shop's days ("today's orders", reports) are days in this zone. */
  timeZone: z.string(),
  /** Multi-line postal address, as the owner typed it; may be empty. */
  address: z.string(),
  /** When the shop closed: it takes no orders and is not listed, but its history stays. */
  closedAt: timestamp.nullable(),
  /** Prices with tax or without, and how tax is rounded: what a register and a receipt show. */
  ...shopTaxSettingsSchema.shape,
});
export type Merchant = z.infer<typeof merchantSchema>;
export const merchantListSchema = z.object({ merchants: z.array(merchantSchema) });

export const createMerchantSchema = z.object({
  name,
  slug: slugSchema.optional(),
  description: z.string().max(2000).default(''),
  currency: currencySchema.default('EUR'),
});
export type CreateMerchant = z.input<typeof createMerchantSchema>;

export const merchantParams = z.object({ merchantSlug: slugSchema });

/**
 * How one acts in a shop: as its owner, as staff, or as an administrator, who may do everything in
 * every shop (an owner's rights, in each one) without working there.
 */
export const shopRoleSchema = z.enum([...merchantRoleSchema.options, 'admin']);
export type ShopRole = z.infer<typeof shopRoleSchema>;
/** A shop the signed-in person works at (every shop, for an admin), and as what. */
export const myMerchantSchema = merchantSchema.extend({ role: shopRoleSchema });
export type MyMerchant = z.infer<typeof myMerchantSchema>;
export const myMerchantListSchema = z.object({ merchants: z.array(myMerchantSchema) });

const tags = ['merchants'];

export const merchantRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants',
    summary: 'Every shop',
    tags,
    caller: 'anyone',
    responses: { 200: merchantListSchema },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug',
    summary: 'One shop',
    tags,
    caller: 'anyone',
    params: merchantParams,
    responses: { 200: merchantSchema },
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/me/merchants',
    summary: 'The shops I own or work at, and my role in each',
    tags,
    caller: 'signed-in',
    responses: { 200: myMerchantListSchema },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/merchants',
    summary: 'Open a shop (merchant role)',
    tags,
    caller: 'merchant',
    body: createMerchantSchema,
    responses: { 201: merchantSchema },
  }),
};
