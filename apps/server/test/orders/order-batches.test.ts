import { randomUUID } from 'node:crypto';
import type { Order } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatementBatcher } from '../../src/db/statement-batcher';
import type { PlacedLine, PlaceOrderInput } from '../../src/modules/orders/orders.repository';
import {
  buildTestApp,
  createShop,
  engines,
  signUpUser,
  type ShopFixture,
  type SignedInUser,
  type TestApp,
  closeCheckingStock,
  setStock,
} from '../helper';

describe.each(engines())('orders placed together on %s', (engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let otherShop: ShopFixture;
  let customers: SignedInUser[];

  beforeAll(async () => {
    // One statement places orders at a time, so the rest of a rush waits for it.
    testApp = await buildTestApp(engine, { orderStatements: 1 });
    shop = await createShop(testApp, { products: 5, stock: 1000 });
    otherShop = await createShop(testApp, { products: 1 });
    customers = await Promise.all(Array.from({ length: 6 }, () => signUpUser(testApp)));
  });
  afterAll(() => closeCheckingStock(testApp));

  const post = (as: SignedInUser, items: { productId: string; quantity: number }[]) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: as.cookie },
      payload: { merchantSlug: shop.slug, items },
    });
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

  it('answers each order of a rush for itself: the good ones placed, the bad ones refused', async () => {
    const [a, b, c, d, scarce] = shop.productIds as [string, string, string, string, string];
    await setStock(testApp, [scarce], 2);
    const signedOut = await signUpUser(testApp);
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: signedOut.cookie },
    });
    const before = await stock();

    const good = Array.from({ length: 40 }, (_, i) =>
      [
        { productId: [a, b, c, d][i % 4]!, quantity: 1 + (i % 3) },
        { productId: [a, b, c, d][(i + 1) % 4]!, quantity: 1 },
      ].slice(0, 1 + (i % 2)),
    );
    const kinds = [
      ...good.map((items, i) => ({ expected: 201, as: customers[i % customers.length]!, items })),
      ...Array.from({ length: 5 }, () => ({
        expected: 404,
        as: customers[0]!,
        items: [
          { productId: a, quantity: 1 },
          { productId: randomUUID(), quantity: 1 },
        ],
      })),
      ...Array.from({ length: 5 }, () => ({
        expected: 404,
        as: customers[1]!,
        items: [{ productId: otherShop.productIds[0]!, quantity: 1 }],
      })),
      ...Array.from({ length: 5 }, () => ({
        expected: 409,
        as: customers[2]!,
        items: [
          { productId: b, quantity: 1 },
          { productId: scarce, quantity: 3 },
        ],
      })),
      ...Array.from({ length: 5 }, () => ({
        expected: 401,
        as: signedOut,
        items: [{ productId: a, quantity: 1 }],
      })),
    ];
    // Interleaved, so the bad orders share statements with good ones.
    const rush = kinds.map((_, i) => kinds[(i * 7) % kinds.length]!);
    expect(new Set(rush).size).toBe(kinds.length);
    const responses = await Promise.all(rush.map((kind) => post(kind.as, kind.items)));

    expect(responses.map((response) => response.statusCode)).toEqual(rush.map((kind) => kind.expected));
    const refusedShort = responses
      .find((response) => response.statusCode === 409)!
      .json<{ message: string }>();
    expect(refusedShort.message).toBe('not enough Product 4 in stock: asked for 3, 2 left');

    const placed = responses
      .filter((response) => response.statusCode === 201)
      .map((response) => response.json<Order>());
    for (const [i, order] of placed.entries()) {
      const asked = rush.filter((kind) => kind.expected === 201)[i]!;
      expect(order.customer.id).toBe(asked.as.id);
      expect(order.items.map((item) => [item.productId, item.quantity]).sort()).toEqual(
        asked.items.map((item) => [item.productId, item.quantity]).sort(),
      );
      expect(order.totalMinor).toBe(
        order.items.reduce((sum, item) => sum + item.unitPriceMinor * item.quantity, 0),
      );
    }
    expect(new Set(placed.map((order) => order.number)).size).toBe(40);
    // Rows written by one transaction share its id (xmin). PGlite runs each statement on the
    // server's own thread, so no order ever arrives while another is being placed there.
    const transactions = await sql<{ count: number }>`
      SELECT count(DISTINCT orders.xmin::text)::int AS count FROM orders JOIN merchants ON merchants.id = orders.merchant_id
      WHERE merchants.slug = ${shop.slug}`.execute(testApp.database.db);
    if (engine === 'postgres') {
      expect(transactions.rows[0]!.count).toBeLessThan(20);
    }

    const sold = new Map<string, number>();
    for (const items of good) {
      for (const item of items) {
        sold.set(item.productId, (sold.get(item.productId) ?? 0) + item.quantity);
      }
    }
    const after = await stock();
    for (const productId of [a, b, c, d]) {
      expect(after[productId]).toBe(before[productId]! - (sold.get(productId) ?? 0));
    }
    expect(after[scarce]).toBe(2);
    const written = await testApp.database.db
      .selectFrom('orders')
      .innerJoin('merchants', 'merchants.id', 'orders.merchant_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('merchants.slug', '=', shop.slug)
      .executeTakeFirstOrThrow();
    expect(Number(written.count)).toBe(40);
  });

  it('sells exactly the stock when more orders arrive together than it covers', async () => {
    const productId = shop.productIds[4]!;
    await setStock(testApp, [productId], 10);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post(customers[i % customers.length]!, [{ productId, quantity: 1 }]),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(20);
    expect((await stock())[productId]).toBe(0);
  });
});

