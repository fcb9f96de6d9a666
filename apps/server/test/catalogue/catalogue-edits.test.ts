import { randomUUID } from 'node:crypto';
import type { ManagedProduct, Supplier } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
  closeCheckingStock,
} from '../helper';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function client(testApp: TestApp) {
  const inject = (method: Method, url: string, as?: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { cookie: as.cookie } : {} });
  return {
    inject,
    /** The product as the back office lists it (what a form is opened with). */
    managed: async (shop: ShopFixture, productId: string) =>
      (await inject('GET', `/merchants/${shop.slug}/catalogue`, shop.owner))
        .json<{ products: ManagedProduct[] }>()
        .products.find((product) => product.id === productId)!,
    order: (shop: ShopFixture, as: SignedInUser, productId: string, quantity: number) =>
      inject('POST', '/orders', as, { merchantSlug: shop.slug, items: [{ productId, quantity }] }),
    adjust: (shop: ShopFixture, productId: string, body: object) =>
      inject('POST', `/merchants/${shop.slug}/products/${productId}/stock-adjustments`, shop.owner, body),
    newProduct: async (shop: ShopFixture, fields: Partial<{ stock: number; supplierIds: string[] }> = {}) =>
      (
        await inject('POST', `/merchants/${shop.slug}/products`, shop.owner, {
          sku: `P-${randomUUID().slice(0, 8)}`,
          name: 'Bolts 10mm',
          priceMinor: 250,
          stock: 37,
          supplierIds: [shop.supplierIds[0]],
          ...fields,
        })
      ).json<ManagedProduct>(),
  };
}

