import type { SalesReport } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  type Engine,
  type ShopFixture,
  type TestApp,
} from '../helper';
import { cellsOf, expectCsvOfTable, pastRegisterDays, readReport } from './report-scene';

/**
 * Each sales report's figures over a fixed week of a shop in New York, worked out by hand. Products: SKU-0
 * at 1.00 (cost 0.40) and SKU-1 at 2.00 (cost 1.50) in the category Fruit, SKU-2 at 3.00 with no category
 * and no cost; no tax. The week of Monday 2 February 2026 (New York is five hours behind UTC then):
 *   Mon 09:15  2 × SKU-0              2.00 cash
 *   Mon 23:30  1 × SKU-1              2.00 card   (04:30 on Tuesday in UTC: Monday's all the same)
 *   Wed 12:10  1 × SKU-2 + 1 × SKU-0  4.00 card
 *   Sun 18:00  3 × SKU-1              6.00 cash
 * and the week before, Tue 27 January 10:00, 5 × SKU-0, 5.00 cash.
 */
describe.each(engines())('sales reports on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  const week = 'from=2026-02-02&to=2026-02-08';
  const report = (name: string, query = week) =>
    readReport<SalesReport>(testApp, shop, `sales/${name}?${query}`);

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { products: 3, suppliers: 1, stock: 100 });
    const db = testApp.database.db;
    const call = async <Body>(url: string, payload: object) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}${url}`,
        payload,
        headers: { cookie: shop.owner.cookie },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Body>();
    };
    const fruit = await call<{ id: string }>('/categories', { name: 'Fruit' });
    const [p0, p1, p2] = shop.productIds as [string, string, string];
    await db.updateTable('products').set({ category_id: fruit.id }).where('id', 'in', [p0, p1]).execute();
    await db.updateTable('products').set({ average_cost_minor: 40 }).where('id', '=', p0).execute();
    await db.updateTable('products').set({ average_cost_minor: 150 }).where('id', '=', p1).execute();
    await db
      .updateTable('merchants')
      .set({ time_zone: 'America/New_York' })
      .where('slug', '=', shop.slug)
      .execute();
    const day = await pastRegisterDays(testApp, shop);

    await day('2026-01-27', [['10:00', 'cash', [[p0, 5]]]]);
    await day('2026-02-02', [
      ['09:15', 'cash', [[p0, 2]]],
      ['23:30', 'card', [[p1, 1]]],
    ]);
    await day('2026-02-04', [
      [
        '12:10',
        'card',
        [
          [p2, 1],
          [p0, 1],
        ],
      ],
    ]);
    await day('2026-02-08', [['18:00', 'cash', [[p1, 3]]]]);
  });
  afterAll(() => closeCheckingStock(testApp));

  it('trend: per day against the seven days before, per week, and per month from the first day', async () => {
    const daily = await report('trend');
    expect(daily.comparison).toEqual({ from: '2026-01-26', to: '2026-02-01' });
    expect(
      cellsOf(daily, [
        'bucket',
        'netSales',
        'sales',
        'averageTicket',
        'bucketThen',
        'netSalesThen',
        'change',
      ]),
    ).toEqual([
      ['2026-02-02', 400, 2, 200, '2026-01-26', 0, null],
      ['2026-02-03', 0, 0, null, '2026-01-27', 500, -100],
      ['2026-02-04', 400, 1, 400, '2026-01-28', 0, null],
      ['2026-02-05', 0, 0, null, '2026-01-29', 0, null],
      ['2026-02-06', 0, 0, null, '2026-01-30', 0, null],
      ['2026-02-07', 0, 0, null, '2026-01-31', 0, null],
      ['2026-02-08', 600, 1, 600, '2026-02-01', 0, null],
    ]);
    expect(daily.totals).toMatchObject({
      netSales: 1_400,
      sales: 4,
      averageTicket: 350,
      netSalesThen: 500,
      change: 180,
    });

    const weekly = await report('trend', `${week}&by=week`);
    expect(cellsOf(weekly, ['bucket', 'netSales', 'bucketThen', 'netSalesThen'])).toEqual([
      ['2026-02-02', 1_400, '2026-01-26', 500],
    ]);
    const monthly = await report('trend', `${week}&by=month&compare=none`);
    expect(monthly.comparison).toBeNull();
    expect(cellsOf(monthly, ['bucket', 'netSales', 'sales'])).toEqual([['2026-02-02', 1_400, 4]]);
    const yearBefore = await report('trend', `${week}&compare=year`);
    expect(yearBefore.comparison).toEqual({ from: '2025-02-03', to: '2025-02-09' });
  });

  it('hours: a sale at 23:30 on Monday is Monday’s, at 23:00', async () => {
    const hours = await report('hours');
    expect(hours.comparison).toBeNull();
    const byWeekday = Object.fromEntries(
      hours.rows.map((row) => [
        row.weekday,
        Object.entries(row).filter(([key, value]) => key.startsWith('h') && value !== 0),
      ]),
    );
    expect(byWeekday).toEqual({
      Monday: [
        ['h9', 200],
        ['h23', 200],
      ],
      Tuesday: [],
      Wednesday: [['h12', 400]],
      Thursday: [],
      Friday: [],
      Saturday: [],
      Sunday: [['h18', 600]],
    });
    expect(hours.totals).toMatchObject({ weekday: 'Total', h9: 200, h23: 200, netSales: 1_400 });
  });

  it('channels, payments, categories and staff, with their shares and the week before', async () => {
    expect(
      cellsOf(await report('channels'), ['channel', 'netSales', 'sales', 'share', 'netSalesThen', 'change']),
    ).toEqual([
      ['Register', 1_400, 4, 100, 500, 180],
      ['Online', 0, 0, 0, 0, null],
    ]);
    expect(
      cellsOf(await report('payments'), [
        'method',
        'payments',
        'paid',
        'netSales',
        'share',
        'netSalesThen',
        'change',
      ]),
    ).toEqual([
      ['Cash', 2, 800, 800, 57.1, 500, 60],
      ['Card', 2, 600, 600, 42.9, 0, null],
    ]);
    // Fruit: 3 × SKU-0 (cost 1.20) and 4 × SKU-1 (cost 6.00) for 11.00: a margin of 3.80, 34.5 %.
    expect(
      cellsOf(await report('categories'), [
        'category',
        'quantity',
        'netSales',
        'margin',
        'marginPercent',
        'share',
      ]),
    ).toEqual([
      ['Fruit', 7, 1_100, 380, 34.5, 78.6],
      ['No category', 1, 300, null, null, 21.4],
    ]);
    const staff = await report('staff');
    expect(
      cellsOf(staff, ['staff', 'netSales', 'sales', 'averageTicket', 'voidedLines', 'netSalesThen']),
    ).toEqual([[expect.stringMatching(/^User \d+$/), 1_400, 4, 350, 0, 500]]);
  });

  it('products: top and bottom by revenue, quantity and margin', async () => {
    const ranked = async (query: string) =>
      cellsOf(await report('products', `${week}&${query}`), [
        'sku',
        'quantity',
        'netSales',
        'margin',
        'marginPercent',
      ]);
    expect(await ranked('rank=revenue&order=top')).toEqual([
      ['SKU-1', 4, 800, 200, 25],
      ['SKU-0', 3, 300, 180, 60],
      ['SKU-2', 1, 300, null, null],
    ]);
    expect((await ranked('rank=revenue&order=bottom')).map(([sku]) => sku)).toEqual([
      'SKU-0',
      'SKU-2',
      'SKU-1',
    ]);
    expect((await ranked('rank=quantity')).map(([sku]) => sku)).toEqual(['SKU-1', 'SKU-0', 'SKU-2']);
    expect((await ranked('rank=margin')).map(([sku]) => sku)).toEqual(['SKU-1', 'SKU-0', 'SKU-2']);
  });

  it('products over whole months and months in part add up the same, folded or not', async () => {
    const ranked = async (query: string) =>
      cellsOf(await report('products', `${query}&rank=revenue&order=top`), [
        'sku',
        'quantity',
        'netSales',
        'margin',
      ]);
    // 15 January to the end of February: January in part (its days), February whole (its month).
    const partAndWhole = [
      ['SKU-0', 8, 800, 480],
      ['SKU-1', 4, 800, 200],
      ['SKU-2', 1, 300, null],
    ];
    const pending = await ranked('from=2026-01-15&to=2026-02-28');
    expect(pending).toEqual(partAndWhole);
    await testApp.app.salesSummaries.foldAll();
    expect(await ranked('from=2026-01-15&to=2026-02-28')).toEqual(partAndWhole);
    // Both months whole; then only days, inside one month and across two.
    expect(await ranked('from=2026-01-01&to=2026-02-28')).toEqual(partAndWhole);
    expect(await ranked('from=2026-02-01&to=2026-02-03')).toEqual([
      ['SKU-0', 2, 200, 120],
      ['SKU-1', 1, 200, 50],
    ]);
    expect(await ranked('from=2026-01-27&to=2026-02-02')).toEqual([
      ['SKU-0', 7, 700, 420],
      ['SKU-1', 1, 200, 50],
    ]);
  });

  it('exports exactly the table it shows, money in euros, the totals last', async () => {
    const shown = await report('trend');
    const records = await expectCsvOfTable(
      testApp,
      shop,
      `/api/v1/merchants/${shop.slug}/reports/sales/trend/export?${week}`,
      shown,
    );
    expect(records[0]).toEqual(['2026-02-02', '4.00', '2', '2.00', '0', '0.00', '2026-01-26', '0.00', '']);
  });

  it('refuses a range backwards, too long or malformed, and an unknown report, with a sentence', async () => {
    for (const [path, query, message] of [
      ['trend', 'from=2026-02-08&to=2026-02-02', 'The first day must come before the last.'],
      [
        'trend',
        'from=2024-01-01&to=2026-02-02',
        'A report reaches 732 days at most: choose a shorter range.',
      ],
      ['trend', 'from=2026-02-30&to=2026-03-02', 'Give the first day as YYYY-MM-DD, such as 2026-12-06.'],
      ['trend', `${week}&by=year`, 'Group by day, week or month.'],
      [
        'forecast',
        week,
        'Ask for one of these reports: trend, hours, channels, categories, payments, products, staff.',
      ],
    ]) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/merchants/${shop.slug}/reports/sales/${path}?${query}`,
        headers: { cookie: shop.owner.cookie },
      });
      expect(response.statusCode, `${path}?${query}`).toBe(400);
      expect(response.body).toContain(message);
    }
  });
});
