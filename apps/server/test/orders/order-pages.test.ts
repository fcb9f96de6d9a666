import { randomUUID } from 'node:crypto';
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
} from '../helper';

describe.each(engines())('order lists a page at a time on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;
  let otherCustomer: SignedInUser;
  /** The shop's orders, newest first, as one list of 200 gives them. */
  let everyOrder: Order[];
  let otherShopOrder: Order;

  const place = async (as: SignedInUser, on: ShopFixture) => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: as.cookie },
      payload: { merchantSlug: on.slug, items: [{ productId: on.productIds[0]!, quantity: 1 }] },
    });
    expect(response.statusCode).toBe(201);
    return response.json<Order>();
  };

  const list = (as: SignedInUser, url: string) =>
    testApp.app.inject({ method: 'GET', url, headers: { cookie: as.cookie } });

  /** Follows `before` from page to page until a page comes back short, and returns every page. */
  async function pages(as: SignedInUser, url: string, limit: number): Promise<Order[][]> {
    const result: Order[][] = [];
    let before: string | undefined;
    for (;;) {
      const response = await list(
        as,
        `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${before ? `&before=${before}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ orders: Order[] }>().orders;
      result.push(page);
      if (page.length < limit) {
        return result;
      }
      before = page.at(-1)!.id;
    }
  }

  beforeAll(async () => {
    // One statement places orders at a time, so those placed at once on PostgreSQL share a statement
    // and its timestamp: the pages must still keep them apart.
    testApp = await buildTestApp(engine, { orderStatements: 1 });
    shop = await createShop(testApp, { products: 1, stock: 1000 });
    otherShop = await createShop(testApp, { products: 1, stock: 1000 });
    customer = await signUpUser(testApp);
    otherCustomer = await signUpUser(testApp);
    for (let i = 0; i < 4; i += 1) {
      await place(customer, shop);
    }
    await Promise.all([
      ...Array.from({ length: 6 }, () => place(customer, shop)),
      place(otherCustomer, shop),
    ]);
    await place(otherCustomer, shop);
    otherShopOrder = await place(customer, otherShop);
    const all = await list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?limit=200`);
    everyOrder = all.json<{ orders: Order[] }>().orders;
  });
  afterAll(() => testApp?.close());

  it("gives the shop's orders newest first, each once, page after page", async () => {
    expect(everyOrder).toHaveLength(12);
    const times = everyOrder.map((order) => Date.parse(order.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const paged = await pages(shop.owner, `/api/v1/merchants/${shop.slug}/orders`, 5);
    expect(paged.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(paged.flat().map((order) => order.number)).toEqual(everyOrder.map((order) => order.number));
    // Each page is whole: its lines come with it.
    expect(paged.flat().every((order) => order.items.length === 1)).toBe(true);

    // A page as long as the limit may be the last: the next one is then empty.
    const exact = await pages(shop.owner, `/api/v1/merchants/${shop.slug}/orders`, 4);
    expect(exact.map((page) => page.length)).toEqual([4, 4, 4, 0]);

    const unpaged = await list(shop.owner, `/api/v1/merchants/${shop.slug}/orders`);
    expect(unpaged.json<{ orders: Order[] }>().orders.map((order) => order.number)).toEqual(
      everyOrder.map((order) => order.number),
    );
  });

  it("gives a customer's own orders, of every shop, page after page", async () => {
    const paged = await pages(customer, '/api/v1/orders', 3);
    const mine = [otherShopOrder, ...everyOrder.filter((order) => order.customer.id === customer.id)];
    expect(mine).toHaveLength(11);
    expect(paged.flat().map((order) => order.number)).toEqual(mine.map((order) => order.number));
  });

  it('goes on from an order that left the filtered list meanwhile', async () => {
    const first = await list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?status=open&limit=3`);
    const firstPage = first.json<{ orders: Order[] }>().orders;
    const last = firstPage.at(-1)!;
    const dispatched = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/merchants/${shop.slug}/orders/${last.id}/dispatch`,
      headers: { cookie: shop.owner.cookie },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);

    const next = await list(
      shop.owner,
      `/api/v1/merchants/${shop.slug}/orders?status=open&limit=200&before=${last.id}`,
    );
    expect(next.statusCode).toBe(200);
    expect(next.json<{ orders: Order[] }>().orders.map((order) => order.number)).toEqual(
      everyOrder.slice(3).map((order) => order.number),
    );
    const closed = await pages(shop.owner, `/api/v1/merchants/${shop.slug}/orders?status=closed`, 1);
    expect(closed.flat().map((order) => order.id)).toEqual([last.id]);
  });

  it('refuses a page that starts nowhere, or at an order of another list, and limits out of bounds', async () => {
    const refusals = await Promise.all([
      list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?before=${randomUUID()}`),
      list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?before=${otherShopOrder.id}`),
      list(otherCustomer, `/api/v1/orders?before=${otherShopOrder.id}`),
      list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?before=not-an-id`),
      list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?limit=0`),
      list(shop.owner, `/api/v1/merchants/${shop.slug}/orders?limit=201`),
      list(customer, '/api/v1/orders?limit=many'),
      list(otherShop.owner, `/api/v1/merchants/${shop.slug}/orders?before=${everyOrder[0]!.id}`),
    ]);
    expect(refusals.map((response) => response.statusCode)).toEqual([404, 404, 404, 400, 400, 400, 400, 403]);
    expect(refusals[1].json().message).toMatch(otherShopOrder.id);
    expect(refusals[3].json().message).toMatch(/before/);
    expect(refusals[5].json().message).toMatch(/limit/);
  });
});
