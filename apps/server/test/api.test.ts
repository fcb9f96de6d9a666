import { randomUUID } from 'node:crypto';
import { productListSchema, productSchema, type Order } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ROUTE_MESSAGE } from '../src/http/errors';
import { hashToken } from '../src/modules/auth/tokens';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
  closeCheckingStock,
} from './helper';

describe.each(engines())('the API on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { stock: 10 });
    otherShop = await createShop(testApp, { stock: 10 });
    customer = await signUpUser(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: { as?: SignedInUser; payload?: object | string; headers?: Record<string, string> } = {},
  ) =>
    testApp.app.inject({
      method,
      url: `/api/v1${url}`,
      payload: options.payload,
      headers: { ...(options.as ? { cookie: options.as.cookie } : {}), ...options.headers },
    });

  const stockOf = async (fixture: ShopFixture, productId: string) => {
    const response = await inject('GET', `/merchants/${fixture.slug}/products`);
    return response
      .json<{ products: { id: string; stock: number }[] }>()
      .products.find((p) => p.id === productId)!.stock;
  };
  const order = (items: { productId: string; quantity: number }[], merchantSlug = shop.slug) =>
    inject('POST', '/orders', { as: customer, payload: { merchantSlug, items } });

  describe('accounts', () => {
    it('signs up, signs in, tells who is signed in, and signs out', async () => {
      const email = `dana-${randomUUID()}@example.com`;
      const signUp = await inject('POST', '/auth/sign-up', {
        payload: { email, name: 'Dana', password: 'long enough pw' },
      });
      expect(signUp.statusCode).toBe(201);
      const signIn = await inject('POST', '/auth/sign-in', {
        payload: { email: email.toUpperCase(), password: 'long enough pw' },
      });
      expect(signIn.statusCode).toBe(200);
      const cookie = signIn.cookies.find((c) => c.name === 'myb_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      const as = { id: '', email, cookie: `myb_session=${cookie.value}` };
      expect((await inject('GET', '/auth/session', { as })).json().user.email).toBe(email);
      expect((await inject('POST', '/auth/sign-out', { as })).statusCode).toBe(204);
      expect((await inject('GET', '/auth/session', { as })).statusCode).toBe(401);
    });

    it('refuses a wrong password, a duplicate e-mail and a short password with a message', async () => {
      const wrong = await inject('POST', '/auth/sign-in', {
        payload: { email: customer.email, password: 'nope nope' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().message).toBe('wrong e-mail or password');
      const duplicate = await inject('POST', '/auth/sign-up', {
        payload: { email: customer.email, name: 'Again', password: 'long enough pw' },
      });
      expect(duplicate.statusCode).toBe(409);
      const short = await inject('POST', '/auth/sign-up', {
        payload: { email: 'x@example.com', name: 'X', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().issues[0].path).toBe('body.password');
    });
  });

  describe('admin', () => {
    it('lets the admin grant and remove the merchant role, and nobody else', async () => {
      const admin = await signUpUser(testApp, { admin: true });
      const user = await signUpUser(testApp);
      expect(
        (await inject('PUT', `/admin/users/${user.id}/roles/merchant`, { as: customer })).statusCode,
      ).toBe(403);
      expect((await inject('GET', '/admin/users')).statusCode).toBe(401);
      const granted = await inject('PUT', `/admin/users/${user.id}/roles/merchant`, { as: admin });
      expect(granted.json().user.roles).toEqual(['customer', 'merchant']);
      expect(
        (await inject('POST', '/merchants', { as: user, payload: { name: 'New shop' } })).statusCode,
      ).toBe(201);
      const removed = await inject('DELETE', `/admin/users/${user.id}/roles/merchant`, { as: admin });
      expect(removed.json().user.roles).toEqual(['customer']);
      expect((await inject('GET', '/admin/users', { as: admin })).json().users.length).toBeGreaterThanOrEqual(
        2,
      );
      expect(
        (await inject('PUT', `/admin/users/${randomUUID()}/roles/merchant`, { as: admin })).statusCode,
      ).toBe(404);
    });

    it('keeps customers from opening shops', async () => {
      const response = await inject('POST', '/merchants', { as: customer, payload: { name: 'Mine' } });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('catalogue', () => {
    it('derives slugs from names and refuses a taken one', async () => {
      const category = await inject('POST', `/merchants/${shop.slug}/categories`, {
        as: shop.owner,
        payload: { name: 'Garden & Outdoor Café' },
      });
      expect(category.statusCode).toBe(201);
      expect(category.json().slug).toBe('garden-outdoor-cafe');
      const again = await inject('POST', `/merchants/${shop.slug}/categories`, {
        as: shop.owner,
        payload: { name: 'Garden, Outdoor, Café!' },
      });
      expect(again.statusCode).toBe(409);
      const badSlug = await inject('POST', `/merchants/${shop.slug}/categories`, {
        as: shop.owner,
        payload: { name: 'X', slug: 'has.dot' },
      });
      expect(badSlug.statusCode).toBe(400);
    });

    it('links products to suppliers and filters by category and search', async () => {
      const category = (
        await inject('POST', `/merchants/${shop.slug}/categories`, {
          as: shop.owner,
          payload: { name: 'Hand tools' },
        })
      ).json<{ id: string; slug: string }>();
      const created = await inject('POST', `/merchants/${shop.slug}/products`, {
        as: shop.owner,
        payload: {
          sku: 'HAM-1',
          name: 'Hammer 50% off',
          priceMinor: 1999,
          stock: 3,
          categoryId: category.id,
          supplierIds: shop.supplierIds,
        },
      });
      expect(created.statusCode).toBe(201);
      expect([...created.json().supplierIds].sort()).toEqual([...shop.supplierIds].sort());
      const byCategory = await inject('GET', `/merchants/${shop.slug}/products?category=${category.slug}`);
      expect(byCategory.json().products.map((p: { sku: string }) => p.sku)).toEqual(['HAM-1']);
      const search = await inject('GET', `/merchants/${shop.slug}/products?q=50%25`);
      expect(search.json().products.map((p: { sku: string }) => p.sku)).toEqual(['HAM-1']);
      const managed = await inject('GET', `/merchants/${shop.slug}/catalogue`, { as: shop.owner });
      expect(managed.json().products).toHaveLength(4);
      // One product's JSON is written by PostgreSQL, not by the route's serializer: the schema is checked here.
      const one = await inject('GET', `/merchants/${shop.slug}/products/${created.json().id}`);
      expect(one.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Object.keys(one.json())).toEqual(Object.keys(productSchema.shape));
      // Barcode, the product's own rate setting and its average cost are the back office's and the register's, not the public's.
      const {
        supplierIds: _backOfficeOnly,
        suppliers: _supplierTerms,
        version: _version,
        archivedAt: _archivedAt,
        barcode: _barcode,
        taxRateId: _taxRateId,
        averageCostMinor: _averageCost,
        ...publicView
      } = created.json();
      // The public sees the rate it sells at instead: none here.
      expect(productSchema.parse(one.json())).toEqual({ ...publicView, taxRate: null });
      expect(one.json()).toMatchObject({ sku: 'HAM-1', priceMinor: 1999, stock: 3, categoryId: category.id });
      const foreign = await inject('GET', `/merchants/${shop.slug}/products/${otherShop.productIds[0]}`);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().message).toMatch(/product/i);
      const noShop = await inject('GET', `/merchants/no-such-shop/products/${created.json().id}`);
      expect(noShop.statusCode).toBe(404);
      expect(noShop.json().message).toMatch(/no-such-shop/);

      // A change names only what it changes: the suppliers, category, description and stock stay.
      const renamed = await inject('PATCH', `/merchants/${shop.slug}/products/${created.json().id}`, {
        as: shop.owner,
        payload: { name: 'Hammer', version: created.json().version },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        name: 'Hammer',
        stock: 3,
        categoryId: category.id,
        description: '',
      });
      expect([...renamed.json().supplierIds].sort()).toEqual([...shop.supplierIds].sort());
    });

    it('lists the products as the contract says, each as its own read shows it, by name then SKU', async () => {
      const response = await inject('GET', `/merchants/${otherShop.slug}/products`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      // The list's JSON is written by PostgreSQL, not by the route's serializer: the schema is checked here.
      const { products } = productListSchema.parse(response.json());
      expect(products.map((p) => p.id).sort()).toEqual([...otherShop.productIds].sort());
      expect(products.map((p) => p.name)).toEqual(['Product 0', 'Product 1', 'Product 2']);
      for (const product of products) {
        expect(Object.keys(product)).toEqual(Object.keys(productSchema.shape));
        expect((await inject('GET', `/merchants/${otherShop.slug}/products/${product.id}`)).json()).toEqual(
          product,
        );
      }
      expect((await inject('GET', `/merchants/${otherShop.slug}/products?q=no such thing`)).json()).toEqual({
        products: [],
      });
      expect((await inject('GET', '/merchants/no-such-shop/products')).statusCode).toBe(404);
      const unknownCategory = await inject(
        'GET',
        `/merchants/${otherShop.slug}/products?category=no-such-category`,
      );
      expect(unknownCategory.statusCode).toBe(404);
      expect(unknownCategory.json().message).toMatch(/no-such-category/);
    });

    it("refuses another shop's supplier, a duplicate SKU and a negative price", async () => {
      const base = { sku: 'NEW-1', name: 'New', priceMinor: 100, stock: 1 };
      const foreignSupplier = await inject('POST', `/merchants/${shop.slug}/products`, {
        as: shop.owner,
        payload: { ...base, supplierIds: [otherShop.supplierIds[0]] },
      });
      expect(foreignSupplier.statusCode).toBe(400);
      expect(foreignSupplier.json().message).toMatch(/Unknown supplier/);
      const duplicate = await inject('POST', `/merchants/${shop.slug}/products`, {
        as: shop.owner,
        payload: { ...base, sku: 'SKU-0' },
      });
      expect(duplicate.statusCode).toBe(409);
      const negative = await inject('POST', `/merchants/${shop.slug}/products`, {
        as: shop.owner,
        payload: { ...base, priceMinor: -1 },
      });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().issues[0].path).toBe('body.priceMinor');
    });

    it("keeps one merchant out of another's back office", async () => {
      const paths: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, object?][] = [
        ['GET', `/merchants/${otherShop.slug}/catalogue`],
        ['GET', `/merchants/${otherShop.slug}/suppliers`],
        ['GET', `/merchants/${otherShop.slug}/orders`],
        ['POST', `/merchants/${otherShop.slug}/products`, { sku: 'X', name: 'X', priceMinor: 1, stock: 1 }],
        [
          'PATCH',
          `/merchants/${otherShop.slug}/products/${otherShop.productIds[0]}`,
          { name: 'Mine', version: 1 },
        ],
        [
          'POST',
          `/merchants/${otherShop.slug}/products/${otherShop.productIds[0]}/stock-adjustments`,
          { change: -10, reason: 'lost' },
        ],
        ['DELETE', `/merchants/${otherShop.slug}/suppliers/${otherShop.supplierIds[0]}`],
      ];
      for (const [method, url, payload] of paths) {
        const response = await inject(method, url, { as: shop.owner, payload });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect((await inject(method, url, { payload })).statusCode, `${method} ${url} anonymous`).toBe(401);
      }
      // Using one's own shop in the path does not reach another shop's product either.
      const crossId = await inject(
        'POST',
        `/merchants/${shop.slug}/products/${otherShop.productIds[0]}/stock-adjustments`,
        {
          as: shop.owner,
          payload: { change: -10, reason: 'lost' },
        },
      );
      expect(crossId.statusCode).toBe(404);
      expect(await stockOf(otherShop, otherShop.productIds[0]!)).toBe(10);
    });
  });

  describe('suppliers', () => {
    it('normalises e-mail addresses and keeps the slug, which is the routing key', async () => {
      const created = await inject('POST', `/merchants/${shop.slug}/suppliers`, {
        as: shop.owner,
        payload: {
          name: 'Nuts & Co',
          emails: ['Orders@Nuts.example', 'orders@nuts.example', 'ops@nuts.example'],
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        slug: 'nuts-co',
        emails: ['orders@nuts.example', 'ops@nuts.example'],
        routingKey: `${shop.slug}.nuts-co`,
        topic: `${shop.slug}/nuts-co`,
      });
      const noEmail = await inject('POST', `/merchants/${shop.slug}/suppliers`, {
        as: shop.owner,
        payload: { name: 'X', emails: [] },
      });
      expect(noEmail.statusCode).toBe(400);
      const badEmail = await inject('POST', `/merchants/${shop.slug}/suppliers`, {
        as: shop.owner,
        payload: { name: 'X', emails: ['not-an-address'] },
      });
      expect(badEmail.statusCode).toBe(400);
      expect(badEmail.json().issues[0].path).toBe('body.emails.0');
    });

    it("lets the supplier's agent read its recipients with its token, and only with the latest", async () => {
      const supplierId = shop.supplierIds[0]!;
      const url = `/merchants/${shop.slug}/suppliers/${supplierId}/agent-token`;
      expect((await inject('POST', url, { as: otherShop.owner })).statusCode).toBe(403);
      const first = await inject('POST', url, { as: shop.owner });
      expect(first.statusCode).toBe(201);
      const { token, recipientsUrl } = first.json<{ token: string; recipientsUrl: string }>();
      expect(recipientsUrl).toMatch(/\/api\/v1\/agent\/recipients$/);
      const read = await inject('GET', '/agent/recipients', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(read.json()).toEqual({
        merchant: shop.slug,
        supplier: 'supplier-0',
        emails: ['a0@supplier0.example', 'b0@supplier0.example'],
      });
      expect((await inject('GET', '/agent/recipients')).statusCode).toBe(401);
      const second = (await inject('POST', url, { as: shop.owner })).json<{ token: string }>();
      expect(
        (await inject('GET', '/agent/recipients', { headers: { authorization: `Bearer ${token}` } }))
          .statusCode,
      ).toBe(401);
      expect(
        (await inject('GET', '/agent/recipients', { headers: { authorization: `Bearer ${second.token}` } }))
          .statusCode,
      ).toBe(200);
    });
  });

  describe('orders', () => {
    it('takes stock for every line of an order and totals it', async () => {
      const [a, b] = shop.productIds as [string, string];
      const response = await order([
        { productId: a, quantity: 2 },
        { productId: b, quantity: 1 },
        { productId: a, quantity: 1 },
      ]);
      expect(response.statusCode).toBe(201);
      const placed = response.json<Order>();
      expect(placed.status).toBe('open');
      expect(placed.number).toMatch(/^S-\d+$/);
      expect(placed.totalMinor).toBe(3 * 100 + 200);
      expect(placed.items.find((item) => item.productId === a)?.quantity).toBe(3);
      expect(await stockOf(shop, a)).toBe(7);
      expect(await stockOf(shop, b)).toBe(9);
      const mine = await inject('GET', '/orders', { as: customer });
      expect(mine.json().orders.map((o: Order) => o.id)).toContain(placed.id);
      // The reply to the order is the order as it reads back.
      expect((await inject('GET', `/orders/${placed.id}`, { as: customer })).json()).toEqual(placed);
    });

    it('refuses an order it cannot fill, says why, and changes nothing', async () => {
      const [a, b] = shop.productIds as [string, string];
      const before = [await stockOf(shop, a), await stockOf(shop, b)];
      const response = await order([
        { productId: a, quantity: 1 },
        { productId: b, quantity: 1000 },
      ]);
      expect(response.statusCode).toBe(409);
      expect(response.json().message).toMatch(/not enough Product 1 in stock: asked for 1000, \d+ left/);
      expect([await stockOf(shop, a), await stockOf(shop, b)]).toEqual(before);
    });

    it.each([
      ['a negative quantity', { items: [{ quantity: -1 }] }],
      ['a zero quantity', { items: [{ quantity: 0 }] }],
      ['a huge quantity', { items: [{ quantity: 1e12 }] }],
      ['a fractional quantity', { items: [{ quantity: 1.5 }] }],
      ['a quantity as text', { items: [{ quantity: '2' }] }],
      ['an empty cart', { items: [] }],
      ['a malformed product id', { items: [{ productId: 'not-a-uuid', quantity: 1 }] }],
    ])('refuses %s with a 400 and a message', async (_, change) => {
      const items = change.items.map((item) => ({ productId: shop.productIds[0], ...item }));
      const response = await inject('POST', '/orders', {
        as: customer,
        payload: { merchantSlug: shop.slug, items },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().issues[0].path).toMatch(/^body\.items/);
      expect(response.json().message).toMatch(/^(Quantity|Product|The cart) .*\.$/);
    });

    it("refuses unknown products and another shop's products", async () => {
      const unknown = await order([{ productId: randomUUID(), quantity: 1 }]);
      expect(unknown.statusCode).toBe(404);
      const foreign = await order([{ productId: otherShop.productIds[0]!, quantity: 1 }]);
      expect(foreign.statusCode).toBe(404);
      expect(await stockOf(otherShop, otherShop.productIds[0]!)).toBe(10);
      const noShop = await order([{ productId: shop.productIds[0]!, quantity: 1 }], 'no-such-shop');
      expect(noShop.statusCode).toBe(404);
    });

    it('refuses malformed JSON, a wrong content type and an oversized body', async () => {
      const malformed = await inject('POST', '/orders', {
        as: customer,
        payload: '{"merchantSlug": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().message).toMatch(/JSON/i);
      const text = await inject('POST', '/orders', {
        as: customer,
        payload: 'hello',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.statusCode).toBe(415);
      const huge = await inject('POST', '/orders', {
        as: customer,
        payload: JSON.stringify({ merchantSlug: shop.slug, items: [], padding: 'x'.repeat(300 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(huge.statusCode).toBe(413);
    });

    it('asks anonymous customers to sign in', async () => {
      const response = await inject('POST', '/orders', {
        payload: { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] },
      });
      expect(response.statusCode).toBe(401);
    });

    it('shows customers only their own orders', async () => {
      const placed = (await order([{ productId: shop.productIds[2]!, quantity: 1 }])).json<Order>();
      const stranger = await signUpUser(testApp);
      expect((await inject('GET', `/orders/${placed.id}`, { as: stranger })).statusCode).toBe(404);
      expect((await inject('GET', '/orders', { as: stranger })).json().orders).toEqual([]);
      expect((await inject('GET', `/orders/${placed.id}`, { as: customer })).statusCode).toBe(200);
    });
  });

  describe('dispatch', () => {
    it('checks the session in its own read: an ended, expired or disabled one, or an unknown shop or order, dispatches nothing', async () => {
      const placed = (await order([{ productId: shop.productIds[0]!, quantity: 1 }])).json<Order>();
      const dispatch = (as: SignedInUser, slug = shop.slug, orderId = placed.id) =>
        inject('POST', `/merchants/${slug}/orders/${orderId}/dispatch`, { as });
      const signIn = async (who: SignedInUser): Promise<SignedInUser> => {
        const response = await inject('POST', '/auth/sign-in', {
          payload: { email: who.email, password: 'correct horse battery' },
        });
        return {
          ...who,
          cookie: `myb_session=${response.cookies.find((c) => c.name === 'myb_session')!.value}`,
        };
      };

      const ended = await signIn(shop.owner);
      expect((await inject('POST', '/auth/sign-out', { as: ended })).statusCode).toBe(204);
      expect((await dispatch(ended)).statusCode).toBe(401);

      const expired = await signIn(shop.owner);
      await testApp.database.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('user_id', '=', shop.owner.id)
        .where('token_hash', '=', hashToken(expired.cookie.split('=')[1]!))
        .execute();
      expect((await dispatch(expired)).statusCode).toBe(401);

      const cashier = await signUpUser(testApp);
      const hired = await inject('POST', `/merchants/${shop.slug}/staff`, {
        as: shop.owner,
        payload: { email: cashier.email, role: 'cashier' },
      });
      expect(hired.statusCode).toBe(200);
      await testApp.database.db
        .updateTable('users')
        .set({ disabled_at: new Date() })
        .where('id', '=', cashier.id)
        .execute();
      expect((await dispatch(cashier)).statusCode).toBe(401);

      const unknownShop = await dispatch(shop.owner, 'no-such-shop');
      expect(unknownShop.statusCode).toBe(404);
      expect(unknownShop.json().message).toMatch(/no-such-shop/);
      expect((await dispatch(shop.owner, shop.slug, randomUUID())).statusCode).toBe(404);
      expect(
        (await inject('GET', `/merchants/${shop.slug}/orders/${placed.id}`, { as: shop.owner })).json<Order>()
          .status,
      ).toBe('open');
    });

    it('closes the order and writes one outbox event per supplier concerned, once', async () => {
      const placed = (
        await order([
          { productId: shop.productIds[0]!, quantity: 2 },
          { productId: shop.productIds[1]!, quantity: 1 },
        ])
      ).json<Order>();
      expect(
        (
          await inject('POST', `/merchants/${otherShop.slug}/orders/${placed.id}/dispatch`, {
            as: otherShop.owner,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await inject('POST', `/merchants/${shop.slug}/orders/${placed.id}/dispatch`, { as: customer }))
          .statusCode,
      ).toBe(403);

      const response = await inject('POST', `/merchants/${shop.slug}/orders/${placed.id}/dispatch`, {
        as: shop.owner,
      });
      expect(response.statusCode).toBe(200);
      const dispatched = response.json<Order>();
      expect(dispatched.status).toBe('closed');
      expect(dispatched.dispatchedAt).not.toBeNull();
      expect(dispatched.deliveries.map((d) => d.routingKey).sort()).toEqual([
        `${shop.slug}.supplier-0`,
        `${shop.slug}.supplier-1`,
      ]);
      expect(dispatched.deliveries.every((d) => d.status === 'pending')).toBe(true);
      // The reply is built from what the dispatch wrote, without reading it back: a read finds the same.
      const read = await inject('GET', `/merchants/${shop.slug}/orders/${placed.id}`, { as: shop.owner });
      expect(read.json<Order>()).toEqual(dispatched);

      const events = await testApp.database.db
        .selectFrom('outbox_events')
        .select(['routing_key', 'topic', 'payload'])
        .where('subject_id', '=', placed.id)
        .orderBy('routing_key')
        .execute();
      expect(events.map((e) => e.topic)).toEqual([`${shop.slug}/supplier-0`, `${shop.slug}/supplier-1`]);
      expect(events[0]!.payload).toMatchObject({
        type: 'order.dispatched',
        version: 1,
        merchant: { slug: shop.slug },
        supplier: { slug: 'supplier-0' },
        order: { id: placed.id, number: placed.number },
        items: [{ sku: 'SKU-0', product: 'Product 0', quantity: 2 }],
      });

      const again = await inject('POST', `/merchants/${shop.slug}/orders/${placed.id}/dispatch`, {
        as: shop.owner,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toMatch(/already dispatched/);
      const count = await testApp.database.db
        .selectFrom('outbox_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject_id', '=', placed.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2);
    });

    it('lists the open and closed orders of the shop', async () => {
      const open = await inject('GET', `/merchants/${shop.slug}/orders?status=open`, { as: shop.owner });
      const closed = await inject('GET', `/merchants/${shop.slug}/orders?status=closed`, { as: shop.owner });
      expect(open.json().orders.every((o: Order) => o.status === 'open')).toBe(true);
      expect(closed.json().orders.length).toBeGreaterThanOrEqual(1);
      expect(
        (await inject('GET', `/merchants/${shop.slug}/orders?status=lost`, { as: shop.owner })).statusCode,
      ).toBe(400);
    });
  });

  it('serves its OpenAPI document', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain(
      '/api/v1/merchants/{merchantSlug}/orders/{orderId}/dispatch',
    );
  });

  it('answers unknown routes with a 404 and a message', async () => {
    const response = await inject('GET', '/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe(NO_ROUTE_MESSAGE);
  });
});
