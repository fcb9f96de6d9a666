import { z } from 'zod';
import { id, name, timestamp } from '../fields';
import { defineRoute } from '../route';
import { merchantParams } from './merchants';

/**
 * A shop's tax rates and how its prices carry tax. A rate is kept in parts per million, so every
 * rate a country sets is exact in an integer: 20 % is 200000, 5.5 % is 55000, 9.975 % is 99750.
 */

export const MAX_RATE_PPM = 1_000_000;
const PPM_PER_PERCENT = 10_000;

/** A rate as a product sells at it, and as a sale's or order's line was sold at it (copied onto the line). */
export const taxRateRefSchema = z.object({ id, name: z.string(), ratePpm: z.int() });

/** A rate as people write it: 200000 → "20 %", 55000 → "5.5 %", 99750 → "9.975 %". */
export function formatTaxRate(ratePpm: number): string {
  const whole = Math.trunc(ratePpm / PPM_PER_PERCENT);
  const fraction = String(ratePpm % PPM_PER_PERCENT)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction === '' ? '' : `.${fraction}`} %`;
}

/**
 * A percentage typed by a person ("20", "5,5", "9.975 %") in parts per million, read without
 * floating point; null for anything else (more than four decimals, above 100 %).
 */
export function parseTaxRate(input: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{0,4}))?\s*%?\s*$/.exec(input);
  if (!match) {
    return null;
  }
  const ppm = Number(match[1]) * PPM_PER_PERCENT + Number((match[2] ?? '').padEnd(4, '0'));
  return ppm <= MAX_RATE_PPM ? ppm : null;
}

export const ratePpmSchema = z
  .int({ error: 'The rate is a whole number of parts per million: 20 % is 200000.' })
  .min(0, 'The rate cannot be below 0 %.')
  .max(MAX_RATE_PPM, `The rate is at most 100 % (${MAX_RATE_PPM} parts per million).`);

export const taxRateSchema = z.object({
  id,
  name: z.string(),
  ratePpm: z.int(),
  /** Archived: kept on the products that have it, not offered for new ones. */
  archivedAt: timestamp.nullable(),
});
export type TaxRate = z.infer<typeof taxRateSchema>;
export const taxRateListSchema = z.object({ taxRates: z.array(taxRateSchema) });

export const createTaxRateSchema = z.object({ name, ratePpm: ratePpmSchema });
export type CreateTaxRate = z.input<typeof createTaxRateSchema>;
export const updateTaxRateSchema = z
  .object({
    name: name.optional(),
    ratePpm: ratePpmSchema.optional(),
    archived: z.boolean({ error: 'Say whether the rate is archived: true or false.' }).optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'Nothing to change: name at least one field.',
  );
export type UpdateTaxRate = z.input<typeof updateTaxRateSchema>;
export const taxRateParams = merchantParams.extend({ taxRateId: id });

const tags = ['catalogue'];

export const taxRateRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/tax-rates',
    summary: "The shop's tax rates, archived ones included",
    tags,
    permission: 'readCatalogue',
    params: merchantParams,
    responses: { 200: taxRateListSchema },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/tax-rates',
    summary: 'Add a tax rate (owner)',
    tags,
    permission: 'settings',
    params: merchantParams,
    body: createTaxRateSchema,
    responses: { 201: taxRateSchema },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/tax-rates/:taxRateId',
    summary:
      'Rename a tax rate, change its rate, archive or restore it (owner); sales made before keep the rate they were made with',
    tags,
    permission: 'settings',
    params: taxRateParams,
    body: updateTaxRateSchema,
    responses: { 200: taxRateSchema },
  }),
};
