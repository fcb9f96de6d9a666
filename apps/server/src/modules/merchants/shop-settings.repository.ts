import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database, MerchantsTable } from '../../db/schema';
import { repository } from '../../db/repository';

/** A shop's settings and the facts its settings form needs; give it the transaction of the change. */
function shopSettingsStatements(db: Kysely<Database>) {
  return {
    /**
     * The shop's row, locked until the transaction ends, so two changes of its settings take turns.
     * FOR NO KEY UPDATE, not FOR UPDATE: an order being placed holds its products' locks and then
     * takes a key share of the shop's row (its foreign key); FOR UPDATE would wait for those
     * products while the order waits for the shop, a deadlock.
     */
    lock: (merchantId: string) =>
      db.selectFrom('merchants').selectAll().where('id', '=', merchantId).forNoKeyUpdate().executeTakeFirstOrThrow(),

    hasOrders: async (merchantId: string) =>
      (await db.selectFrom('orders').select(sql`1`.as('one')).where('merchant_id', '=', merchantId).limit(1).executeTakeFirst()) !==
      undefined,

    /** Who closed the shop, by name, for the settings page. */
    closedBy: (userId: string) => db.selectFrom('users').select(['id', 'name']).where('id', '=', userId).executeTakeFirst(),

    /** Closes (a time and who) or reopens (nulls) the shop; not a change of the settings the form edits, so no new version. */
    setClosed: (merchantId: string, closedAt: Date | null, closedBy: string | null) =>
      db
        .updateTable('merchants')
        .set({ closed_at: closedAt, closed_by: closedBy })
        .where('id', '=', merchantId)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Sets the fields given and counts one more version. */
    update: (merchantId: string, fields: Updateable<MerchantsTable>) =>
      db
        .updateTable('merchants')
        .set({ ...fields, version: sql<number>`version + 1` })
        .where('id', '=', merchantId)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /**
     * The shop's products' prices, locked: an order being placed (which locks its products) has either
     * committed before, and is then seen by `hasOrders`, or waits until the new currency is in.
     */
    lockPrices: (merchantId: string) =>
      db
        .selectFrom('products')
        .select(['id', 'name', 'price_minor'])
        .where('merchant_id', '=', merchantId)
        .orderBy('id')
        .forUpdate()
        .execute(),

    /** The known costs of the shop's products from their suppliers. */
    costs: async (merchantId: string) =>
      (await db
        .selectFrom('product_suppliers')
        .innerJoin('products', 'products.id', 'product_suppliers.product_id')
        .innerJoin('suppliers', 'suppliers.id', 'product_suppliers.supplier_id')
        .select(['products.name as product', 'suppliers.name as supplier', 'product_suppliers.cost_minor'])
        .where('products.merchant_id', '=', merchantId)
        .where('product_suppliers.cost_minor', 'is not', null)
        .execute()) as { product: string; supplier: string; cost_minor: number }[],

    /**
     * Multiplies, or divides, every price of the shop and every cost of its products from their
     * suppliers, keeping its amount in a currency with other minor units.
     */
    rescalePrices: async (merchantId: string, multiplier: number, divisor: number) => {
      await db
        .updateTable('products')
        .set({ price_minor: sql<number>`price_minor * ${multiplier}::bigint / ${divisor}::bigint` })
        .where('merchant_id', '=', merchantId)
        .execute();
      await db
        .updateTable('product_suppliers')
        .set({ cost_minor: sql<number>`cost_minor * ${multiplier}::bigint / ${divisor}::bigint` })
        .where('cost_minor', 'is not', null)
        .where('product_id', 'in', (eb) => eb.selectFrom('products').select('id').where('merchant_id', '=', merchantId))
        .execute();
    },
  };
}
export const createShopSettingsRepository = repository(shopSettingsStatements);
export type ShopSettingsRepository = ReturnType<typeof createShopSettingsRepository>;
