import type { MessageLogEntry, Order } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, engines, signUpUser, type ShopFixture, type SignedInUser, type TestApp } from '../helper';

describe.each(engines())('searching order lists on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let ann: SignedInUser;
  let bob: SignedInUser;
  /** Ann's orders at the shop, oldest first, each on a day of its own in early December 2026 (UTC). */
  const annOrders: Order[] = [];
  let bobOrder: Order;
  let otherShopOrder: Order;

  const get = (as: SignedInUser, url: string) => testApp.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: as.cookie } });
  const numbers = async (as: SignedInUser, url: string) => {
    const response = await get(as, url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ orders: Order[] }>().orders.map((order) => order.number);
  };
  const digitsOf = (order: Order) => order.number.split('-')[1]!;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { stock: 100 });
    otherShop = await createShop(testApp, { stock: 100 });
    ann = await signUpUser(testApp);
    bob = await signUpUser(testApp);
    await testApp.database.db.updateTable('users').set({ name: 'Ann Lovelace' }).where('id', '=', ann.id).execute();
    const place = async (as: SignedInUser, on: ShopFixture) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: as.cookie },
        payload: { merchantSlug: on.slug, items: [{ productId: on.productIds[0]!, quantity: 1 }] },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Order>();
    };
    for (let day = 1; day <= 5; day += 1) {
      const order = await place(ann, shop);
      await testApp.database.db
        .updateTable('orders')
        .set({ created_at: new Date(`2026-12-0${day}T10:00:00Z`) })
        .where('id', '=', order.id)
        .execute();
      annOrders.push(order);
    }
    bobOrder = await place(bob, shop);
    otherShopOrder = await place(ann, otherShop);
  });
  afterAll(() => testApp?.close());

  it('finds an order by its number with or without its prefix, in any case', async () => {
    const order = annOrders[2]!;
    const url = (q: string) => `/merchants/${shop.slug}/orders?q=${encodeURIComponent(q)}`;
    expect(await numbers(shop.owner, url(order.number))).toEqual([order.number]);
    expect(await numbers(shop.owner, url(digitsOf(order)))).toEqual([order.number]);
    expect(await numbers(shop.owner, url(order.number.toLowerCase()))).toEqual([order.number]);
    expect(await numbers(shop.owner, url(` #${digitsOf(order)} `))).toEqual([order.number]);
    // A prefix that is not the order's finds nothing; neither does another shop's order's number.
    expect(await numbers(shop.owner, url(`Z-${digitsOf(order)}`))).toEqual([]);
    expect(await numbers(shop.owner, url(digitsOf(otherShopOrder)))).toEqual([]);
  });

  it('finds the shop’s orders by the customer’s name or e-mail, with % and _ taken literally', async () => {
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?q=lovelace`)).toEqual(
      annOrders.map((order) => order.number).reverse(),
    );
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?q=${encodeURIComponent(bob.email.toUpperCase())}`)).toEqual([
      bobOrder.number,
    ]);
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?q=%25`)).toEqual([]);
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?q=_`)).toEqual([]);
  });

  it('lists the orders placed from one instant until before another, and pages within them', async () => {
    // Days 2 to 4 as a viewer one hour east of UTC picks them: from the start of the 2nd to the start of the 5th, their time.
    const range = `from=${encodeURIComponent('2026-12-02T00:00:00+01:00')}&to=${encodeURIComponent('2026-12-05T00:00:00+01:00')}`;
    const inRange = [annOrders[3]!, annOrders[2]!, annOrders[1]!].map((order) => order.number);
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?${range}`)).toEqual(inRange);
    const first = await get(shop.owner, `/merchants/${shop.slug}/orders?${range}&limit=2`);
    const page = first.json<{ orders: Order[] }>().orders;
    expect(page.map((order) => order.number)).toEqual(inRange.slice(0, 2));
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?${range}&limit=2&before=${page[1]!.id}`)).toEqual(inRange.slice(2));
    // With a search and a status together.
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?${range}&status=open&q=${digitsOf(annOrders[1]!)}`)).toEqual([
      annOrders[1]!.number,
    ]);
    expect(await numbers(shop.owner, `/merchants/${shop.slug}/orders?${range}&q=${digitsOf(annOrders[0]!)}`)).toEqual([]);
  });

  it('searches the customer’s own list by number, and by the shop’s name', async () => {
    expect(await numbers(ann, `/orders?q=${digitsOf(annOrders[4]!)}`)).toEqual([annOrders[4]!.number]);
    expect(await numbers(ann, `/orders?q=${digitsOf(bobOrder)}`)).toEqual([]);
    expect(await numbers(ann, `/orders?q=${encodeURIComponent(otherShop.slug)}`)).toEqual([otherShopOrder.number]);
    expect(await numbers(ann, `/orders?to=${encodeURIComponent('2026-12-02T00:00:00Z')}`)).toEqual([annOrders[0]!.number]);
  });

  it('refuses a range that ends before it starts, and a date without its time zone, with a sentence', async () => {
    const backwards = await get(shop.owner, `/merchants/${shop.slug}/orders?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ issues: { path: string; message: string }[] }>().issues).toEqual([
      { path: 'querystring.to', message: 'The first day must come before the last.' },
    ]);
    const local = await get(shop.owner, `/merchants/${shop.slug}/orders?from=2026-12-05`);
    expect(local.statusCode).toBe(400);
    expect(local.json<{ issues: { message: string }[] }>().issues?.[0]?.message).toMatch(/^Give the date as an ISO 8601 instant/);
    expect((await get(ann, `/orders?q=${encodeURIComponent('x'.repeat(201))}`)).statusCode).toBe(400);
  });

  it('finds the messages of an order in Messages by its number without the prefix', async () => {
    const order = annOrders[0]!;
    const dispatched = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/merchants/${shop.slug}/orders/${order.id}/dispatch`,
      headers: { cookie: shop.owner.cookie },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    for (const q of [order.number, digitsOf(order)]) {
      const response = await get(shop.owner, `/merchants/${shop.slug}/messages?order=${encodeURIComponent(q)}`);
      expect(response.statusCode, response.body).toBe(200);
      const messages = response.json<{ messages: MessageLogEntry[] }>().messages;
      expect(messages.length).toBeGreaterThan(0);
      expect(new Set(messages.map((message) => message.order?.number))).toEqual(new Set([order.number]));
    }
  });
});
