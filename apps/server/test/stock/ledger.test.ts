import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  expectStockBalanced,
  postStockChange,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';
import { createStockRepository } from '../../src/modules/stock/stock.repository';

describe.each(engines())('the stock ledger on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let customer: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { suppliers: 1, products: 0 });
    customer = await signUpUser(testApp);
  });
  afterAll(() => closeCheckingStock(testApp));

  const call = (method: 'POST' | 'DELETE', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const newProduct = async (stock: number) => {
    const response = await call('POST', `/merchants/${shop.slug}/products`, shop.owner, {
      sku: `L-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Wood screws',
      priceMinor: 400,
      stock,
      supplierIds: [shop.supplierIds[0]],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const movements = (productId: string) =>
    testApp.database.db
      .selectFrom('stock_movements')
      .select(['quantity', 'type', 'document_id', 'actor_id', 'reason', 'note', 'balance_after', 'idempotency_key'])
      .where('product_id', '=', productId)
      .orderBy('position')
      .execute();
  const stockOf = async (productId: string) =>
    (await testApp.database.db.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock;

  it('records the opening stock, an adjustment, an order and its cancellation, each with who, why and the balance after', async () => {
    const productId = await newProduct(37);
    const adjusted = await call('POST', `/merchants/${shop.slug}/products/${productId}/stock-adjustments`, shop.owner, {
      change: -3,
      reason: 'damaged',
      note: 'dropped',
    });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    const placed = await call('POST', '/orders', customer, { merchantSlug: shop.slug, items: [{ productId, quantity: 2 }] });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json<{ id: string }>().id;
    const cancelled = await call('POST', `/orders/${orderId}/cancel`, customer, { reason: 'changed my mind' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    expect(await movements(productId)).toEqual([
      expect.objectContaining({ quantity: 37, type: 'opening', actor_id: shop.owner.id, balance_after: 37, idempotency_key: `opening:${productId}` }),
      expect.objectContaining({ quantity: -3, type: 'adjustment', actor_id: shop.owner.id, reason: 'damaged', note: 'dropped', balance_after: 34 }),
      expect.objectContaining({
        quantity: -2,
        type: 'order',
        document_id: orderId,
        actor_id: customer.id,
        balance_after: 32,
        idempotency_key: `order:${orderId}:${productId}`,
      }),
      expect.objectContaining({
        quantity: 2,
        type: 'cancellation',
        document_id: orderId,
        actor_id: customer.id,
        reason: 'changed my mind',
        balance_after: 34,
        idempotency_key: `cancellation:${orderId}:${productId}`,
      }),
    ]);
    expect(await stockOf(productId)).toBe(34);
    await expectStockBalanced(testApp);
  });

  it('gives each line of orders placed together its own balance after it', async () => {
    const productId = await newProduct(10);
    const others = await Promise.all(Array.from({ length: 3 }, () => signUpUser(testApp)));
    const responses = await Promise.all(
      others.map((other, i) => call('POST', '/orders', other, { merchantSlug: shop.slug, items: [{ productId, quantity: i + 1 }] })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    const sold = (await movements(productId)).filter((movement) => movement.type === 'order');
    expect(sold.map((movement) => movement.quantity).sort()).toEqual([-1, -2, -3]);
    // Whatever order they were taken in, the balances step down from 10 by each line to 4.
    expect(sold.map((movement) => movement.balance_after).sort((a, b) => b - a)).toHaveLength(3);
    expect(Math.min(...sold.map((movement) => movement.balance_after))).toBe(4);
    expect(new Set(sold.map((movement) => movement.balance_after)).size).toBe(3);
    expect(await stockOf(productId)).toBe(4);
  });

  it('records an adjustment sent again with its key once, and answers the retry as the first', async () => {
    const productId = await newProduct(20);
    const body = { change: -2, reason: 'lost', idempotencyKey: randomUUID() };
    const url = `/merchants/${shop.slug}/products/${productId}/stock-adjustments`;
    const first = await call('POST', url, shop.owner, body);
    expect(first.statusCode, first.body).toBe(201);
    // Meanwhile stock moves on; the retry still answers what the first recorded.
    expect((await call('POST', url, shop.owner, { change: 5, reason: 'received' })).statusCode).toBe(201);
    const again = await call('POST', url, shop.owner, body);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().adjustment).toEqual({ change: -2, reason: 'lost', note: null, stockAfter: 18 });
    expect(again.json().product.stock).toBe(23);
    // Five at once with one key: one is recorded, the others answer it.
    const burst = { change: 1, reason: 'found', idempotencyKey: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', url, shop.owner, burst)));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json<{ adjustment: { stockAfter: number } }>().adjustment.stockAfter))).toEqual(new Set([24]));
    expect(await stockOf(productId)).toBe(24);
    expect((await movements(productId)).map((movement) => movement.quantity)).toEqual([20, -2, 5, 1]);
  });

  // PGlite has one connection: nothing can hold the row meanwhile.
  it.runIf(engine === 'postgres')('takes an adjustment from the stock as it is when the row is free, not as its snapshot saw it', async () => {
    const productId = await newProduct(1);
    const { db } = testApp.database;
    let adjusting: Promise<{ statusCode: number; body: string }> | undefined;
    await db.transaction().execute(async (trx) => {
      await postStockChange(trx, productId, 4);
      adjusting = call('POST', `/merchants/${shop.slug}/products/${productId}/stock-adjustments`, shop.owner, {
        change: -3,
        reason: 'damaged',
      });
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH earlier AS%'`.execute(db);
        if (rows[0]!.waiting > 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const response = await adjusting!;
    expect(response.statusCode, response.body).toBe(201);
    expect(await stockOf(productId)).toBe(2);
  });

  it('never changes nor removes a movement', async () => {
    const productId = await newProduct(5);
    await expect(sql`UPDATE stock_movements SET quantity = 6 WHERE product_id = ${productId}`.execute(testApp.database.db)).rejects.toThrow(
      /never changed or removed/,
    );
    await expect(sql`DELETE FROM stock_movements WHERE product_id = ${productId}`.execute(testApp.database.db)).rejects.toThrow(
      /never changed or removed/,
    );
    expect(await movements(productId)).toHaveLength(1);
  });

  it('keeps a product that has had stock (archive it instead), and deletes one that never had any', async () => {
    const stocked = await newProduct(5);
    const refused = await call('DELETE', `/merchants/${shop.slug}/products/${stocked}`, shop.owner);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('This product has had stock: archive it instead, so its stock history keeps it.');
    const empty = await newProduct(0);
    expect(await movements(empty)).toEqual([]);
    expect((await call('DELETE', `/merchants/${shop.slug}/products/${empty}`, shop.owner)).statusCode).toBe(204);
  });

  it('names a product whose stock was written without a movement, until a movement makes up the difference', async () => {
    const productId = await newProduct(8);
    const stock = createStockRepository(testApp.database.db);
    await testApp.database.db.updateTable('products').set({ stock: 9 }).where('id', '=', productId).execute();
    expect(await stock.unbalanced()).toEqual([
      expect.objectContaining({ product_id: productId, stock: 9, movements: 8 }),
    ]);
    await sql`INSERT INTO stock_movements (merchant_id, product_id, quantity, type, reason, balance_after, idempotency_key)
      SELECT merchant_id, id, 1, 'adjustment', 'correction', 9, 'repair:' || id FROM products WHERE id = ${productId}`.execute(
      testApp.database.db,
    );
    expect(await stock.unbalanced()).toEqual([]);
  });
});
