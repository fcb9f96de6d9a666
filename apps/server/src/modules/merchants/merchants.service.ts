import {
  createMerchantSchema,
  MERCHANT_PERMISSIONS,
  type CreateMerchant,
  type Merchant,
  type MerchantPermission,
  type MerchantRole,
  type MyMerchant,
} from '@myb/contracts';
import { conflict, forbidden, notFound } from '../../http/errors';
import { slugOrFromName } from '../../http/slug';
import { requireActor, requireRole, type Actor } from '../auth/actor';
import { toMerchant, type MerchantRow, type MerchantsRepository } from './merchants.repository';

const DESCRIPTIONS: Record<MerchantPermission, string> = {
  orders: "see and dispatch the shop's orders",
  catalogue: "change the shop's catalogue",
  suppliers: "see and change the shop's suppliers",
  staff: "manage the shop's staff",
};

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

    /**
     * The shop, if the actor may do `permission` there (MERCHANT_PERMISSIONS says which roles may): as its owner, as staff whose role allows
     * it, or as an admin. Every back-office service starts here, so this is the one place that
     * decides who reaches a shop's back office.
     */
    async findManaged(actor: Actor | null, slug: string, permission: MerchantPermission): Promise<MerchantRow> {
      const signedIn = requireActor(actor, { allowToken: true });
      const row = await findOrThrow(slug);
      if (signedIn.token) {
        if (signedIn.token.merchantId !== row.id) {
          throw forbidden(`this API token is not for the shop "${slug}"`);
        }
      } else if (signedIn.roles.includes('admin')) {
        return row;
      }
      const role: MerchantRole | undefined = signedIn.token
        ? signedIn.token.role
        : row.owner_id === signedIn.userId
          ? 'owner'
          : await merchants.findStaffRole(row.id, signedIn.userId);
      if (!role) {
        throw forbidden(`you do not work at the shop "${slug}"`);
      }
      if (!MERCHANT_PERMISSIONS[permission].includes(role)) {
        throw forbidden(`a ${role} may not ${DESCRIPTIONS[permission]}`);
      }
      return row;
    },

    list: async (): Promise<Merchant[]> => (await merchants.list()).map(toMerchant),

    get: async (slug: string): Promise<Merchant> => toMerchant(await findOrThrow(slug)),

    /** The shops the actor owns or works at. */
    async listMine(actor: Actor | null): Promise<MyMerchant[]> {
      const { userId } = requireActor(actor);
      return (await merchants.listWorkedAtBy(userId)).map((row) => ({ ...toMerchant(row), role: row.role }));
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
