import {
  createTaxRateSchema,
  formatTaxRate,
  updateTaxRateSchema,
  type CreateTaxRate,
  type TaxRate,
  type UpdateTaxRate,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import { toTaxRate, type TaxRatesRepository } from './tax-rates.repository';

/**
 * A shop's tax rates, which its owner keeps. A rate is never deleted: one no longer used is
 * archived, stays on the products that have it and is offered for no new one. A change of a rate
 * applies to sales made after it; a sale keeps the rate it was made with.
 */
export function createTaxRatesService(db: Kysely<Database>, { taxRates }: { taxRates: TaxRatesRepository }) {
  /** Two rates in use may not share a name, in any letter case: a cashier would not know which is which. */
  async function ensureNameFree(
    repository: TaxRatesRepository,
    merchantId: string,
    name: string,
    exceptId: string | null,
  ) {
    const other = await repository.findInUseByName(merchantId, name, exceptId);
    if (other) {
      throw conflict(
        `This shop already has a tax rate named "${other.name}" (${formatTaxRate(other.rate_ppm)}): choose another name.`,
        [{ path: 'body.name', message: 'Already the name of another rate.' }],
      );
    }
  }

  return {
    async list({ shop }: ShopCaller): Promise<TaxRate[]> {
      return (await taxRates.list(shop.id)).map(toTaxRate);
    },

    async create({ shop }: ShopCaller, input: CreateTaxRate): Promise<TaxRate> {
      const fields = createTaxRateSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = taxRates.within(trx);
        await ensureNameFree(repository, shop.id, fields.name, null);
        return toTaxRate(await repository.insert(shop.id, fields.name, fields.ratePpm));
      });
    },

    async update({ shop }: ShopCaller, taxRateId: string, input: UpdateTaxRate): Promise<TaxRate> {
      const fields = updateTaxRateSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const repository = taxRates.within(trx);
        const existing = await repository.find(shop.id, taxRateId);
        if (!existing) {
          throw notFound('tax rate');
        }
        const inUseAfter = fields.archived === undefined ? existing.archived_at === null : !fields.archived;
        if (inUseAfter && (fields.name !== undefined || existing.archived_at !== null)) {
          await ensureNameFree(repository, shop.id, fields.name ?? existing.name, existing.id);
        }
        return toTaxRate(await repository.update(shop.id, taxRateId, fields));
      });
    },
  };
}
export type TaxRatesService = ReturnType<typeof createTaxRatesService>;
