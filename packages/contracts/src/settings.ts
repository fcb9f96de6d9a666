import { z } from 'zod';
import { merchantSchema, newPassword } from './api';
import { currencySchema } from './money';
import { PASSWORD_MAX_LENGTH } from './password-policy';

/**
 * What owners change about their shop, and what people change about their own account: the
 * settings pages' DTOs, shared by the server and the web forms.
 */

/**
 * Text a person types, at most `max` characters. Messages name the field, so they read well next to
 * it or in a summary. Control characters are refused for every field at once by the server
 * (`http/text-input.ts`), before any schema runs.
 */
export function settingText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .max(max, `${label} is too long: ${max} characters at most.`);
}

const requiredText = (label: string, max: number) =>
  settingText(label, max)
    .transform((text) => text.trim())
    .refine((text) => text.length > 0, `${label} is required.`);

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
      context.addIssue({ code: 'custom', message: `"${name.slice(0, 64)}" is not a time zone: choose one from the list, such as Europe/Paris.` });
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
});
export type UpdateShop = z.infer<typeof updateShopSchema>;

/** Closing asks for the shop's name, typed again, so a shop is never closed by a stray click. */
export const closeShopSchema = z.object({ confirmName: settingText("The shop's name", 200) });
export type CloseShop = z.infer<typeof closeShopSchema>;

// ---- one's own account ------------------------------------------------------------------------

export const accountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  /** False for an account made by signing in with Google or another issuer, until it sets a password. */
  hasPassword: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const updateAccountSchema = z.object({ name: requiredText('Your name', 200) });
export type UpdateAccount = z.infer<typeof updateAccountSchema>;

/** Changing a password takes the current one; every other session of the account is then signed out. */
export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Type your current password.' })
    .min(1, 'Type your current password.')
    .max(PASSWORD_MAX_LENGTH, 'This is not your current password.'),
  newPassword,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;
