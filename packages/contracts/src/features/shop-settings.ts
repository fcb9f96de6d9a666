import { z } from 'zod';
import { requiredText, settingText } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { merchantParams, merchantSchema, shopTaxSettingsSchema } from './merchants';
import { discountCapSchema } from './register';

/** What owners change about their shop: the settings page's DTOs and routes. */

// ---- time zones -------------------------------------------------------------------------------

/**
 * The IANA name the platform's own time zone data resolves `name` to (any letter case, "US/Pacific"
 * as well as "America/Los_Angeles"), or null when it is not a time zone by name. Fixed offsets such
 * as "+01:00" are refused: they know nothing of summer time.
 */
export function canonicalTimeZone(name: string): string | null {
  if (name === '' || name.length > 64) {
    return null;
  }
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

/** Every time zone the platform knows by name, UTC first, for a picker. */
export function timeZoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

export const timeZoneSchema = z
  .string({ error: 'Choose a time zone.' })
  .max(64, 'Choose a time zone from the list, such as Europe/Paris.')
  .transform((name, context) => {
    const canonical = canonicalTimeZone(name.trim());
    if (!canonical) {
      context.addIssue({
        code: 'custom',
        message: `"${name.slice(0, 64)}" is not a time zone: choose one from the list, such as Europe/Paris.`,
      });
      return z.NEVER;
    }
    return canonical;
  });

// ---- a shop's settings ------------------------------------------------------------------------

export const SHOP_ADDRESS_MAX_LENGTH = 500;

/** The settings form's view of a shop: the public fields, and what the form needs to save safely. */
export const shopSettingsSchema = merchantSchema.extend({
  /** Sent back with a change: a change made meanwhile by someone else is refused rather than overwritten. */
  version: z.int(),
  /** Once a shop has taken orders its currency is fixed: their amounts are in it. */
  hasOrders: z.boolean(),
  closedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The register's discount caps for cashiers and managers (see `discountCapSchema`); owners have none. */
  cashierDiscountCapPpm: z.int().nullable(),
  managerDiscountCapPpm: z.int().nullable(),
  /** How much more than ordered a delivery may bring unasked, as a % of each line (`receivableWithinTolerance`). */
  overReceiptTolerancePercent: z.int(),
  /** Staff hours: how long an entry may stay clocked in before it is closed at that length, flagged. */
  maxShiftHours: z.int(),
  /** Staff hours: the hours a week above which work is overtime. */
  overtimeThresholdHours: z.int(),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** Any subset of the fields; the slug never changes (suppliers' devices know the shop by it). */
export const updateShopSchema = z.object({
  version: z.int({ error: 'Send the version of the settings you edited.' }).min(1),
  name: requiredText('The name', 200).optional(),
  description: settingText('The description', 2000).optional(),
  currency: currencySchema.optional(),
  timeZone: timeZoneSchema.optional(),
  address: settingText('The address', SHOP_ADDRESS_MAX_LENGTH).optional(),
  pricesIncludeTax: shopTaxSettingsSchema.shape.pricesIncludeTax.optional(),
  taxRounding: shopTaxSettingsSchema.shape.taxRounding.optional(),
  cashierDiscountCapPpm: discountCapSchema.optional(),
  managerDiscountCapPpm: discountCapSchema.optional(),
  overReceiptTolerancePercent: z
    .int({ error: 'The tolerance is a whole number of per cent, such as 5.' })
    .min(0, 'The tolerance cannot be negative: 0 takes in no more than ordered unasked.')
    .max(100, 'The tolerance is at most 100 %.')
    .optional(),
  maxShiftHours: z
    .int({ error: 'The longest shift is a whole number of hours, such as 12.' })
    .min(1, 'The longest shift is at least 1 hour.')
    .max(24, 'The longest shift is at most 24 hours.')
    .optional(),
  overtimeThresholdHours: z
    .int({ error: 'The overtime threshold is a whole number of hours a week, such as 40.' })
    .min(1, 'The overtime threshold is at least 1 hour a week.')
    .max(168, 'The overtime threshold is at most 168 hours, the whole week.')
    .optional(),
});
export type UpdateShop = z.infer<typeof updateShopSchema>;

/** Closing asks for the shop's name, typed again, so a shop is never closed by a stray click. */
export const closeShopSchema = z.object({ confirmName: settingText("The shop's name", 200) });
export type CloseShop = z.infer<typeof closeShopSchema>;

const tags = ['merchants'];

export const shopSettingsRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/settings',
    summary: "The shop's settings, with the version to send back when changing them (owner)",
    tags,
    permission: 'settings',
    params: merchantParams,
    responses: { 200: shopSettingsSchema },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug',
    summary:
      "Change the shop's name, description, currency, time zone, address, how its prices carry tax or the register's discount caps (owner); 409 if changed meanwhile",
    tags,
    permission: 'settings',
    params: merchantParams,
    body: updateShopSchema,
    responses: { 200: shopSettingsSchema },
  }),
  close: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/closed',
    summary: 'Close the shop, its name typed to confirm (owner): unlisted, no new orders, history kept',
    tags,
    permission: 'settings',
    params: merchantParams,
    body: closeShopSchema,
    responses: { 200: shopSettingsSchema },
  }),
  reopen: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/closed',
    summary: 'Open a closed shop again (owner)',
    tags,
    permission: 'settings',
    params: merchantParams,
    responses: { 200: shopSettingsSchema },
  }),
};
