import {
  formatMoney,
  MAX_PRICE_MINOR,
  minorUnitDigits,
  type CloseShop,
  type ShopSettings,
  type UpdateShop,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../http/errors';
import type { AuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from '../auth/actor';
import type { UsersRepository } from '../auth/users.repository';
import { toMerchant, type MerchantRow } from './merchants.repository';
import { authorize, type MerchantsService } from './merchants.service';
import type { ShopSettingsRepository } from './shop-settings.repository';

export interface ShopSettingsRepositories {
  shopSettings: ShopSettingsRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

type Field = 'name' | 'description' | 'currency' | 'timeZone' | 'address';
const COLUMNS = { name: 'name', description: 'description', currency: 'currency', timeZone: 'time_zone', address: 'address' } as const;

/**
 * A shop's settings, which only its owner (or an admin) changes: name, description, currency, time
 * zone and address, and closing or reopening it. Never its slug: suppliers' devices know the shop by
 * it (it is the first part of every routing key). Each change is in the audit log.
 */
export function createShopSettingsService(
  db: Kysely<Database>,
  { shopSettings, users, audit }: ShopSettingsRepositories,
  merchants: MerchantsService,
) {
  /**
   * The shop, if the actor may change its settings. To someone who does not work there the shop's
   * settings are as unknown as a shop that does not exist: the same 404.
   */
  async function findOwn(actor: Actor | null, slug: string): Promise<MerchantRow> {
    const signedIn = requireActor(actor, { allowToken: true });
    const shop = await merchants.findOrThrow(slug);
    const role = signedIn.token && signedIn.token.merchantId !== shop.id ? undefined : await merchants.roleAt(signedIn, shop);
    if (!role) {
      throw notFound(`shop "${slug}"`);
    }
    return authorize({ shop, role }, slug, 'settings');
  }

  async function view(trx: Kysely<Database>, row: MerchantRow): Promise<ShopSettings> {
    const settings = shopSettings.within(trx);
    return {
      ...toMerchant(row),
      version: row.version,
      hasOrders: await settings.hasOrders(row.id),
      closedBy: row.closed_by ? ((await settings.closedBy(row.closed_by)) ?? null) : null,
    };
  }

  async function auditActor(trx: Kysely<Database>, actor: Actor) {
    const me = await users.within(trx).findById(actor.userId);
    return { id: actor.userId, email: me?.email ?? '' };
  }

  /** Keeps each price's amount (12.50 EUR becomes 12.50 USD), in the new currency's minor units. */
  async function keepPriceAmounts(trx: Kysely<Database>, shop: MerchantRow, currency: string): Promise<void> {
    const settings = shopSettings.within(trx);
    const prices = await settings.lockPrices(shop.id);
    if (await settings.hasOrders(shop.id)) {
      throw conflict(
        `The currency cannot change any more: this shop has taken orders, whose amounts are in ${shop.currency}. Open a new shop to sell in ${currency}.`,
        [{ path: 'body.currency', message: `Fixed at ${shop.currency}: the shop has taken orders.` }],
      );
    }
    const shift = minorUnitDigits(currency) - minorUnitDigits(shop.currency);
    if (shift === 0 || prices.length === 0) {
      return;
    }
    const multiplier = 10 ** Math.max(0, shift);
    const divisor = 10 ** Math.max(0, -shift);
    const lost = prices.find((product) => product.price_minor % divisor !== 0);
    if (lost) {
      const price = formatMoney(lost.price_minor, shop.currency, 'en');
      throw conflict(`${currency} has no amounts as small as ${price} (${lost.name}): round the prices to whole ${currency} first.`, [
        { path: 'body.currency', message: `Round the prices first: ${lost.name} costs ${price}.` },
      ]);
    }
    const tooDear = prices.find((product) => product.price_minor * multiplier > MAX_PRICE_MINOR);
    if (tooDear) {
      throw conflict(`${tooDear.name} would cost more than the highest price allowed in ${currency}: lower it first.`, [
        { path: 'body.currency', message: `${tooDear.name} would cost too much in ${currency}.` },
      ]);
    }
    await settings.rescalePrices(shop.id, multiplier, divisor);
  }

  return {
    async get(actor: Actor | null, slug: string): Promise<ShopSettings> {
      return view(db, await findOwn(actor, slug));
    },

    /**
     * Changes any subset of the settings, if nobody changed them since `version`; otherwise 409,
     * naming each field whose value is now another, so the form can offer to reload.
     */
    async update(actor: Actor | null, slug: string, input: UpdateShop): Promise<ShopSettings> {
      const shop = await findOwn(actor, slug);
      const signedIn = requireActor(actor, { allowToken: true });
      return db.transaction().execute(async (trx) => {
        const settings = shopSettings.within(trx);
        const current = await settings.lock(shop.id);
        const currentValues: Record<Field, string> = {
          name: current.name,
          description: current.description,
          currency: current.currency,
          timeZone: current.time_zone,
          address: current.address,
        };
        const fields = (Object.keys(COLUMNS) as Field[]).filter((field) => input[field] !== undefined);
        if (current.version !== input.version) {
          const differing = fields.filter((field) => input[field] !== currentValues[field]);
          throw conflict(
            'Someone changed these settings after you opened them: reload to see their version, then make your change again.',
            differing.map((field) => ({ path: `body.${field}`, message: `Now "${currentValues[field]}".` })),
          );
        }
        const changes: Partial<Record<Field, { from: string; to: string }>> = {};
        for (const field of fields) {
          if (input[field] !== currentValues[field]) {
            changes[field] = { from: currentValues[field], to: input[field]! };
          }
        }
        if (Object.keys(changes).length === 0) {
          return view(trx, current);
        }
        if (changes.currency) {
          await keepPriceAmounts(trx, current, changes.currency.to);
        }
        const row = await settings.update(
          shop.id,
          Object.fromEntries(Object.entries(changes).map(([field, change]) => [COLUMNS[field as Field], change.to])),
        );
        await audit.within(trx).record({
          actor: await auditActor(trx, signedIn),
          action: 'shop.updated',
          merchantId: shop.id,
          details: changes,
        });
        return view(trx, row);
      });
    },

    /** Closes the shop (its name typed again to confirm): no longer listed, no new orders; its history and back office stay. */
    async close(actor: Actor | null, slug: string, input: CloseShop): Promise<ShopSettings> {
      const shop = await findOwn(actor, slug);
      const signedIn = requireActor(actor, { allowToken: true });
      return db.transaction().execute(async (trx) => {
        const settings = shopSettings.within(trx);
        const current = await settings.lock(shop.id);
        if (input.confirmName.trim() !== current.name) {
          throw badRequest(`To close the shop, type its name exactly as it is: "${current.name}".`, [
            { path: 'body.confirmName', message: `Type "${current.name}" to confirm.` },
          ]);
        }
        if (current.closed_at) {
          return view(trx, current);
        }
        const row = await settings.setClosed(shop.id, new Date(), signedIn.userId);
        await audit.within(trx).record({ actor: await auditActor(trx, signedIn), action: 'shop.closed', merchantId: shop.id });
        return view(trx, row);
      });
    },

    /** Opens a closed shop again: listed, and taking orders. */
    async reopen(actor: Actor | null, slug: string): Promise<ShopSettings> {
      const shop = await findOwn(actor, slug);
      const signedIn = requireActor(actor, { allowToken: true });
      return db.transaction().execute(async (trx) => {
        const settings = shopSettings.within(trx);
        const current = await settings.lock(shop.id);
        if (!current.closed_at) {
          return view(trx, current);
        }
        const row = await settings.setClosed(shop.id, null, null);
        await audit.within(trx).record({
          actor: await auditActor(trx, signedIn),
          action: 'shop.reopened',
          merchantId: shop.id,
          details: { closedAt: current.closed_at.toISOString() },
        });
        return view(trx, row);
      });
    },
  };
}
export type ShopSettingsService = ReturnType<typeof createShopSettingsService>;
