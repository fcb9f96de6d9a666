import { addDays, type StockReport } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchantsRepository } from '../../src/modules/merchants/merchants.repository';
import { createReorderRepository } from '../../src/modules/reorder/reorder.repository';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  postStockChange,
  type Engine,
  type ShopFixture,
  type TestApp,
} from '../helper';
import { cellsOf, expectCsvOfTable, pastRegisterDays, readReport } from './report-scene';

/**
 * Each stock report's figures for a shop in New York as it stands today (T, the shop's day), worked out
 * by hand. Products, each with 10 on hand but where told:
 *   SKU-0  Fruit       cost 0.40   sold 5 on T−20 and 2 on T−3           rule 5–20 (not low)
 *   SKU-1  Fruit       cost 1.50   4 on hand; sold 14 on T−10           rule 5–20
 *   SKU-2  no category no cost     sold 2 on T−100                      rule 20–40
 *   SKU-3  Vegetables  cost 0.75   never sold                           rule 10–30
 *   SKU-4  Vegetables  cost 0.30   none on hand; sold 100 on T−28, 7 on T−27   rule 3–10
 * The days before T−3 are folded into the summaries; T−3 is left pending, as a sale just made is. Another
 * shop has stock, a rule it is under and a sale yesterday: none of it may show.
 */
