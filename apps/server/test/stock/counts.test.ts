import { randomUUID } from 'node:crypto';
import type { StockCount, StockCountLine } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  signUpUser,
  type Engine,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
} from '../helper';

describe.each(engines())('stock counts on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customer: SignedInUser;

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    [shop, otherShop, customer] = await Promise.all([
      createShop(testApp, { suppliers: 1, products: 0 }),
      createShop(testApp, { suppliers: 1, products: 1 }),
      signUpUser(testApp),
    ]);
  });
  afterAll(() => closeCheckingStock(testApp));

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, as: SignedInUser = shop.owner) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const counts = () => `/merchants/${shop.slug}/stock-counts`;
  const newProduct = async (stock: number) => {
    const response = await call('POST', `/merchants/${shop.slug}/products`, {
      sku: `C-${randomUUID().slice(0, 8)}`,
      name: `Product ${randomUUID().slice(0, 4)}`,
      priceMinor: 250,
      stock,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const start = async (body: object) => {
    const response = await call('POST', counts(), { idempotencyKey: randomUUID(), ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<StockCount>();
  };
  const enter = (countId: string, productId: string, mode: 'set' | 'add' | 'clear', quantity: number, idempotencyKey = randomUUID()) =>
    call('POST', `${counts()}/${countId}/entries`, { productId, mode, quantity, idempotencyKey });
  const order = async (productId: string, quantity: number) => {
    const response = await call('POST', '/orders', { merchantSlug: shop.slug, items: [{ productId, quantity }] }, customer);
    expect(response.statusCode, response.body).toBe(201);
  };
  const stockOf = async (productId: string) =>
    (await testApp.database.db.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock;
  const countMovements = (countId: string) =>
    testApp.database.db
      .selectFrom('stock_movements')
      .select(['product_id', 'quantity', 'balance_after', 'note'])
      .where('document_id', '=', countId)
      .where('type', '=', 'count')
      .execute();
  const lineOf = (count: StockCount, productId: string) => count.lineItems.find((line) => line.product.id === productId)!;

  it('notes the stock of the chosen products as expected, and a retried start starts one count', async () => {
    const [a, b] = [await newProduct(7), await newProduct(0)];
    const key = randomUUID();
    const first = await start({ productIds: [a, b, a], idempotencyKey: key });
    expect(first).toMatchObject({ name: 'Count of 2 products', status: 'counting', lines: 2, countedLines: 0, closedAt: null });
    expect(lineOf(first, a)).toMatchObject({ expected: 7, counted: null, difference: null, stock: 7 });
    const again = await start({ productIds: [a, b], idempotencyKey: key });
    expect(again.id).toBe(first.id);
    const list = (await call('GET', counts())).json<{ counts: { id: string }[] }>().counts;
    expect(list.filter((count) => count.id === first.id)).toHaveLength(1);
  });

  it('counts a category or the whole shop on sale, and refuses what is not the shop’s', async () => {
    const category = (await call('POST', `/merchants/${shop.slug}/categories`, { name: `Shelf ${randomUUID().slice(0, 4)}` })).json<{
      id: string;
      name: string;
    }>();
    const inCategory = await newProduct(3);
    await call('PATCH', `/merchants/${shop.slug}/products/${inCategory}`, { categoryId: category.id, version: 1 });
    const archived = await newProduct(2);
    expect((await call('PUT', `/merchants/${shop.slug}/products/${archived}/archived`)).statusCode).toBe(200);

    const ofCategory = await start({ categoryId: category.id });
    expect(ofCategory.name).toBe(`Count of ${category.name}`);
    expect(ofCategory.lineItems.map((line) => line.product.id)).toEqual([inCategory]);
    const whole = await start({ name: 'Year end' });
    expect(whole.name).toBe('Year end');
    expect(whole.lineItems.map((line) => line.product.id)).not.toContain(archived);
    expect(whole.lineItems.map((line) => line.product.id)).toContain(inCategory);

    for (const body of [
      { productIds: [otherShop.productIds[0]] },
      { productIds: [randomUUID()] },
      { productIds: [archived] },
      { categoryId: randomUUID() },
    ]) {
      const refused = await call('POST', counts(), { idempotencyKey: randomUUID(), ...body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(/this shop's|Unknown category/);
    }
    const both = await call('POST', counts(), { idempotencyKey: randomUUID(), categoryId: category.id, productIds: [inCategory] });
    expect(both.json<{ message: string }>().message).toMatch(/not both/);
  });

  it('takes figures set and added by several people, each once, never below zero', async () => {
    const product = await newProduct(12);
    const count = await start({ productIds: [product] });
    const line = async (response: Awaited<ReturnType<typeof enter>>) => {
      expect(response.statusCode, response.body).toBe(201);
      return response.json<StockCountLine>();
    };
    expect(await line(await enter(count.id, product, 'set', 5))).toMatchObject({ counted: 5, stockWhenCounted: 12, difference: -7 });
    const key = randomUUID();
    await line(await enter(count.id, product, 'add', 3, key));
    expect(await line(await enter(count.id, product, 'add', 3, key))).toMatchObject({ counted: 8 });
    // Twenty scans at once: each adds one.
    const scans = await Promise.all(Array.from({ length: 20 }, () => enter(count.id, product, 'add', 1)));
    expect(scans.map((scan) => scan.statusCode)).toEqual(Array(20).fill(201));
    const now = (await call('GET', `${counts()}/${count.id}`)).json<StockCount>();
    expect(lineOf(now, product)).toMatchObject({ counted: 28, difference: 16, differenceValueMinor: 16 * 250 });
    expect(now.countedLines).toBe(1);

    const below = await enter(count.id, product, 'add', -29);
    expect(below.statusCode).toBe(400);
    expect(below.json<{ message: string }>().message).toBe('Only 28 counted so far: the count cannot go below zero.');
    const notInCount = await enter(count.id, await newProduct(1), 'set', 1);
    expect(notInCount.statusCode).toBe(404);
    const entries = await testApp.database.db.selectFrom('stock_count_entries').select('id').where('count_id', '=', count.id).execute();
    expect(entries).toHaveLength(22);
  });

  it('takes a figure entered by mistake back: the line is not counted again, and applying leaves it', async () => {
    const product = await newProduct(6);
    const count = await start({ productIds: [product] });
    expect((await enter(count.id, product, 'set', 2)).statusCode).toBe(201);
    const cleared = await enter(count.id, product, 'clear', 0);
    expect(cleared.statusCode, cleared.body).toBe(201);
    expect(cleared.json<StockCountLine>()).toMatchObject({ counted: null, stockWhenCounted: null, difference: null, countedBy: null });
    const withFigure = await enter(count.id, product, 'clear', 3);
    expect(withFigure.statusCode).toBe(400);
    expect(withFigure.json<{ message: string }>().message).toMatch(/Clearing a line takes no figure/);
    expect((await call('POST', `${counts()}/${count.id}/apply`)).statusCode).toBe(200);
    expect(await stockOf(product)).toBe(6);
    expect(await countMovements(count.id)).toEqual([]);
  });

  it('applies counted − the stock when counted: what sold after the shelf was counted stays sold', async () => {
    const [soldBefore, soldAfter, notCounted] = [await newProduct(10), await newProduct(10), await newProduct(4)];
    const count = await start({ productIds: [soldBefore, soldAfter, notCounted] });
    // Sold before its shelf was counted: the count finds 7, as the ledger says; nothing to correct.
    await order(soldBefore, 3);
    const before = await enter(count.id, soldBefore, 'set', 7);
    expect(before.statusCode, before.body).toBe(201);
    // Counted 8 where the ledger said 10 (2 missing), then 2 sold.
    const after = await enter(count.id, soldAfter, 'set', 8);
    expect(after.statusCode, after.body).toBe(201);
    // Each entry answers with its own line of the three, whole.
    expect(before.json<StockCountLine>()).toMatchObject({ product: { id: soldBefore }, expected: 10, counted: 7, stockWhenCounted: 7, difference: 0 });
    expect(after.json<StockCountLine>()).toMatchObject({
      product: { id: soldAfter, priceMinor: 250 },
      expected: 10,
      counted: 8,
      stockWhenCounted: 10,
      movedSinceStart: 0,
      difference: -2,
      differenceValueMinor: -500,
      stock: 10,
      countedBy: { id: shop.owner.id, name: expect.stringMatching(/^User \d+$/) },
    });
    await order(soldAfter, 2);

    const review = (await call('GET', `${counts()}/${count.id}`)).json<StockCount>();
    expect(lineOf(review, soldBefore)).toMatchObject({ expected: 10, movedSinceStart: -3, counted: 7, difference: 0 });
    expect(lineOf(review, soldAfter)).toMatchObject({ expected: 10, movedSinceStart: 0, counted: 8, difference: -2, stock: 8 });
    expect(lineOf(review, notCounted)).toMatchObject({ counted: null, difference: null });

    const applied = await call('POST', `${counts()}/${count.id}/apply`);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<StockCount>()).toMatchObject({ status: 'applied', closedBy: { id: shop.owner.id } });
    expect([await stockOf(soldBefore), await stockOf(soldAfter), await stockOf(notCounted)]).toEqual([7, 6, 4]);
    expect(await countMovements(count.id)).toEqual([{ product_id: soldAfter, quantity: -2, balance_after: 6, note: review.name }]);

    const history = (await call('GET', `/merchants/${shop.slug}/stock-movements?product=${soldAfter}`)).json<{
      movements: { type: string; quantity: number; balanceAfter: number; count: { id: string; name: string } | null }[];
    }>();
    expect(history.movements[0]!.count).toEqual({ id: count.id, name: review.name });
    expect(history.movements.map((movement) => [movement.type, movement.quantity, movement.balanceAfter])).toEqual([
      ['count', -2, 6],
      ['order', -2, 8],
      ['opening', 10, 10],
    ]);

    // Over: no second apply, no more figures, no cancel.
    for (const [method, url, payload] of [
      ['POST', `${counts()}/${count.id}/apply`, undefined],
      ['POST', `${counts()}/${count.id}/cancel`, undefined],
      ['POST', `${counts()}/${count.id}/entries`, { productId: soldAfter, mode: 'set', quantity: 1, idempotencyKey: randomUUID() }],
    ] as const) {
      const refused = await call(method, url, payload);
      expect(refused.statusCode, url).toBe(409);
      expect(refused.json<{ message: string }>().message).toMatch(/was applied by User \d+/);
    }
    expect(await countMovements(count.id)).toHaveLength(1);
  });

  it('refuses, changing nothing, a count that would take stock below zero', async () => {
    const product = await newProduct(10);
    const count = await start({ productIds: [product] });
    await enter(count.id, product, 'set', 1);
    await order(product, 5);
    const refused = await call('POST', `${counts()}/${count.id}/apply`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toMatch(/5 in stock now, and the count takes 9.*count it again/);
    expect(await stockOf(product)).toBe(5);
    expect((await call('GET', `${counts()}/${count.id}`)).json<StockCount>().status).toBe('counting');
    expect(await countMovements(count.id)).toEqual([]);
    // Counted again, it applies.
    await enter(count.id, product, 'set', 4);
    expect((await call('POST', `${counts()}/${count.id}/apply`)).statusCode).toBe(200);
    expect(await stockOf(product)).toBe(4);
  });

  it('applies a count once when five people press Apply together, and cancels one that is counting', async () => {
    const product = await newProduct(9);
    const count = await start({ productIds: [product] });
    await enter(count.id, product, 'set', 6);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `${counts()}/${count.id}/apply`)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await countMovements(count.id)).toHaveLength(1);
    expect(await stockOf(product)).toBe(6);

    const other = await start({ productIds: [product] });
    await enter(other.id, product, 'set', 1);
    const cancelled = await call('POST', `${counts()}/${other.id}/cancel`);
    expect(cancelled.json<StockCount>()).toMatchObject({ status: 'cancelled', closedBy: { id: shop.owner.id } });
    expect(await stockOf(product)).toBe(6);
    const applyCancelled = await call('POST', `${counts()}/${other.id}/apply`);
    expect(applyCancelled.json<{ message: string }>().message).toMatch(/was cancelled by User \d+: start a new count/);
  });

  it("answers another shop's count as one that does not exist", async () => {
    const theirs = await call(
      'POST',
      `/merchants/${otherShop.slug}/stock-counts`,
      { idempotencyKey: randomUUID() },
      otherShop.owner,
    );
    expect(theirs.statusCode).toBe(201);
    const theirId = theirs.json<StockCount>().id;
    for (const id of [theirId, randomUUID()]) {
      const answers = await Promise.all([
        call('GET', `${counts()}/${id}`),
        call('POST', `${counts()}/${id}/apply`),
        call('POST', `${counts()}/${id}/cancel`),
        enter(id, otherShop.productIds[0]!, 'set', 1),
      ]);
      expect(answers.map((answer) => [answer.statusCode, answer.json<{ message: string }>().message])).toEqual(
        Array(4).fill([404, 'Stock count not found.']),
      );
    }
  });
});
