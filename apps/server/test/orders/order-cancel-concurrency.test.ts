import type { Order } from '@myb/contracts';
import { hasServices } from '@myb/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
  closeCheckingStock,
} from '../helper';

// PGlite has a single connection and proves nothing about locking: this runs on PostgreSQL only.
describe.skipIf(!hasServices('cancellations under concurrency', 'postgres'))(
  'cancellations under concurrency on PostgreSQL',
  () => {
    const INITIAL = 1000;
    const ORDERS = 40;
    let testApp: TestApp;
    let shop: ShopFixture;
    let customers: SignedInUser[];

    beforeAll(async () => {
      testApp = await buildTestApp('postgres');
      shop = await createShop(testApp, { suppliers: 2, products: 2, stock: INITIAL });
      customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
    });
    afterAll(() => closeCheckingStock(testApp));

    const stock = async () =>
      Object.fromEntries(
        (
          await testApp.database.db
            .selectFrom('products')
            .select(['id', 'stock'])
            .where('id', 'in', shop.productIds)
            .execute()
        ).map((row) => [row.id, row.stock]),
      );

    /** Orders of one of product 0 and two of product 1, lines listed in both orders so cancellations lock in both. */
    const placeOrders = () =>
      Promise.all(
        Array.from({ length: ORDERS }, async (_, i) => {
          const customer = customers[i % customers.length]!;
          const lines = [
            { productId: shop.productIds[0]!, quantity: 1 },
            { productId: shop.productIds[1]!, quantity: 2 },
          ];
          const response = await testApp.app.inject({
            method: 'POST',
            url: '/api/v1/orders',
            headers: { cookie: customer.cookie },
            payload: { merchantSlug: shop.slug, items: i % 2 === 0 ? lines : lines.reverse() },
          });
          expect(response.statusCode, response.body).toBe(201);
          return { order: response.json<Order>(), customer };
        }),
      );

    const cancelByCustomer = (order: Order, customer: SignedInUser) =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/cancel`,
        headers: { cookie: customer.cookie },
        payload: {},
      });
    const cancelByShop = (order: Order) =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/orders/${order.id}/cancel`,
        headers: { cookie: shop.owner.cookie },
        payload: { reason: 'Cancelled at the counter.' },
      });
    const dispatch = (order: Order) =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/orders/${order.id}/dispatch`,
        headers: { cookie: shop.owner.cookie },
      });

    it('gives the stock back once when each order is cancelled twice at the same moment', async () => {
      const start = await stock();
      const placed = await placeOrders();
      const results = await Promise.all(
        placed.map(async ({ order, customer }) => {
          const [a, b] = await Promise.all([cancelByCustomer(order, customer), cancelByShop(order)]);
          return [a.statusCode, b.statusCode].sort();
        }),
      );
      expect(results).toEqual(placed.map(() => [200, 409]));
      // Counted after all the work is done: every order was cancelled, so all the stock is back.
      expect(await stock()).toEqual(start);
    });

    it('lets exactly one of a cancellation and a dispatch of the same order through', async () => {
      const start = await stock();
      const placed = await placeOrders();
      const outcomes = await Promise.all(
        placed.map(async ({ order, customer }, i) => {
          const [cancelled, dispatched] = await Promise.all([
            i % 2 === 0 ? cancelByCustomer(order, customer) : cancelByShop(order),
            dispatch(order),
          ]);
          expect(
            [cancelled.statusCode, dispatched.statusCode].sort(),
            `${cancelled.body} ${dispatched.body}`,
          ).toEqual([200, 409]);
          return { orderId: order.id, cancelled: cancelled.statusCode === 200 };
        }),
      );
      const kept = outcomes.filter((outcome) => !outcome.cancelled);
      expect(await stock()).toEqual({
        [shop.productIds[0]!]: start[shop.productIds[0]!]! - kept.length,
        [shop.productIds[1]!]: start[shop.productIds[1]!]! - 2 * kept.length,
      });
      // Each order ended as what won: dispatched ones with their suppliers' events, cancelled ones without.
      const rows = await testApp.database.db
        .selectFrom('orders')
        .select([
          'id',
          'status',
          (eb) =>
            eb
              .selectFrom('outbox_events')
              .select(eb.fn.countAll<string>().as('n'))
              .whereRef('outbox_events.subject_id', '=', 'orders.id')
              .as('events'),
        ])
        .where(
          'id',
          'in',
          outcomes.map((outcome) => outcome.orderId),
        )
        .execute();
      for (const row of rows) {
        const cancelled = outcomes.find((outcome) => outcome.orderId === row.id)!.cancelled;
        expect(row.status).toBe(cancelled ? 'cancelled' : 'closed');
        expect(Number(row.events)).toBe(cancelled ? 0 : 2);
      }
    });
  },
);
