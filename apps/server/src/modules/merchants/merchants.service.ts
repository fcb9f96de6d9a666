import { createMerchantSchema, type CreateMerchant, type Merchant, type MyMerchant } from '@myb/contracts';
import { conflict, notFound } from '../../http/errors';
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

    list: async (): Promise<Merchant[]> => (await merchants.list()).map(toMerchant),

    get: async (slug: string): Promise<Merchant> => toMerchant(await findOrThrow(slug)),

    /**
     * The shops the actor owns or works at; for an admin every shop, as 'admin' where they neither own
     * it nor work there (an admin may do everything in any shop: see `authorize` in modules/access).
     */
    async listMine(actor: Actor | null): Promise<MyMerchant[]> {
      const { userId, roles } = requireActor(actor);
      const mine = (await merchants.listWorkedAtBy(userId)).map((row): MyMerchant => ({ ...toMerchant(row), role: row.role }));
      if (!roles.includes('admin')) {
        return mine;
      }
      const roleIn = new Map(mine.map((shop) => [shop.id, shop.role]));
      return (await merchants.list()).map((row) => ({ ...toMerchant(row), role: roleIn.get(row.id) ?? 'admin' }));
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
