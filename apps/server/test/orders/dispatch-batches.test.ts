import { randomUUID } from 'node:crypto';
import type { Order } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

describe.each(engines())('dispatches closed together on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;

  beforeAll(async () => {
    // One statement closes dispatched orders at a time, so the rest of a rush waits for it.
    testApp = await buildTestApp(engine, { orderStatements: 1 });
    shop = await createShop(testApp, { suppliers: 3, products: 6, stock: 1000 });
    otherShop = await createShop(testApp, { products: 1 });
    customer = await signUpUser(testApp);
  });
  afterAll(() => testApp?.close());

  /** Order i takes product i mod 6 and, when i is even, the next one too: product j comes from supplier j mod 3. */
  const productsOf = (i: number) => (i % 2 === 0 ? [i % 6, (i + 1) % 6] : [i % 6]);
  const suppliersOf = (i: number) =>
    productsOf(i)
      .map((product) => `${shop.slug}.supplier-${product % 3}`)
      .sort();

  it('writes each order of a rush once, answers each dispatch with its own order, refuses the second of two at once, and the bad ones for themselves', async () => {
    const placed: Order[] = [];
    for (let i = 0; i < 24; i += 1) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: customer.cookie },
        payload: {
          merchantSlug: shop.slug,
          items: productsOf(i).map((product) => ({
            productId: shop.productIds[product]!,
            quantity: 1 + (i % 3),
          })),
        },
      });
      expect(response.statusCode).toBe(201);
      placed.push(response.json<Order>());
    }

    const dispatch = (as: SignedInUser, orderId: string, slug = shop.slug) =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${slug}/orders/${orderId}/dispatch`,
        headers: { cookie: as.cookie },
      });
    const signedOut = await signUpUser(testApp);
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: signedOut.cookie },
    });

    // Every order dispatched twice at the same moment, and among those 48 requests, others that
    // share their statements and must get their own answers.
    const [responses, refusals] = await Promise.all([
      Promise.all(
        placed.flatMap((order) => [dispatch(shop.owner, order.id), dispatch(shop.owner, order.id)]),
      ),
      Promise.all([
        dispatch(customer, placed[0]!.id),
        dispatch(signedOut, placed[1]!.id),
        dispatch(shop.owner, randomUUID()),
        dispatch(shop.owner, placed[2]!.id, 'no-such-shop'),
        dispatch(otherShop.owner, placed[3]!.id, otherShop.slug),
      ]),
    ]);
    expect(refusals.map((response) => response.statusCode)).toEqual([403, 401, 404, 404, 404]);
    expect(refusals[3].json().message).toMatch(/no-such-shop/);

    const events = await testApp.database.db
      .selectFrom('outbox_events')
      .select(['id', 'subject_id as order_id', 'routing_key', 'payload', sql<string>`xmin::text`.as('transaction')])
      .where(
        'subject_id',
        'in',
        placed.map((order) => order.id),
      )
      .execute();
    placed.forEach((order, i) => {
      const pair = responses.slice(2 * i, 2 * i + 2);
      expect(pair.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const refused = pair.find((response) => response.statusCode === 409)!;
      expect(refused.json().message).toBe(`order ${order.number} is already dispatched`);
      const dispatched = pair.find((response) => response.statusCode === 200)!.json<Order>();
      expect(dispatched.id).toBe(order.id);
      expect(dispatched.status).toBe('closed');

      const own = events.filter((event) => event.order_id === order.id);
      expect(own.map((event) => event.routing_key).sort()).toEqual(suppliersOf(i));
      expect(dispatched.deliveries.map((delivery) => delivery.eventId).sort()).toEqual(
        own.map((event) => event.id).sort(),
      );
      for (const event of own) {
        expect(event.payload).toMatchObject({ id: event.id, order: { id: order.id, number: order.number } });
      }
    });
    // The dispatches that waited for the statement went together: fewer transactions than orders.
    expect(new Set(events.map((event) => event.transaction)).size).toBeLessThan(placed.length);
  });
});
