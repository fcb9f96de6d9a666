import { randomUUID } from 'node:crypto';
import type { StockMovement } from '@myb/contracts';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
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
import { movementsInsert } from '../../src/modules/stock/stock.repository';

describe.each(engines())('stock history on %s', (engine: Engine) => {
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

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, as: SignedInUser, payload?: object) =>
    testApp.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: as.cookie }, payload });
  const newProduct = async (stock: number, name = 'Wood screws') => {
    const response = await call('POST', `/merchants/${shop.slug}/products`, shop.owner, {
      sku: `H-${randomUUID().slice(0, 8)}`,
      name,
      priceMinor: 400,
      stock,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; sku: string }>();
  };
  const adjust = async (productId: string, change: number, reason: string, note?: string) => {
    const response = await call('POST', `/merchants/${shop.slug}/products/${productId}/stock-adjustments`, shop.owner, {
      change,
      reason,
      note,
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const order = async (productId: string, quantity: number) => {
    const response = await call('POST', '/orders', customer, { merchantSlug: shop.slug, items: [{ productId, quantity }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: string }>();
  };
  const history = async (query: Record<string, string | number>, as: SignedInUser = shop.owner) => {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
    const response = await call('GET', `/merchants/${shop.slug}/stock-movements?${search.toString()}`, as);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ movements: StockMovement[] }>().movements;
  };

  it("shows a product's history newest first: who, why, the order and the running balance", async () => {
    const product = await newProduct(20);
    await adjust(product.id, -3, 'damaged', 'dropped from the shelf');
    const placed = await order(product.id, 2);
    const cancelled = await call('POST', `/orders/${placed.id}/cancel`, customer, { reason: 'ordered twice' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await adjust(product.id, 5, 'received');

    const movements = await history({ product: product.id });
    expect(movements.map((movement) => [movement.type, movement.quantity, movement.balanceAfter])).toEqual([
      ['adjustment', 5, 22],
      ['cancellation', 2, 17],
      ['order', -2, 15],
      ['adjustment', -3, 17],
      ['opening', 20, 20],
    ]);
    expect(movements[3]).toMatchObject({
      product: { id: product.id, sku: product.sku, name: 'Wood screws' },
      reason: 'damaged',
      note: 'dropped from the shelf',
      order: null,
      actor: { id: shop.owner.id },
    });
    expect(movements[2]).toMatchObject({ order: { id: placed.id, number: placed.number }, actor: { id: customer.id, name: expect.stringMatching(/^User \d+$/) } });
    expect(movements[1]).toMatchObject({ order: { id: placed.id, number: placed.number }, reason: 'ordered twice' });
  });

  it('gives a running balance that steps one by one when many orders take from one product at once', async () => {
    const product = await newProduct(30);
    await Promise.all(Array.from({ length: 25 }, () => order(product.id, 1)));
    const balances = (await history({ product: product.id })).map((movement) => movement.balanceAfter);
    expect(balances).toEqual(Array.from({ length: 26 }, (_, index) => 5 + index));
  });

  it('narrows by type, person, text and dates, and pages without gaps or repeats', async () => {
    const product = await newProduct(10, 'Brass hinge');
    await adjust(product.id, 4, 'found', 'behind the counter');
    const placed = await order(product.id, 1);
    for (let index = 0; index < 6; index += 1) {
      await adjust(product.id, 1, 'received');
    }

    expect((await history({ product: product.id, type: 'order' })).map((movement) => movement.order?.number)).toEqual([placed.number]);
    expect((await history({ product: product.id, actor: customer.id })).map((movement) => movement.type)).toEqual(['order']);
    expect((await history({ q: 'BEHIND the' })).map((movement) => movement.note)).toEqual(['behind the counter']);
    expect((await history({ q: product.sku.toLowerCase() })).length).toBe(9);
    expect((await history({ q: placed.number })).map((movement) => movement.product.id)).toEqual([product.id]);
    // LIKE's wildcards are searched as text.
    expect(await history({ q: '%' })).toEqual([]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await history({ product: product.id, from: future })).toEqual([]);
    expect((await history({ product: product.id, to: future })).length).toBe(9);

    const all = await history({ product: product.id });
    const pages: StockMovement[][] = [];
    let before: string | undefined;
    do {
      const page = await history({ product: product.id, limit: 4, ...(before ? { before } : {}) });
      pages.push(page);
      before = page.length === 4 ? page.at(-1)!.id : undefined;
    } while (before);
    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    expect(pages.flat().map((movement) => movement.id)).toEqual(all.map((movement) => movement.id));
  });

  it("finds nothing of another shop: its product, its movement as a cursor, its person", async () => {
    const theirs = otherShop.productIds[0]!;
    expect(await history({ product: theirs })).toEqual([]);
    expect(await history({ actor: otherShop.owner.id })).toEqual([]);
    const [theirMovement] = await testApp.database.db
      .selectFrom('stock_movements')
      .select('id')
      .where('product_id', '=', theirs)
      .execute();
    expect(await history({ before: theirMovement!.id })).toEqual([]);
    const asOutsider = await call('GET', `/merchants/${otherShop.slug}/stock-movements`, shop.owner);
    expect(asOutsider.statusCode).toBe(403);
  });

  it('refuses a bad filter with a sentence', async () => {
    const cases: [string, RegExp][] = [
      ['type=theft', /Choose a type: opening, order/],
      ['limit=0', /limit/i],
      ['limit=1000', /limit/i],
      ['product=42', /product/i],
      ['from=2026-12-06T00:00:00Z&to=2026-12-01T00:00:00Z', /first day must come before the last/],
      ['from=yesterday', /ISO 8601 instant/],
      [`q=${'x'.repeat(201)}`, /at most 200 characters/],
    ];
    for (const [query, message] of cases) {
      const response = await call('GET', `/merchants/${shop.slug}/stock-movements?${query}`, shop.owner);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ message: string }>().message, query).toMatch(message);
    }
  });

  it("exports the movements the filters keep as CSV, oldest first, in the shop's time, formulas made inert", async () => {
    const zone = await call('PATCH', `/merchants/${shop.slug}`, shop.owner, {
      version: (await call('GET', `/merchants/${shop.slug}/settings`, shop.owner)).json<{ version: number }>().version,
      timeZone: 'Pacific/Auckland',
    });
    expect(zone.statusCode, zone.body).toBe(200);
    const product = await newProduct(8, 'Rivets, "steel"');
    await adjust(product.id, -1, 'other', '=HYPERLINK("http://example.com")');

    const response = await call('GET', `/merchants/${shop.slug}/stock-movements/export?product=${product.id}`, shop.owner);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${shop.slug}-stock-movements-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse<Record<string, string>>(response.body, { bom: true, columns: true });
    expect(rows.map((row) => [row.type, row.quantity, row.balance_after, row.product, row.note])).toEqual([
      ['opening', '8', '8', 'Rivets, "steel"', ''],
      ['adjustment', '-1', '7', 'Rivets, "steel"', `'=HYPERLINK("http://example.com")`],
    ]);
    expect(rows[0]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+1[23]:00$/);
  });

  it('exports a history longer than one page of reading, every movement once', async () => {
    const product = await newProduct(1);
    // 2,500 movements of +1 in one statement, each with its balance, so the ledger still holds.
    await sql`
      WITH steps AS (SELECT step FROM generate_series(1, 2500) AS step),
      adjusted AS (UPDATE products SET stock = stock + 2500 WHERE id = ${product.id} RETURNING merchant_id, id),
      moved AS (${movementsInsert(
        'adjustment',
        sql`SELECT adjusted.merchant_id, adjusted.id AS product_id, 1 AS quantity, NULL::uuid AS document_id, NULL::uuid AS actor_id,
          'received'::text AS reason, NULL::text AS note, 1 + steps.step AS balance_after, 'test:' || gen_random_uuid() AS idempotency_key
        FROM adjusted CROSS JOIN steps`,
      )})
      SELECT 1`.execute(testApp.database.db);
    const response = await call('GET', `/merchants/${shop.slug}/stock-movements/export?product=${product.id}`, shop.owner);
    expect(response.statusCode).toBe(200);
    const balances = parse<Record<string, string>>(response.body, { bom: true, columns: true }).map((row) => Number(row.balance_after));
    expect(balances).toEqual(Array.from({ length: 2501 }, (_, index) => index + 1));
  });
});