describe('the statement batcher, placing orders', () => {
  const order = (label: string, lines = 1): PlaceOrderInput => ({
    sessionTokenHash: label,
    merchantSlug: 'shop',
    numberPrefix: 'S-',
    pricesIncludeTax: true,
    taxRounding: 'line',
    taxMinor: 0,
    totalMinor: lines,
    lines: Array.from({ length: lines }, () => ({
      productId: randomUUID(),
      quantity: 1,
      unitPriceMinor: 1,
      taxRate: null,
      amountMinor: 1,
      taxMinor: 0,
      netMinor: 1,
    })),
  });
  /** What a statement says of an order: placed, or (`contended`) neither placed nor refused. */
  const linesOf = (input: PlaceOrderInput, outcome: 'placed' | 'contended'): PlacedLine[] =>
    input.lines.map((line) => ({ product: line, outcome }) as unknown as PlacedLine);

  /** A stand-in for the statement, which the test ends batch by batch. */
  function statements(answer: (orders: PlaceOrderInput[]) => PlacedLine[][]) {
    const calls: { orders: string[]; finish: () => void }[] = [];
    const place = (orders: PlaceOrderInput[]) =>
      new Promise<void>((finish) => {
        calls.push({ orders: orders.map((input) => input.sessionTokenHash), finish });
      }).then(() => answer(orders));
    return { calls, place };
  }
  const contended = (lines: PlacedLine[]) =>
    (lines[0] as unknown as { outcome: string }).outcome === 'contended';
  const weight = (input: PlaceOrderInput) => input.lines.length;
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('places an order at once while a slot is free, and gathers what arrives meanwhile, up to its bounds', async () => {
    const { calls, place } = statements((orders) => orders.map((input) => linesOf(input, 'placed')));
    const batcher = createStatementBatcher(
      { run: place, alone: contended, weight },
      { concurrency: 2, maxItems: 3, maxWeight: 4 },
    );
    const sizes: Record<string, number> = { e: 3 };
    const submit = (labels: string[]) => labels.map((label) => batcher.run(order(label, sizes[label] ?? 1)));
    const answers = submit(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const batches = () => calls.map((call) => call.orders.join(''));
    expect(batches()).toEqual(['a', 'b']);
    calls[0]!.finish();
    await settle();
    // 'e' would bring the lines to five.
    expect(batches()).toEqual(['a', 'b', 'cd']);
    calls[1]!.finish();
    await settle();
    expect(batches()).toEqual(['a', 'b', 'cd', 'ef']);
    calls[2]!.finish();
    await settle();
    expect(batches()).toEqual(['a', 'b', 'cd', 'ef', 'g']);
    answers.push(...submit(['h', 'i', 'j', 'k']));
    calls[3]!.finish();
    await settle();
    // Three orders at most.
    expect(batches()).toEqual(['a', 'b', 'cd', 'ef', 'g', 'hij']);
    calls[4]!.finish();
    await settle();
    expect(batches()).toEqual(['a', 'b', 'cd', 'ef', 'g', 'hij', 'k']);
    calls[5]!.finish();
    calls[6]!.finish();
    const placed = await Promise.all(answers);
    expect(placed.map((lines) => lines.length)).toEqual([1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1]);
  });

  it('places alone the orders of a batch that failed, or whose stock did not cover them all, each meeting its own fate', async () => {
    const { calls, place } = statements((orders) => {
      if (orders.some((input) => input.sessionTokenHash === 'broken')) {
        throw new Error(orders.length === 1 ? 'this order breaks the statement' : 'the batch failed');
      }
      return orders.map((input) =>
        linesOf(
          input,
          orders.length > 1 && input.sessionTokenHash.startsWith('short') ? 'contended' : 'placed',
        ),
      );
    });
    const batcher = createStatementBatcher(
      { run: place, alone: contended, weight },
      { concurrency: 1, maxItems: 10, maxWeight: 100 },
    );
    const first = batcher.run(order('first'));
    const failing = Promise.allSettled(['x', 'broken', 'y'].map((label) => batcher.run(order(label))));
    calls[0]!.finish();
    await settle();
    expect(calls[1]!.orders).toEqual(['x', 'broken', 'y']);
    calls[1]!.finish();
    for (const label of ['x', 'broken', 'y']) {
      await settle();
      expect(calls.at(-1)!.orders).toEqual([label]);
      calls.at(-1)!.finish();
    }
    expect((await first).length).toBe(1);
    const [x, broken, y] = await failing;
    expect(x).toMatchObject({ status: 'fulfilled' });
    expect(broken).toMatchObject({
      status: 'rejected',
      reason: new Error('this order breaks the statement'),
    });
    expect(y).toMatchObject({ status: 'fulfilled' });

    await settle();
    const blocker = batcher.run(order('blocker'));
    const rest = ['short-1', 'fine', 'short-2'].map((label) => batcher.run(order(label)));
    await settle();
    expect(calls.at(-1)!.orders).toEqual(['blocker']);
    calls.at(-1)!.finish();
    await settle();
    expect(calls.at(-1)!.orders).toEqual(['short-1', 'fine', 'short-2']);
    calls.at(-1)!.finish();
    for (const label of ['short-1', 'short-2']) {
      await settle();
      expect(calls.at(-1)!.orders).toEqual([label]);
      calls.at(-1)!.finish();
    }
    await blocker;
    const outcomes = await Promise.all(rest);
    expect(outcomes.map((lines) => (lines[0] as unknown as { outcome: string }).outcome)).toEqual([
      'placed',
      'placed',
      'placed',
    ]);
  });
});
