import {
  formatMoney,
  formatTaxRate,
  MAX_PRICE_MINOR,
  minorUnitDigits,
  type CloseShop,
  type ShopSettings,
  type UpdateShop,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, conflict } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import type { UsersRepository } from '../auth/users.repository';
import { toMerchant, type MerchantRow } from './merchants.repository';
import type { ShopSettingsRepository } from './shop-settings.repository';

export interface ShopSettingsRepositories {
  shopSettings: ShopSettingsRepository;
  users: UsersRepository;
  audit: AuditRepository;
}

type Field =
  | 'name'
  | 'description'
  | 'currency'
  | 'timeZone'
  | 'address'
  | 'pricesIncludeTax'
  | 'taxRounding'
  | 'cashierDiscountCapPpm'
  | 'managerDiscountCapPpm'
  | 'overReceiptTolerancePercent'
  | 'maxShiftHours'
  | 'overtimeThresholdHours';
const COLUMNS = {
  name: 'name',
  description: 'description',
  currency: 'currency',
  timeZone: 'time_zone',
  address: 'address',
  pricesIncludeTax: 'prices_include_tax',
  taxRounding: 'tax_rounding',
  cashierDiscountCapPpm: 'register_cashier_discount_cap_ppm',
  managerDiscountCapPpm: 'register_manager_discount_cap_ppm',
  overReceiptTolerancePercent: 'over_receipt_tolerance_percent',
  maxShiftHours: 'max_shift_hours',
  overtimeThresholdHours: 'overtime_threshold_hours',
} as const;
type Value = string | boolean | number | null;

/** A setting's value as the conflict's message shows it. */
function shown(field: Field, value: Value): string {
  if (field === 'pricesIncludeTax') {
    return value ? 'Prices include tax' : 'Tax is added to prices';
  }
  if (field === 'taxRounding') {
    return value === 'line' ? 'Rounded on each line' : 'Rounded over the total';
  }
  if (field === 'cashierDiscountCapPpm' || field === 'managerDiscountCapPpm') {
    return typeof value === 'number' ? `a cap of ${formatTaxRate(value)}` : 'no cap';
  }
  if (field === 'overReceiptTolerancePercent') {
    return `a tolerance of ${String(value)} %`;
  }
  if (field === 'maxShiftHours') {
    return `a longest shift of ${String(value)} hours`;
  }
  if (field === 'overtimeThresholdHours') {
    return `overtime above ${String(value)} hours a week`;
  }
  return `"${String(value)}"`;
}

/**
 * A shop's settings, which only its owner (or an admin) changes: name, description, currency, time
 * zone, address, how its prices carry tax and the register's discount caps, and closing or reopening it. Never its slug: suppliers' devices know the shop by
 * it (it is the first part of every routing key). Each change is in the audit log.
 */
