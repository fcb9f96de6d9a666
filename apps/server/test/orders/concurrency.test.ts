import { hasServices } from '@myb/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createShop, signUpUser, type ShopFixture, type SignedInUser, type TestApp, closeCheckingStock, postStockChange, setStock } from '../helper';

// PGlite has a single connection and proves nothing about locking: this runs on PostgreSQL only.
describe.skipIf(!hasServices('stock under concurrency', 'postgres'))('stock under concurrency on PostgreSQL', () => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let customers: SignedInUser[];

  beforeAll(async () => {
    testApp = await buildTestApp('postgres');
    shop = await createShop(testApp, { suppliers: 1, products: 2, stock: 10 });
    customers = await Promise.all(Array.from({ length: 4 }, () => signUpUser(testApp)));
  });
  afterAll(() => closeCheckingStock(testApp));

  const stock = async () =>
    (
      await testApp.database.db.selectFrom('products').select(['id', 'stock']).where('id', 'in', shop.productIds).execute()
    ).reduce<Record<string, number>>((all, row) => ({ ...all, [row.id]: row.stock }), {});

  it('sells exactly 10 of 10 when 200 single-unit orders race', async () => {
    const [productId] = shop.productIds as [string];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        testApp.app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          headers: { cookie: customers[i % customers.length]!.cookie },
          payload: { merchantSlug: shop.slug, items: [{ productId, quantity: 1 }] },
        }),
      ),
    );
    const byStatus = responses.reduce<Record<number, number>>(
      (counts, response) => ({ ...counts, [response.statusCode]: (counts[response.statusCode] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toEqual({ 201: 10, 409: 190 });
    expect((await stock())[productId]).toBe(0);
    const orders = await testApp.database.db.selectFrom('order_items').select('quantity').where('product_id', '=', productId).execute();
    expect(orders).toHaveLength(10);
  });

  it('never oversells and never deadlocks when multi-line orders lock in opposite orders', async () => {
    const [a, b] = shop.productIds as [string, string];
    await setStock(testApp, [a, b], 10);
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        testApp.app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          headers: { cookie: customers[i % customers.length]!.cookie },
          // Half list a before b, half b before a: a fixed lock order inside the service must prevail.
          payload: {
            merchantSlug: shop.slug,
            items: i % 2 === 0 ? [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }] : [{ productId: b, quantity: 1 }, { productId: a, quantity: 1 }],
          },
        }),
      ),
    );
    const created = responses.filter((response) => response.statusCode === 201).length;
    expect(responses.every((response) => response.statusCode === 201 || response.statusCode === 409)).toBe(true);
    const after = await stock();
    expect(created).toBe(10);
    expect(after).toEqual({ [a]: 0, [b]: 0 });
  });

  it('sells from stock added while the order waited for the product, not from the stock it first saw', async () => {
    const [productId] = shop.productIds as [string];
    const { db } = testApp.database;
    await setStock(testApp, [productId], 1);
    let placing: Promise<{ statusCode: number; body: string }> | undefined;
    await db.transaction().execute(async (trx) => {
      // Stock arrives, not yet committed, while an order for more than was there before comes in.
      await postStockChange(trx, productId, 4);
      placing = testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: customers[0]!.cookie },
        payload: { merchantSlug: shop.slug, items: [{ productId, quantity: 2 }] },
      });
      // The order's statement has read the stock of 1 and now waits for the row: then the stock commits.
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH incoming AS%'`.execute(db);
        if (rows[0]!.waiting > 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const response = await placing!;
    expect(response.statusCode, response.body).toBe(201);
    expect((await stock())[productId]).toBe(3);
  });
});
