import type { Order } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
  closeCheckingStock,
} from '../helper';

describe.each(engines())('cancelling an order on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;
  let otherCustomer: SignedInUser;
  let cashier: SignedInUser;

  const call = (method: 'GET' | 'POST', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });

  const stockOf = async (productId: string) =>
    (
      await testApp.database.db
        .selectFrom('products')
        .select('stock')
        .where('id', '=', productId)
        .executeTakeFirstOrThrow()
    ).stock;

  /** Three of product 0 and one of product 1, from `on`. */
  const place = async (as: SignedInUser = customer, on: ShopFixture = shop) => {
    const response = await call('POST', '/orders', as, {
      merchantSlug: on.slug,
      items: [
        { productId: on.productIds[0]!, quantity: 3 },
        { productId: on.productIds[1]!, quantity: 1 },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Order>();
  };

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { stock: 20 });
    otherShop = await createShop(testApp, { stock: 20 });
    customer = await signUpUser(testApp);
    otherCustomer = await signUpUser(testApp);
    cashier = await signUpUser(testApp);
    const added = await call('POST', `/merchants/${shop.slug}/staff`, shop.owner, {
      email: cashier.email,
      role: 'cashier',
    });
    expect(added.statusCode, added.body).toBe(200);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('lets the customer cancel their open order, without a reason, and gives the stock back', async () => {
    const before = [await stockOf(shop.productIds[0]!), await stockOf(shop.productIds[1]!)];
    const order = await place();
    expect(await stockOf(shop.productIds[0]!)).toBe(before[0]! - 3);

    const response = await call('POST', `/orders/${order.id}/cancel`, customer, {});
    expect(response.statusCode, response.body).toBe(200);
    const cancelled = response.json<Order>();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellation).toMatchObject({
      by: 'customer',
      name: expect.stringMatching(/^User \d+$/),
      reason: null,
    });
    expect(cancelled.dispatchedAt).toBeNull();
    expect([await stockOf(shop.productIds[0]!), await stockOf(shop.productIds[1]!)]).toEqual(before);

    // The shop sees it cancelled, and who did it; nothing was written for its suppliers.
    const seen = await call('GET', `/merchants/${shop.slug}/orders/${order.id}`, shop.owner);
    expect(seen.json<Order>()).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'customer' },
      deliveries: [],
    });
    const events = await testApp.database.db
      .selectFrom('outbox_events')
      .select('id')
      .where('subject_id', '=', order.id)
      .execute();
    expect(events).toEqual([]);
  });

  it('lets the shop cancel with a reason, which the customer reads under the shop’s name', async () => {
    const before = await stockOf(shop.productIds[0]!);
    const order = await place();
    const response = await call('POST', `/merchants/${shop.slug}/orders/${order.id}/cancel`, shop.owner, {
      reason: '  Out of bolts until March.  ',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Order>().cancellation).toMatchObject({
      by: 'shop',
      reason: 'Out of bolts until March.',
    });
    expect(await stockOf(shop.productIds[0]!)).toBe(before);

    const mine = (await call('GET', `/orders/${order.id}`, customer)).json<Order>();
    expect(mine.status).toBe('cancelled');
    expect(mine.cancellation).toMatchObject({
      by: 'shop',
      name: `Shop ${shop.slug}`,
      reason: 'Out of bolts until March.',
    });
  });

  it('lets a cashier cancel, as the permission table lets cashiers handle orders', async () => {
    const order = await place();
    const response = await call('POST', `/merchants/${shop.slug}/orders/${order.id}/cancel`, cashier, {
      reason: 'Asked by phone.',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Order>().cancellation?.by).toBe('shop');
  });

  it('refuses a shop’s cancellation without a reason, or with one too long, and changes nothing', async () => {
    const order = await place();
    const stock = await stockOf(shop.productIds[0]!);
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 'bad\u0000byte' }]) {
      const response = await call(
        'POST',
        `/merchants/${shop.slug}/orders/${order.id}/cancel`,
        shop.owner,
        body,
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ issues: { path: string }[] }>().issues?.[0]?.path).toBe('body.reason');
    }
    const missing = await call('POST', `/merchants/${shop.slug}/orders/${order.id}/cancel`, shop.owner, {
      reason: '',
    });
    expect(missing.json<{ message: string }>().message).toContain('Say why the order is cancelled');
    expect(await stockOf(shop.productIds[0]!)).toBe(stock);
    expect((await call('GET', `/orders/${order.id}`, customer)).json<Order>().status).toBe('open');
  });

  it('answers another customer’s order, and another shop’s, as an order that does not exist', async () => {
    const order = await place();
    const stock = await stockOf(shop.productIds[0]!);
    const strangers = await call('POST', `/orders/${order.id}/cancel`, otherCustomer, {});
    const nobodys = await call(
      'POST',
      `/orders/00000000-0000-4000-8000-000000000000/cancel`,
      otherCustomer,
      {},
    );
    expect(strangers.statusCode).toBe(404);
    expect(strangers.body).toBe(nobodys.body);

    const otherShops = await call(
      'POST',
      `/merchants/${otherShop.slug}/orders/${order.id}/cancel`,
      otherShop.owner,
      { reason: 'Mine?' },
    );
    const none = await call(
      'POST',
      `/merchants/${otherShop.slug}/orders/00000000-0000-4000-8000-000000000000/cancel`,
      otherShop.owner,
      {
        reason: 'Mine?',
      },
    );
    expect(otherShops.statusCode).toBe(404);
    expect(otherShops.body).toBe(none.body);
    expect(await stockOf(shop.productIds[0]!)).toBe(stock);
    expect((await call('GET', `/orders/${order.id}`, customer)).json<Order>().status).toBe('open');
  });

  it('refuses to cancel a dispatched order, and to dispatch a cancelled one, with a sentence', async () => {
    const dispatched = await place();
    expect(
      (await call('POST', `/merchants/${shop.slug}/orders/${dispatched.id}/dispatch`, shop.owner)).statusCode,
    ).toBe(200);
    const stock = await stockOf(shop.productIds[0]!);
    for (const response of [
      await call('POST', `/orders/${dispatched.id}/cancel`, customer, {}),
      await call('POST', `/merchants/${shop.slug}/orders/${dispatched.id}/cancel`, shop.owner, {
        reason: 'Too late?',
      }),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.json<{ message: string }>().message).toBe(
        `Order ${dispatched.number} was already dispatched; it can no longer be cancelled.`,
      );
    }
    expect(await stockOf(shop.productIds[0]!)).toBe(stock);

    const cancelled = await place();
    expect(
      (await call('POST', `/orders/${cancelled.id}/cancel`, customer, { reason: 'Ordered twice.' }))
        .statusCode,
    ).toBe(200);
    const again = await call('POST', `/merchants/${shop.slug}/orders/${cancelled.id}/cancel`, shop.owner, {
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toBe(
      `Order ${cancelled.number} was already cancelled.`,
    );
    const dispatch = await call(
      'POST',
      `/merchants/${shop.slug}/orders/${cancelled.id}/dispatch`,
      shop.owner,
    );
    expect(dispatch.statusCode).toBe(409);
    expect(dispatch.json<{ message: string }>().message).toBe(
      `Order ${cancelled.number} was cancelled; it can no longer be dispatched.`,
    );
    const events = await testApp.database.db
      .selectFrom('outbox_events')
      .select('id')
      .where('subject_id', '=', cancelled.id)
      .execute();
    expect(events).toEqual([]);
  });

  it('lists cancelled orders under their own status', async () => {
    const response = await call('GET', `/merchants/${shop.slug}/orders?status=cancelled`, shop.owner);
    expect(response.statusCode).toBe(200);
    const statuses = response.json<{ orders: Order[] }>().orders.map((order) => order.status);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(new Set(statuses)).toEqual(new Set(['cancelled']));
  });

  it('names, on the shop’s order page, each supplier a dispatch would tell, once', async () => {
    const order = await place();
    const page = (await call('GET', `/merchants/${shop.slug}/orders/${order.id}`, shop.owner)).json<Order>();
    // Product 0 comes from supplier 0, product 1 from supplier 1.
    expect(page.suppliers?.map((supplier) => supplier.name)).toEqual(['Supplier 0', 'Supplier 1']);
    const dispatched = (
      await call('POST', `/merchants/${shop.slug}/orders/${order.id}/dispatch`, shop.owner)
    ).json<Order>();
    expect(dispatched.deliveries.map((delivery) => delivery.supplier.id).sort()).toEqual(
      page.suppliers!.map((s) => s.id).sort(),
    );
    // The customer is not shown the shop's suppliers.
    expect((await call('GET', `/orders/${order.id}`, customer)).json<Order>().suppliers).toBeUndefined();
  });
});