export function createShopSettingsService(db: Kysely<Database>, { shopSettings, users, audit }: ShopSettingsRepositories) {
  async function view(trx: Kysely<Database>, row: MerchantRow): Promise<ShopSettings> {
    const settings = shopSettings.within(trx);
    return {
      ...toMerchant(row),
      version: row.version,
      hasOrders: await settings.hasOrders(row.id),
      closedBy: row.closed_by ? ((await settings.closedBy(row.closed_by)) ?? null) : null,
      cashierDiscountCapPpm: row.register_cashier_discount_cap_ppm,
      managerDiscountCapPpm: row.register_manager_discount_cap_ppm,
      overReceiptTolerancePercent: row.over_receipt_tolerance_percent,
      maxShiftHours: row.max_shift_hours,
      overtimeThresholdHours: row.overtime_threshold_hours,
    };
  }

  async function auditActor(trx: Kysely<Database>, actor: Actor) {
    const me = await users.within(trx).findById(actor.userId);
    return { id: actor.userId, email: me?.email ?? '' };
  }

  /**
   * Keeps each price's amount (12.50 EUR becomes 12.50 USD), and each supplier's cost's, in the new
   * currency's minor units.
   */
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
    // Costs change only with their product locked, as `lockPrices` has them now.
    const costs = await settings.costs(shop.id);
    const lostCost = costs.find((cost) => cost.cost_minor % divisor !== 0);
    if (lostCost) {
      const amount = formatMoney(lostCost.cost_minor, shop.currency, 'en');
      throw conflict(
        `${currency} has no amounts as small as ${amount} (the cost of ${lostCost.product} from ${lostCost.supplier}): round the costs to whole ${currency} first.`,
        [{ path: 'body.currency', message: `Round the costs first: ${lostCost.product} costs ${amount} from ${lostCost.supplier}.` }],
      );
    }
    const costTooHigh = costs.find((cost) => cost.cost_minor * multiplier > MAX_PRICE_MINOR);
    if (costTooHigh) {
      throw conflict(
        `The cost of ${costTooHigh.product} from ${costTooHigh.supplier} would be more than the highest amount allowed in ${currency}: lower it first.`,
        [{ path: 'body.currency', message: `${costTooHigh.product} would cost too much from ${costTooHigh.supplier} in ${currency}.` }],
      );
    }
    await settings.rescalePrices(shop.id, multiplier, divisor);
  }

  return {
    async get({ shop }: ShopCaller): Promise<ShopSettings> {
      return view(db, shop);
    },

    /**
     * Changes any subset of the settings, if nobody changed them since `version`; otherwise 409,
     * naming each field whose value is now another, so the form can offer to reload.
     */
    async update({ shop, actor }: ShopCaller, input: UpdateShop): Promise<ShopSettings> {
      return db.transaction().execute(async (trx) => {
        const settings = shopSettings.within(trx);
        const current = await settings.lock(shop.id);
        const currentValues: Record<Field, Value> = {
          name: current.name,
          description: current.description,
          currency: current.currency,
          timeZone: current.time_zone,
          address: current.address,
          pricesIncludeTax: current.prices_include_tax,
          taxRounding: current.tax_rounding,
          cashierDiscountCapPpm: current.register_cashier_discount_cap_ppm,
          managerDiscountCapPpm: current.register_manager_discount_cap_ppm,
          overReceiptTolerancePercent: current.over_receipt_tolerance_percent,
          maxShiftHours: current.max_shift_hours,
          overtimeThresholdHours: current.overtime_threshold_hours,
        };
        const fields = (Object.keys(COLUMNS) as Field[]).filter((field) => input[field] !== undefined);
        if (current.version !== input.version) {
          const differing = fields.filter((field) => input[field] !== currentValues[field]);
          throw conflict(
            'Someone changed these settings after you opened them: reload to see their version, then make your change again.',
            differing.map((field) => ({ path: `body.${field}`, message: `Now ${shown(field, currentValues[field])}.` })),
          );
        }
        const changes: Partial<Record<Field, { from: Value; to: Value }>> = {};
        for (const field of fields) {
          if (input[field] !== currentValues[field]) {
            changes[field] = { from: currentValues[field], to: input[field] as Value };
          }
        }
        if (Object.keys(changes).length === 0) {
          return view(trx, current);
        }
        if (changes.currency) {
          await keepPriceAmounts(trx, current, String(changes.currency.to));
        }
        const row = await settings.update(
          shop.id,
          Object.fromEntries(Object.entries(changes).map(([field, change]) => [COLUMNS[field as Field], change.to])),
        );
        await audit.within(trx).record({
          actor: await auditActor(trx, actor),
          action: 'shop.updated',
          merchantId: shop.id,
          details: changes,
        });
        return view(trx, row);
      });
    },

    /** Closes the shop (its name typed again to confirm): no longer listed, no new orders; its history and back office stay. */
    async close({ shop, actor }: ShopCaller, input: CloseShop): Promise<ShopSettings> {
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
        const row = await settings.setClosed(shop.id, new Date(), actor.userId);
        await audit.within(trx).record({ actor: await auditActor(trx, actor), action: 'shop.closed', merchantId: shop.id });
        return view(trx, row);
      });
    },

    /** Opens a closed shop again: listed, and taking orders. */
    async reopen({ shop, actor }: ShopCaller): Promise<ShopSettings> {
      return db.transaction().execute(async (trx) => {
        const settings = shopSettings.within(trx);
        const current = await settings.lock(shop.id);
        if (!current.closed_at) {
          return view(trx, current);
        }
        const row = await settings.setClosed(shop.id, null, null);
        await audit.within(trx).record({
          actor: await auditActor(trx, actor),
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