describe.each(engines())('editing products, adjusting stock and archiving on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { suppliers: 3 });
    otherShop = await createShop(testApp);
    customer = await signUpUser(testApp);
    api = client(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  describe('a product form never writes back what happened meanwhile', () => {
    it('keeps a sale made while the form was open: the form sends no stock, and a stale version is refused with the current product', async () => {
      const created = await api.newProduct(shop, { stock: 37 });
      // Two people open the form: both see stock 37, version 1.
      const opened = await api.managed(shop, created.id);
      expect(opened).toMatchObject({ stock: 37, version: 1 });
      // A customer orders 5 meanwhile; taking stock is not an edit of the form, so the version stays.
      expect((await api.order(shop, customer, created.id, 5)).statusCode).toBe(201);
      expect(await api.managed(shop, created.id)).toMatchObject({ stock: 32, version: 1 });

      // The old form sent the stock it was opened with: that is refused, and points to the adjustment route.
      const withStock = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${created.id}`,
        shop.owner,
        {
          priceMinor: 300,
          stock: opened.stock,
          version: opened.version,
        },
      );
      expect(withStock.statusCode).toBe(400);
      expect(withStock.json().message).toMatch(/stock-adjustments/);
      expect((await api.managed(shop, created.id)).stock).toBe(32);

      // Changing only the price, against the version the form was opened with: the sale stays.
      const repriced = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${created.id}`,
        shop.owner,
        {
          priceMinor: 300,
          version: opened.version,
        },
      );
      expect(repriced.statusCode).toBe(200);
      expect(repriced.json()).toMatchObject({ priceMinor: 300, stock: 32, version: 2 });

      // The second form, opened on version 1, saves a price of its own: refused, with both values.
      const stale = await api.inject('PATCH', `/merchants/${shop.slug}/products/${created.id}`, shop.owner, {
        priceMinor: 275,
        version: opened.version,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({
        statusCode: 409,
        issues: [{ path: 'body.version' }],
        current: { id: created.id, priceMinor: 300, stock: 32, version: 2 },
      });
      expect(stale.json().message).toMatch(/^Bolts 10mm was changed by someone else .*reload/);
      expect(await api.managed(shop, created.id)).toMatchObject({ priceMinor: 300, stock: 32, version: 2 });
    });

    it('takes any subset of its fields, suppliers alone included, and changes nothing it was not sent', async () => {
      const created = await api.newProduct(shop, { supplierIds: [shop.supplierIds[0]!] });
      const category = (
        await api.inject('POST', `/merchants/${shop.slug}/categories`, shop.owner, {
          name: `Fixings ${randomUUID().slice(0, 6)}`,
        })
      ).json<{ id: string }>();
      const changes: [string, object][] = [
        ['suppliers only', { supplierIds: [shop.supplierIds[1], shop.supplierIds[2]] }],
        ['name only', { name: 'Bolts 12mm' }],
        ['price only', { priceMinor: 99 }],
        ['description only', { description: 'Zinc plated' }],
        ['category only', { categoryId: category.id }],
        ['SKU only', { sku: `Q-${randomUUID().slice(0, 8)}` }],
        ['no suppliers', { supplierIds: [] }],
      ];
      let expected: ManagedProduct = await api.managed(shop, created.id);
      for (const [label, change] of changes) {
        const response = await api.inject(
          'PATCH',
          `/merchants/${shop.slug}/products/${created.id}`,
          shop.owner,
          {
            ...change,
            version: expected.version,
          },
        );
        expect(response.statusCode, `${label}: ${response.body}`).toBe(200);
        expected = { ...expected, ...change, version: expected.version + 1 };
        const saved = response.json<ManagedProduct>();
        // Its suppliers' terms follow the list of suppliers: supplier-terms.test.ts checks them.
        expect({ ...saved, supplierIds: [...saved.supplierIds].sort(), suppliers: undefined }, label).toEqual({
          ...expected,
          supplierIds: [...expected.supplierIds].sort(),
          suppliers: undefined,
        });
      }
      const taken = await api.inject('PATCH', `/merchants/${shop.slug}/products/${created.id}`, shop.owner, {
        sku: 'SKU-0',
        version: expected.version,
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ issues: [{ path: 'body.sku' }] });
      expect(taken.json()).not.toHaveProperty('current');
      const nothing = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${created.id}`,
        shop.owner,
        { version: expected.version },
      );
      expect(nothing.statusCode).toBe(400);
      expect(nothing.json().message).toMatch(/Nothing to change/);
      const noVersion = await api.inject(
        'PATCH',
        `/merchants/${shop.slug}/products/${created.id}`,
        shop.owner,
        { name: 'X' },
      );
      expect(noVersion.statusCode).toBe(400);
      expect(noVersion.json().issues[0]).toMatchObject({ path: 'body.version' });
    });
  });

  describe('stock adjustments', () => {
    it('add to or take from the stock as it is, with a reason, and never below zero', async () => {
      const created = await api.newProduct(shop, { stock: 10 });
      const received = await api.adjust(shop, created.id, { change: 10, reason: 'received' });
      expect(received.statusCode).toBe(201);
      expect(received.json()).toMatchObject({
        adjustment: { change: 10, reason: 'received', note: null, stockAfter: 20 },
        product: { id: created.id, stock: 20, version: 1 },
      });
      expect((await api.order(shop, customer, created.id, 3)).statusCode).toBe(201);
      const damaged = await api.adjust(shop, created.id, { change: -2, reason: 'damaged' });
      expect(damaged.json().adjustment.stockAfter).toBe(15);
      const counted = await api.adjust(shop, created.id, {
        change: -4,
        reason: 'correction',
        note: 'Counted 11 on the shelf',
      });
      expect(counted.json()).toMatchObject({
        adjustment: { note: 'Counted 11 on the shelf', stockAfter: 11 },
      });

      const tooMany = await api.adjust(shop, created.id, { change: -12, reason: 'lost' });
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().message).toBe('Only 11 in stock: Bolts 10mm cannot lose 12.');
      expect(tooMany.json().issues).toEqual([{ path: 'body.change', message: 'Only 11 in stock.' }]);

      const refusals: [object, string, RegExp][] = [
        [{ change: 0, reason: 'correction' }, 'body.change', /other than 0/],
        [{ change: 2.5, reason: 'received' }, 'body.change', /Whole numbers only/],
        [{ change: -2, reason: 'received' }, 'body.change', /positive/],
        [{ change: 2, reason: 'damaged' }, 'body.change', /negative/],
        [{ change: 1, reason: 'other' }, 'body.note', /Say what happened/],
        [{ change: 1, reason: 'stolen' }, 'body.reason', /Choose a reason/],
      ];
      for (const [body, path, message] of refusals) {
        const response = await api.adjust(shop, created.id, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().issues[0], JSON.stringify(body)).toMatchObject({
          path,
          message: expect.stringMatching(message),
        });
      }
      // The version is the form's: stock changes leave it, so an open form still saves.
      expect(await api.managed(shop, created.id)).toMatchObject({ stock: 11, version: 1 });
    });
  });

  describe('archiving', () => {
    it('takes a product off sale and out of orders, keeps it in the back office and its orders, and restores it', async () => {
      const created = await api.newProduct(shop, { stock: 10 });
      const placed = await api.order(shop, customer, created.id, 1);
      expect(placed.statusCode).toBe(201);
      const deleted = await api.inject(
        'DELETE',
        `/merchants/${shop.slug}/products/${created.id}`,
        shop.owner,
      );
      expect(deleted.statusCode).toBe(409);
      expect(deleted.json().message).toBe(
        'This product has been ordered: archive it instead, so its orders keep it.',
      );

      const archived = await api.inject(
        'PUT',
        `/merchants/${shop.slug}/products/${created.id}/archived`,
        shop.owner,
      );
      expect(archived.statusCode).toBe(200);
      expect(archived.json().archivedAt).toEqual(expect.any(String));
      const row = await testApp.database.db
        .selectFrom('products')
        .select(['archived_by'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.archived_by).toBe(shop.owner.id);
      // Archiving again keeps the first time.
      const again = await api.inject(
        'PUT',
        `/merchants/${shop.slug}/products/${created.id}/archived`,
        shop.owner,
      );
      expect(again.json().archivedAt).toBe(archived.json().archivedAt);

      const publicList = (await api.inject('GET', `/merchants/${shop.slug}/products`)).json<{
        products: { id: string }[];
      }>();
      expect(publicList.products.map((product) => product.id)).not.toContain(created.id);
      expect((await api.inject('GET', `/merchants/${shop.slug}/products/${created.id}`)).statusCode).toBe(
        404,
      );
      const refused = await api.order(shop, customer, created.id, 1);
      expect(refused.statusCode).toBe(404);
      expect(refused.json().message).toContain(created.id);
      expect(await api.managed(shop, created.id)).toMatchObject({
        archivedAt: archived.json().archivedAt,
        stock: 9,
      });
      // Read alone, as its stock history's page reads it, it is the same.
      const alone = await api.inject('GET', `/merchants/${shop.slug}/catalogue/${created.id}`, shop.owner);
      expect(alone.statusCode, alone.body).toBe(200);
      expect(alone.json()).toEqual(await api.managed(shop, created.id));
      const order = await api.inject('GET', `/orders/${placed.json().id}`, customer);
      expect(order.json().items).toEqual([
        expect.objectContaining({ productId: created.id, name: 'Bolts 10mm' }),
      ]);

      const restored = await api.inject(
        'DELETE',
        `/merchants/${shop.slug}/products/${created.id}/archived`,
        shop.owner,
      );
      expect(restored.json()).toMatchObject({ archivedAt: null });
      expect((await api.order(shop, customer, created.id, 1)).statusCode).toBe(201);

      // A product that never had stock nor an order can still be deleted (one with stock: stock/ledger.test.ts).
      const unused = await api.newProduct(shop, { stock: 0 });
      expect(
        (await api.inject('DELETE', `/merchants/${shop.slug}/products/${unused.id}`, shop.owner)).statusCode,
      ).toBe(204);
    });

    it('keeps a supplier that was sent orders: archived, it leaves the choices, stays on its products, and is still told', async () => {
      const supplier = (
        await api.inject('POST', `/merchants/${shop.slug}/suppliers`, shop.owner, {
          name: 'Rivets Ltd',
          emails: ['orders@rivets.example'],
        })
      ).json<Supplier>();
      expect(supplier.archivedAt).toBeNull();
      const product = await api.newProduct(shop, { supplierIds: [supplier.id] });
      const placed = (await api.order(shop, customer, product.id, 1)).json<{ id: string }>();
      expect(
        (await api.inject('POST', `/merchants/${shop.slug}/orders/${placed.id}/dispatch`, shop.owner))
          .statusCode,
      ).toBe(200);

      const deleted = await api.inject(
        'DELETE',
        `/merchants/${shop.slug}/suppliers/${supplier.id}`,
        shop.owner,
      );
      expect(deleted.statusCode).toBe(409);
      expect(deleted.json().message).toBe(
        'This supplier has been sent orders: archive it instead, so its history is kept.',
      );
      const archived = await api.inject(
        'PUT',
        `/merchants/${shop.slug}/suppliers/${supplier.id}/archived`,
        shop.owner,
      );
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ id: supplier.id, archivedAt: expect.any(String) });
      const listed = (await api.inject('GET', `/merchants/${shop.slug}/suppliers`, shop.owner)).json<{
        suppliers: Supplier[];
      }>();
      expect(listed.suppliers.find((s) => s.id === supplier.id)?.archivedAt).toBe(archived.json().archivedAt);

      // Not chosen anew: neither for a new product nor added to another one.
      const chosen = await api.inject('POST', `/merchants/${shop.slug}/products`, shop.owner, {
        sku: `R-${randomUUID().slice(0, 8)}`,
        name: 'Rivets',
        priceMinor: 10,
        stock: 1,
        supplierIds: [supplier.id],
      });
      expect(chosen.statusCode).toBe(400);
      expect(chosen.json().message).toBe(
        'Rivets Ltd is archived: restore it under Suppliers to choose it again.',
      );
      const other = await api.newProduct(shop);
      const added = await api.inject('PATCH', `/merchants/${shop.slug}/products/${other.id}`, shop.owner, {
        supplierIds: [shop.supplierIds[0], supplier.id],
        version: other.version,
      });
      expect(added.statusCode).toBe(400);
      // The product that has it keeps it through an edit, and its next dispatch still reaches it.
      const kept = await api.inject('PATCH', `/merchants/${shop.slug}/products/${product.id}`, shop.owner, {
        name: 'Bolts 10mm, box of 100',
        supplierIds: [supplier.id],
        version: product.version,
      });
      expect(kept.statusCode).toBe(200);
      const second = (await api.order(shop, customer, product.id, 1)).json<{ id: string }>();
      const dispatched = await api.inject(
        'POST',
        `/merchants/${shop.slug}/orders/${second.id}/dispatch`,
        shop.owner,
      );
      expect(dispatched.json().deliveries.map((d: { supplier: { id: string } }) => d.supplier.id)).toEqual([
        supplier.id,
      ]);

      const restored = await api.inject(
        'DELETE',
        `/merchants/${shop.slug}/suppliers/${supplier.id}/archived`,
        shop.owner,
      );
      expect(restored.json().archivedAt).toBeNull();
      const addedNow = await api.inject('PATCH', `/merchants/${shop.slug}/products/${other.id}`, shop.owner, {
        supplierIds: [shop.supplierIds[0], supplier.id],
        version: other.version,
      });
      expect(addedNow.statusCode).toBe(200);

      const unused = (
        await api.inject('POST', `/merchants/${shop.slug}/suppliers`, shop.owner, {
          name: 'Never used',
          emails: ['n@never.example'],
        })
      ).json<Supplier>();
      expect(
        (await api.inject('DELETE', `/merchants/${shop.slug}/suppliers/${unused.id}`, shop.owner)).statusCode,
      ).toBe(204);
    });

    it('finds its products by name or SKU, archived ones too, the first ones by name up to a limit', async () => {
      const word = `Widget${randomUUID().slice(0, 6)}`;
      const made: ManagedProduct[] = [];
      for (const name of [`${word} C`, `${word} A`, `${word} B`]) {
        made.push(
          (
            await api.inject('POST', `/merchants/${shop.slug}/products`, shop.owner, {
              sku: `W-${randomUUID().slice(0, 8)}`,
              name,
              priceMinor: 100,
              stock: 1,
            })
          ).json<ManagedProduct>(),
        );
      }
      const [c, a, b] = made as [ManagedProduct, ManagedProduct, ManagedProduct];
      expect(
        (await api.inject('PUT', `/merchants/${shop.slug}/products/${a.id}/archived`, shop.owner)).statusCode,
      ).toBe(200);
      const search = async (query: string) => {
        const response = await api.inject('GET', `/merchants/${shop.slug}/catalogue?${query}`, shop.owner);
        expect(response.statusCode, response.body).toBe(200);
        return response.json<{ products: ManagedProduct[] }>().products.map((product) => product.name);
      };
      expect(await search(`q=${word.toLowerCase()}`)).toEqual([a.name, b.name, c.name]);
      expect(await search(`q=${word}&limit=2`)).toEqual([a.name, b.name]);
      expect(await search(`q=${c.sku}`)).toEqual([c.name]);
      expect((await search('')).length).toBeGreaterThan(3);
      const tooMany = await api.inject('GET', `/merchants/${shop.slug}/catalogue?limit=0`, shop.owner);
      expect(tooMany.statusCode).toBe(400);
    });

    it("answers for another shop's supplier, product or category exactly as for one that does not exist", async () => {
      // Shop B's supplier has been sent an order: a check run before finding it would say so.
      const placed = (await api.order(otherShop, customer, otherShop.productIds[0]!, 1)).json<{
        id: string;
      }>();
      await api.inject('POST', `/merchants/${otherShop.slug}/orders/${placed.id}/dispatch`, otherShop.owner);
      const tries: [Method, (id: string) => string, object?][] = [
        ['GET', (id) => `/merchants/${shop.slug}/catalogue/${id}`],
        ['DELETE', (id) => `/merchants/${shop.slug}/suppliers/${id}`],
        ['PUT', (id) => `/merchants/${shop.slug}/suppliers/${id}/archived`],
        ['DELETE', (id) => `/merchants/${shop.slug}/products/${id}`],
        [
          'PATCH',
          (id) => `/merchants/${shop.slug}/products/${id}`,
          { name: 'Mine', categoryId: randomUUID(), version: 1 },
        ],
        [
          'POST',
          (id) => `/merchants/${shop.slug}/products/${id}/stock-adjustments`,
          { change: -1000, reason: 'lost' },
        ],
      ];
      for (const [method, url, payload] of tries) {
        const foreignId = url('x').includes('/suppliers/')
          ? otherShop.supplierIds[0]!
          : otherShop.productIds[0]!;
        const foreign = await api.inject(method, url(foreignId), shop.owner, payload);
        const missing = await api.inject(method, url(randomUUID()), shop.owner, payload);
        expect(foreign.statusCode, `${method} ${url(':id')}`).toBe(404);
        expect(foreign.json(), `${method} ${url(':id')}`).toEqual(missing.json());
      }
    });
  });
});

// Locking is proven on PostgreSQL; on PGlite (one connection) the same mix checks the arithmetic
// and the refusals when the statements interleave request by request.
describe.each(engines())('stock adjustments, edits and orders at once on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let customers: SignedInUser[];
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { suppliers: 1, products: 1 });
    customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
    api = client(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('ends at the initial stock plus every change made minus every unit sold, never below zero, and keeps every edit', async () => {
    const product = await api.newProduct(shop, { stock: 20 });
    const changes = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0 ? { change: 4, reason: 'received' } : { change: -3, reason: 'damaged' },
    );
    const orders = Array.from({ length: 60 }, (_, i) => 1 + (i % 2));
    // Price edits at the same moment, each from a form opened on version 1: exactly one saves.
    const edits = Array.from({ length: 10 }, (_, i) => ({ priceMinor: 1000 + i, version: 1 }));
    const work = [
      ...changes.map((body) =>
        api.adjust(shop, product.id, body).then((response) => ({ kind: 'adjust' as const, body, response })),
      ),
      ...orders.map((quantity, i) =>
        api
          .order(shop, customers[i % customers.length]!, product.id, quantity)
          .then((response) => ({ kind: 'order' as const, quantity, response })),
      ),
      ...edits.map((body) =>
        api
          .inject('PATCH', `/merchants/${shop.slug}/products/${product.id}`, shop.owner, body)
          .then((response) => ({ kind: 'edit' as const, body, response })),
      ),
    ];
    const results = await Promise.all(work);
    let expected = 20;
    const statuses: Record<string, number> = {};
    for (const result of results) {
      const code = result.response.statusCode;
      statuses[`${result.kind} ${code}`] = (statuses[`${result.kind} ${code}`] ?? 0) + 1;
      expect([200, 201, 409], result.response.body).toContain(code);
      if (result.kind === 'adjust' && code === 201) {
        expected += result.body.change;
        expect(result.response.json().adjustment.stockAfter).toBeGreaterThanOrEqual(0);
      }
      if (result.kind === 'order' && code === 201) {
        expected -= result.quantity;
      }
    }
    expect(statuses['edit 200']).toBe(1);
    expect(statuses['edit 409']).toBe(9);
    // Both sides were refused at some point and accepted at others: the race was real.
    expect(statuses['adjust 201']).toBeGreaterThan(0);
    expect(statuses['order 201']).toBeGreaterThan(0);
    const final = await api.managed(shop, product.id);
    expect(final.stock).toBe(expected);
    expect(final.stock).toBeGreaterThanOrEqual(0);
    expect(final.version).toBe(2);
    const saved = results.find((result) => result.kind === 'edit' && result.response.statusCode === 200)!;
    expect(final.priceMinor).toBe((saved as { body: { priceMinor: number } }).body.priceMinor);
    const sold = await testApp.database.db
      .selectFrom('order_items')
      .select((eb) => eb.fn.sum<number>('quantity').as('sold'))
      .where('product_id', '=', product.id)
      .executeTakeFirstOrThrow();
    const acceptedChanges = results
      .filter((r) => r.kind === 'adjust' && r.response.statusCode === 201)
      .reduce((sum, r) => sum + (r as { body: { change: number } }).body.change, 0);
    expect(final.stock).toBe(20 + acceptedChanges - Number(sold.sold));
  });
});
