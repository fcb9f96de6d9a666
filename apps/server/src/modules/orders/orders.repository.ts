import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export function createOrdersRepository(db: Kysely<Database>) {
  const orderColumns = db
    .selectFrom('orders')
    .innerJoin('merchants', 'merchants.id', 'orders.merchant_id')
    .innerJoin('users', 'users.id', 'orders.customer_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.status',
      'orders.total_minor',
      'orders.created_at',
      'orders.dispatched_at',
      'orders.merchant_id',
      'merchants.slug as merchant_slug',
      'merchants.name as merchant_name',
      'merchants.currency',
      'orders.customer_id',
      'users.name as customer_name',
      'users.email as customer_email',
    ]);

  return {
    findProducts: (merchantId: string, ids: string[]) =>
      db
        .selectFrom('products')
        .select(['id', 'sku', 'name', 'price_minor', 'stock'])
        .where('merchant_id', '=', merchantId)
        .where('id', 'in', ids)
        .execute(),

    /** Takes `quantity` from stock only if that much is there; the row lock makes it safe under any concurrency. */
    takeStock: async (productId: string, quantity: number) =>
      (await db
        .updateTable('products')
        .set({ stock: sql<number>`stock - ${quantity}` })
        .where('id', '=', productId)
        .where('stock', '>=', quantity)
        .returning('stock')
        .executeTakeFirst()) !== undefined,

    /**
     * Numbers the order from the sequence in the same statement and returns what the reply needs,
     * the customer's name and e-mail included: one round trip instead of four.
     */
    insertOrder: (order: { merchantId: string; customerId: string; numberPrefix: string; totalMinor: number }) =>
      db
        .insertInto('orders')
        .values({
          merchant_id: order.merchantId,
          customer_id: order.customerId,
          number: sql<string>`${order.numberPrefix}::text || nextval('order_number_seq')`,
          total_minor: order.totalMinor,
        })
        .returning((eb) => [
          'id',
          'number',
          'status',
          'created_at',
          eb.selectFrom('users').select('name').whereRef('users.id', '=', 'orders.customer_id').as('customer_name'),
          eb.selectFrom('users').select('email').whereRef('users.id', '=', 'orders.customer_id').as('customer_email'),
        ])
        .executeTakeFirstOrThrow(),

    insertItems: (
      items: { orderId: string; productId: string; sku: string; name: string; unitPriceMinor: number; quantity: number }[],
    ) =>
      db
        .insertInto('order_items')
        .values(
          items.map((item) => ({
            order_id: item.orderId,
            product_id: item.productId,
            sku: item.sku,
            name: item.name,
            unit_price_minor: item.unitPriceMinor,
            quantity: item.quantity,
          })),
        )
        .execute(),

    lockForDispatch: (merchantId: string, orderId: string) =>
      db
        .selectFrom('orders')
        .select(['id', 'number', 'status'])
        .where('merchant_id', '=', merchantId)
        .where('id', '=', orderId)
        .forUpdate()
        .executeTakeFirst(),

    close: (orderId: string) =>
      db
        .updateTable('orders')
        .set({ status: 'closed', dispatched_at: sql<Date>`now()` })
        .where('id', '=', orderId)
        .returning('dispatched_at')
        .executeTakeFirstOrThrow(),

    /** Each line of the order once per supplier of its product. */
    supplierLines: (orderId: string) =>
      db
        .selectFrom('order_items')
        .innerJoin('product_suppliers', 'product_suppliers.product_id', 'order_items.product_id')
        .innerJoin('suppliers', 'suppliers.id', 'product_suppliers.supplier_id')
        .select([
          'suppliers.id as supplierId',
          'suppliers.slug as supplierSlug',
          'suppliers.name as supplierName',
          'order_items.sku',
          'order_items.name as product',
          'order_items.quantity',
        ])
        .where('order_items.order_id', '=', orderId)
        .orderBy('suppliers.slug')
        .orderBy('order_items.sku')
        .execute(),

    list: (filter: { merchantId?: string; customerId?: string; orderId?: string; status?: 'open' | 'closed' }) => {
      let query = orderColumns;
      if (filter.merchantId) {
        query = query.where('orders.merchant_id', '=', filter.merchantId);
      }
      if (filter.customerId) {
        query = query.where('orders.customer_id', '=', filter.customerId);
      }
      if (filter.orderId) {
        query = query.where('orders.id', '=', filter.orderId);
      }
      if (filter.status) {
        query = query.where('orders.status', '=', filter.status);
      }
      return query.orderBy('orders.created_at', 'desc').orderBy('orders.number', 'desc').limit(200).execute();
    },

    itemsOf: (orderIds: string[]) =>
      orderIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('name').execute(),
  };
}
export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