describe.each(engines())('stock reports on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  let today: string;
  const report = (name: string, query = '') =>
    readReport<StockReport>(testApp, shop, `stock/${name}${query}`);

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { products: 5, suppliers: 1, stock: 10 });
    const db = testApp.database.db;
    const category = async (name: string) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/categories`,
        payload: { name },
        headers: { cookie: shop.owner.cookie },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    const [p0, p1, p2, p3, p4] = shop.productIds as [string, string, string, string, string];
    const fruit = await category('Fruit');
    const vegetables = await category('Vegetables');
    await db.updateTable('products').set({ category_id: fruit }).where('id', 'in', [p0, p1]).execute();
    await db.updateTable('products').set({ category_id: vegetables }).where('id', 'in', [p3, p4]).execute();
    for (const [id, cost] of [
      [p0, 40],
      [p1, 150],
      [p3, 75],
      [p4, 30],
    ] as const) {
      await db.updateTable('products').set({ average_cost_minor: cost }).where('id', '=', id).execute();
    }
    await postStockChange(db, p1, -6);
    await postStockChange(db, p4, -10);
    await db
      .updateTable('merchants')
      .set({ time_zone: 'America/New_York' })
      .where('slug', '=', shop.slug)
      .execute();
    const merchant = (await createMerchantsRepository(db).findBySlug(shop.slug))!;
    const rules = createReorderRepository(db);
    for (const [productId, minimum, maximum] of [
      [p0, 5, 20],
      [p1, 5, 20],
      [p2, 20, 40],
      [p3, 10, 30],
      [p4, 3, 10],
    ] as const) {
      await rules.setRule({ merchantId: merchant.id, productId, minimum, maximum, updatedBy: shop.owner.id });
    }
    today = (
      await sql<{
        today: string;
      }>`SELECT (now() AT TIME ZONE 'America/New_York')::date::text AS today`.execute(db)
    ).rows[0]!.today;

    const day = await pastRegisterDays(testApp, shop);
    // Another shop's stock, rules and sales, which no figure here may count.
    const other = await createShop(testApp, { products: 2, suppliers: 1, stock: 7 });
    const otherMerchant = (await createMerchantsRepository(db).findBySlug(other.slug))!;
    await db
      .updateTable('products')
      .set({ average_cost_minor: 999 })
      .where('id', 'in', other.productIds)
      .execute();
    await rules.setRule({
      merchantId: otherMerchant.id,
      productId: other.productIds[0]!,
      minimum: 50,
      maximum: 60,
      updatedBy: other.owner.id,
    });
    await (
      await pastRegisterDays(testApp, other)
    )(addDays(today, -1), [['12:00', 'cash', [[other.productIds[0]!, 3]]]]);
    await day(addDays(today, -100), [['12:00', 'cash', [[p2, 2]]]]);
    await day(addDays(today, -28), [['12:00', 'cash', [[p4, 100]]]]);
    await day(addDays(today, -27), [['12:00', 'card', [[p4, 7]]]]);
    await day(addDays(today, -20), [['12:00', 'cash', [[p0, 5]]]]);
    await day(addDays(today, -10), [['12:00', 'card', [[p1, 14]]]]);
    await testApp.app.salesSummaries.foldAll();
    await day(addDays(today, -3), [['12:00', 'cash', [[p0, 2]]]]);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('valuation: each product in stock at its average cost, by category, the one with no cost not valued', async () => {
    const valuation = await report('valuation');
    expect(valuation.today).toBe(today);
    expect(valuation.days).toBeNull();
    expect(cellsOf(valuation, ['category', 'sku', 'onHand', 'averageCost', 'value', 'note'])).toEqual([
      ['Fruit', 'SKU-0', 10, 40, 400, null],
      ['Fruit', 'SKU-1', 4, 150, 600, null],
      ['Vegetables', 'SKU-3', 10, 75, 750, null],
      ['No category', 'SKU-2', 10, null, null, 'No cost known: not valued'],
    ]);
    // SKU-4 has none on hand: nothing to value.
    expect(valuation.totals).toEqual({
      key: 'total',
      category: 'Total',
      onHand: 34,
      value: 1_750,
      note: '1 product (10 on hand) with no cost known, not valued',
    });
  });

  it('dead stock: no sale in the last 90 days (today included) unless told, the most money first', async () => {
    const dead = await report('dead-stock');
    expect(dead.days).toBe(90);
    expect(cellsOf(dead, ['sku', 'onHand', 'lastSale', 'daysUnsold', 'value', 'note'])).toEqual([
      ['SKU-3', 10, null, null, 750, 'Never sold'],
      ['SKU-2', 10, addDays(today, -100), 100, null, 'No cost known: not valued'],
    ]);
    expect(dead.totals).toMatchObject({ onHand: 20, value: 750 });

    // The last four days hold T−3's sale (still pending): SKU-0 sold; the last three do not.
    const four = await report('dead-stock', '?days=4');
    expect(four.rows.map((row) => row.sku)).toEqual(['SKU-3', 'SKU-1', 'SKU-2']);
    const three = await report('dead-stock', '?days=3');
    expect(cellsOf(three, ['sku', 'lastSale', 'daysUnsold', 'value'])).toEqual([
      ['SKU-3', null, null, 750],
      ['SKU-1', addDays(today, -10), 10, 600],
      ['SKU-0', addDays(today, -3), 3, 400],
      ['SKU-2', addDays(today, -100), 100, null],
    ]);
    expect(three.totals).toMatchObject({ onHand: 34, value: 1_750 });
    // Within 101 days SKU-2 sold.
    expect((await report('dead-stock', '?days=101')).rows.map((row) => row.sku)).toEqual(['SKU-3']);
  });

  it('low stock: at or under the minimum, by days of cover at the last 28 days’ rate', async () => {
    const low = await report('low-stock');
    // SKU-4: 7 sold on T−27 (T−28's 100 are outside), 0.25 a day, nothing on hand: no cover.
    // SKU-1: 14 in 28 days, 0.5 a day, 4 on hand: 8 days. SKU-2 and SKU-3 sold nothing of late.
    expect(cellsOf(low, ['sku', 'onHand', 'minimum', 'sold', 'perDay', 'daysOfCover', 'note'])).toEqual([
      ['SKU-4', 0, 3, 7, 0.3, 0, null],
      ['SKU-1', 4, 5, 14, 0.5, 8, null],
      ['SKU-2', 10, 20, 0, null, null, 'No sales in 28 days'],
      ['SKU-3', 10, 10, 0, null, null, 'No sales in 28 days'],
    ]);
    expect(low.totals).toBeNull();
  });

  it('exports exactly the table it shows, the totals last', async () => {
    const shown = await report('valuation');
    const records = await expectCsvOfTable(
      testApp,
      shop,
      `/api/v1/merchants/${shop.slug}/reports/stock/valuation/export`,
      shown,
    );
    expect(records.at(-1)).toEqual([
      'Total',
      '',
      '',
      '34',
      '',
      '17.50',
      '1 product (10 on hand) with no cost known, not valued',
    ]);
    const dead = await report('dead-stock', '?days=3');
    await expectCsvOfTable(
      testApp,
      shop,
      `/api/v1/merchants/${shop.slug}/reports/stock/dead-stock/export?days=3`,
      dead,
    );
  });

  it('refuses days out of bounds or not a number, and an unknown report, with a sentence', async () => {
    for (const [path, query, message] of [
      ['dead-stock', '?days=0', 'Look back one day at least.'],
      ['dead-stock', '?days=731', 'Look back 730 days at most.'],
      ['dead-stock', '?days=ninety', 'Give the days as a whole number, such as 90.'],
      ['dead-stock', '?days=1.5', 'Give the days as a whole number, such as 90.'],
      ['shrinkage', '', 'Ask for one of these reports: valuation, dead-stock, low-stock.'],
    ]) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/merchants/${shop.slug}/reports/stock/${path}${query}`,
        headers: { cookie: shop.owner.cookie },
      });
      expect(response.statusCode, `${path}${query}`).toBe(400);
      expect(response.body).toContain(message);
    }
  });
});
