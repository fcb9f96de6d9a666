import {
  can,
  createMerchantSchema,
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
  readCatalogue: "see the shop's catalogue",
  catalogue: "change the shop's catalogue",
  suppliers: "see and change the shop's suppliers",
  staff: "manage the shop's staff",
  settings: "change the shop's settings or close it",
};

/**
 * What a statement that checks the caller itself found (an order's dispatch does, to spare round
 * trips): the shop, and the caller's role there, 'admin' for an admin.
 */
export interface ShopAccess<Shop> {
  shop: Shop | undefined;
  role: MerchantRole | 'admin' | undefined;
}

/**
 * The one rule of who may do `permission` in a shop's back office (MERCHANT_PERMISSIONS says which
 * roles may): its owner, staff whose role allows it, an API token of the shop with such a role, or an
 * admin. It needs the caller signed in beforehand, and throws 404 for no shop, 403 for no such right.
 */
export function authorize<Shop>({ shop, role }: ShopAccess<Shop>, slug: string, permission: MerchantPermission): Shop {
  if (!shop) {
    throw notFound(`shop "${slug}"`);
  }
  if (role === 'admin') {
    return shop;
  }
  if (!role) {
    throw forbidden(`you do not work at the shop "${slug}"`);
  }
  if (!can(role, permission)) {
    throw forbidden(`a ${role} may not ${DESCRIPTIONS[permission]}`);
  }
  return shop;
}

export function createMerchantsService(merchants: MerchantsRepository) {
  async function findOrThrow(slug: string): Promise<MerchantRow> {
    const row = await merchants.findBySlug(slug);
    if (!row) {
      throw notFound(`shop "${slug}"`);
    }
    return row;
  }

  /** The actor's role at the shop: an API token's own, or an admin's, the owner's, or as staff. */
  async function roleAt(actor: Actor, shop: MerchantRow): Promise<ShopAccess<MerchantRow>['role']> {
    if (actor.token) {
      if (actor.token.merchantId !== shop.id) {
        throw forbidden(`this API token is not for the shop "${shop.slug}"`);
      }
      return actor.token.role;
    }
    if (actor.roles.includes('admin')) {
      return 'admin';
    }
    return shop.owner_id === actor.userId ? 'owner' : merchants.findStaffRole(shop.id, actor.userId);
  }

  return {
    findOrThrow,
    roleAt,

    /** The shop, if the actor may do `permission` there: every back-office service starts here or at `authorize`. */
    async findManaged(actor: Actor | null, slug: string, permission: MerchantPermission): Promise<MerchantRow> {
      const signedIn = requireActor(actor, { allowToken: true });
      const shop = await findOrThrow(slug);
      return authorize({ shop, role: await roleAt(signedIn, shop) }, slug, permission);
    },

    list: async (): Promise<Merchant[]> => (await merchants.list()).map(toMerchant),

    get: async (slug: string): Promise<Merchant> => toMerchant(await findOrThrow(slug)),

    /**
     * The shops the actor owns or works at; for an admin every shop, as 'admin' where they neither own
     * it nor work there (an admin may do everything in any shop: see `authorize`).
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
