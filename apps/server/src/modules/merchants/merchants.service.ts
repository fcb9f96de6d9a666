import { createMerchantSchema, type CreateMerchant, type Merchant } from '@myb/contracts';
import { conflict, forbidden, notFound } from '../../http/errors';
import { slugOrFromName } from '../../http/slug';
import { requireActor, requireRole, type Actor } from '../auth/actor';
import { toMerchant, type MerchantRow, type MerchantsRepository } from './merchants.repository';

export function createMerchantsService(merchants: MerchantsRepository) {
  async function findOrThrow(slug: string): Promise<MerchantRow> {
    const row = await merchants.findBySlug(slug);
    if (!row) {
      throw notFound(`shop "${slug}"`);
    }
    return row;
  }

  return {
    findOrThrow,

    /** The shop, if the actor runs it: its owner, or an admin. Every back-office service starts here. */
    async findManaged(actor: Actor | null, slug: string): Promise<MerchantRow> {
      const signedIn = requireActor(actor);
      const row = await findOrThrow(slug);
      if (row.owner_id !== signedIn.userId && !signedIn.roles.includes('admin')) {
        throw forbidden(`you do not run the shop "${slug}"`);
      }
      return row;
    },

    list: async (): Promise<Merchant[]> => (await merchants.list()).map(toMerchant),

    get: async (slug: string): Promise<Merchant> => toMerchant(await findOrThrow(slug)),

    async listOwned(actor: Actor | null): Promise<Merchant[]> {
      const merchant = requireRole(actor, 'merchant');
      return (await merchants.listOwnedBy(merchant.userId)).map(toMerchant);
    },

    async create(actor: Actor | null, input: CreateMerchant): Promise<Merchant> {
      const owner = requireRole(actor, 'merchant');
      const fields = createMerchantSchema.parse(input);
      const slug = slugOrFromName(fields.slug, fields.name);
      if (await merchants.findBySlug(slug)) {
        throw conflict(`the slug "${slug}" is taken`, [{ path: 'body.slug', message: 'taken' }]);
      }
      return toMerchant(await merchants.insert({ ...fields, slug, ownerId: owner.userId }));
    },
  };
}
export type MerchantsService = ReturnType<typeof createMerchantsService>;
