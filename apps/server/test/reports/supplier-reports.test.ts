import { randomUUID } from 'node:crypto';
import type { SupplierReport } from '@myb/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPurchaseHistoryRepository,
  type PastPurchaseOrder,
} from '../../src/demo/purchase-history.repository';
import { createMerchantsRepository } from '../../src/modules/merchants/merchants.repository';
import {
  buildTestApp,
  closeCheckingStock,
  createShop,
  engines,
  type Engine,
  type ShopFixture,
  type TestApp,
} from '../helper';
import { expectCsvOfTable, readReport } from './report-scene';

const ZONE = 'America/New_York';

/**
 * Each supplier report's figures over the week of Monday 2 February 2026 of a shop in New York (five
 * hours behind UTC then), worked out by hand. Purchase orders, by the local time they were sent:
 *   Supplier 0
 *   A  Mon 09:00  expected Thu 5   acknowledged 13:00 (4 h)    20 received Wed 09:00        lead 2 d, on time
 *   B  Tue 09:00  expected Thu 5   acknowledged 10:00 (1 h)    10 received Sat 09:00        lead 4 d, late
 *   C  Wed 09:00  no expected day  acknowledged Thu 09:00 (24 h)  5 received Thu 21:00     lead 1.5 d, not judged
 *   D  Thu 09:00  expected Fri 6   acknowledged 11:00 (2 h)    16 of 20 received Sat 09:00, closed short:
 *                                                               lead 2 d, late, fill 16 of 20
 *   E  Sun 23:30 (Monday in UTC, still the week's)  expected Tue 10  nothing yet: late by now, not filled
 *   and two outside the week: Sun 1 at 23:30 and Mon 9 at 00:30.
 *   Supplier 1
 *   H  Tue 09:00  expected Wed 4   not acknowledged            8 received Wed 13:48         lead 1.2 d, on time
 * Lead times of supplier 0: 1.5, 2, 2, 4 → average 2.375, p90 2 + 0.7 × (4 − 2) = 3.4 (the 90th
 * percentile interpolated between the 3rd and 4th of four); acknowledgements 1, 2, 4, 24 h → average
 * 7.75, p90 4 + 0.7 × 20 = 18. All together: leads 1.2, 1.5, 2, 2, 4 → average 2.14, p90 2 + 0.6 × 2 = 3.2.
 * Another shop's order and message of the same week count nowhere.
 */
describe.each(engines())('supplier reports on %s', (engine: Engine) => {
  let testApp: TestApp;
  let shop: ShopFixture;
  const week = 'from=2026-02-02&to=2026-02-08';
  const report = (name: string, query = week) =>
    readReport<SupplierReport>(testApp, shop, `suppliers/${name}?${query}`);

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    shop = await createShop(testApp, { products: 2, suppliers: 2, stock: 10 });
    const db = testApp.database.db;
    await db.updateTable('merchants').set({ time_zone: ZONE }).where('slug', '=', shop.slug).execute();
    const merchant = (await createMerchantsRepository(db).findBySlug(shop.slug))!;
    const [s0, s1] = shop.supplierIds as [string, string];
    const [p0, p1] = shop.productIds as [string, string];
    const history = createPurchaseHistoryRepository(db);
    const order = (
      supplierId: string,
      sentAt: string,
      expectedOn: string | null,
      quantities: number[],
      rest: Partial<PastPurchaseOrder> = {},
    ) =>
      history.write(merchant, shop.owner.id, {
        supplierId,
        sentAt,
        expectedOn,
        lines: quantities.map((quantity, index) => ({
          productId: [p0, p1][index]!,
          quantity,
          unitCostMinor: 100,
        })),
        receipts: [],
        ...rest,
      });
    await order(s0, '2026-02-02 09:00', '2026-02-05', [10, 10], {
      acknowledgedAt: '2026-02-02 13:00',
      receipts: [{ at: '2026-02-04 09:00', quantities: [10, 10] }],
    });
    await order(s0, '2026-02-03 09:00', '2026-02-05', [10], {
      acknowledgedAt: '2026-02-03 10:00',
      receipts: [{ at: '2026-02-07 09:00', quantities: [10] }],
    });
    await order(s0, '2026-02-04 09:00', null, [5], {
      acknowledgedAt: '2026-02-05 09:00',
      receipts: [{ at: '2026-02-05 21:00', quantities: [5] }],
    });
    await order(s0, '2026-02-05 09:00', '2026-02-06', [10, 10], {
      acknowledgedAt: '2026-02-05 11:00',
      receipts: [{ at: '2026-02-07 09:00', quantities: [6, 10] }],
      closedAt: '2026-02-07 10:00',
    });
    await order(s0, '2026-02-08 23:30', '2026-02-10', [10]);
    await order(s0, '2026-02-01 23:30', '2026-02-02', [10], {
      receipts: [{ at: '2026-02-02 09:00', quantities: [10] }],
    });
    await order(s0, '2026-02-09 00:30', null, [10]);
    await order(s1, '2026-02-03 09:00', '2026-02-04', [8], {
      receipts: [{ at: '2026-02-04 13:48', quantities: [8] }],
    });

    // Messages, by the local time written, and the seconds after which each step came.
    const message = async (
      supplierId: string,
      type: 'order.dispatched' | 'purchase_order.sent',
      at: string,
      steps: ['queued' | 'published' | 'delivered' | 'emailed' | 'failed', number][],
    ) => {
      const id = randomUUID();
      const written = sql<Date>`(${at}::timestamp AT TIME ZONE ${ZONE})`;
      await db
        .insertInto('outbox_events')
        .values({
          id,
          type,
          merchant_id: merchant.id,
          order_id: null,
          supplier_id: supplierId,
          routing_key: `${shop.slug}.supplier`,
          topic: `${shop.slug}/supplier`,
          payload: JSON.stringify({ id }),
          status: 'published',
          created_at: written,
        })
        .execute();
      await db
        .insertInto('delivery_steps')
        .values(
          steps.map(([stage, seconds]) => ({
            event_id: id,
            stage,
            at: sql<Date>`${written} + make_interval(secs => ${seconds})`,
          })),
        )
        .execute();
    };
    const delivered = (seconds: number): ['queued' | 'published' | 'delivered' | 'emailed', number][] => [
      ['queued', 0],
      ['published', 1],
      ['delivered', seconds - 1],
      ['emailed', seconds],
    ];
    await message(s0, 'order.dispatched', '2026-02-02 10:00', delivered(4));
    await message(s0, 'order.dispatched', '2026-02-03 10:00', delivered(10));
    // E-mailed in 2 s, and again on a redelivery 30 s later: the first counts.
    await message(s0, 'purchase_order.sent', '2026-02-04 10:00', [...delivered(2), ['emailed', 30]]);
    await message(s0, 'order.dispatched', '2026-02-05 10:00', [
      ['queued', 0],
      ['published', 1],
      ['failed', 3],
    ]);
    await message(s0, 'order.dispatched', '2026-02-08 23:30', delivered(6));
    await message(s0, 'order.dispatched', '2026-02-09 00:30', delivered(50));
    await message(s1, 'purchase_order.sent', '2026-02-04 10:00', delivered(20));

    // Another shop's purchase order and message of the same week, which no figure here may count.
    const other = await createShop(testApp, { products: 1, suppliers: 1 });
    const otherMerchant = (await createMerchantsRepository(db).findBySlug(other.slug))!;
    await history.write(otherMerchant, other.owner.id, {
      supplierId: other.supplierIds[0]!,
      sentAt: '2026-02-03 09:00',
      expectedOn: '2026-02-04',
      lines: [{ productId: other.productIds[0]!, quantity: 3, unitCostMinor: 100 }],
      acknowledgedAt: '2026-02-03 09:30',
      receipts: [{ at: '2026-02-10 09:00', quantities: [1] }],
      closedAt: '2026-02-10 10:00',
    });
    const otherMessage = randomUUID();
    await db
      .insertInto('outbox_events')
      .values({
        id: otherMessage,
        type: 'order.dispatched',
        merchant_id: otherMerchant.id,
        order_id: null,
        supplier_id: other.supplierIds[0]!,
        routing_key: `${other.slug}.supplier`,
        topic: `${other.slug}/supplier`,
        payload: JSON.stringify({ id: otherMessage }),
        status: 'published',
        created_at: sql<Date>`${'2026-02-04 10:00'}::timestamp AT TIME ZONE ${ZONE}`,
      })
      .execute();
  });
  afterAll(() => closeCheckingStock(testApp));

  const KEYS = [
    'supplier',
    'sent',
    'received',
    'leadTimeAverage',
    'leadTimeP90',
    'judged',
    'onTime',
    'onTimeRate',
    'fillRate',
    'acknowledged',
    'acknowledgementAverage',
    'acknowledgementP90',
  ];
  const cellsOf = (row: SupplierReport['rows'][number]) => KEYS.map((key) => row[key]);

  it('purchase orders: lead times with p90, on-time and fill rates, acknowledgement times, per supplier', async () => {
    const orders = await report('purchase-orders');
    expect(orders.period).toEqual({ from: '2026-02-02', to: '2026-02-08' });
    expect(orders.rows.map(cellsOf)).toEqual([
      // 1 on time of A, B, D and E; 51 of 55 received on A–D.
      ['Supplier 0', 5, 4, 2.4, 3.4, 4, 1, 25, 92.7, 4, 7.8, 18],
      ['Supplier 1', 1, 1, 1.2, 1.2, 1, 1, 100, 100, 0, null, null],
    ]);
    // All together: 2 on time of 5, 59 of 63 received.
    expect(cellsOf(orders.totals!)).toEqual(['Total', 6, 5, 2.1, 3.2, 5, 2, 40, 93.7, 4, 7.8, 18]);
  });

  it('messages: how many, how fast e-mailed (average and p90) and how many failed, per supplier', async () => {
    const messages = await report('messages');
    const keys = [
      'supplier',
      'messages',
      'orders',
      'purchaseOrders',
      'emailed',
      'deliveryAverage',
      'deliveryP90',
      'failed',
    ];
    // Supplier 0: e-mailed in 2, 4, 6 and 10 s: average 5.5, p90 6 + 0.7 × 4 = 8.8; one failed.
    expect(messages.rows.map((row) => keys.map((key) => row[key]))).toEqual([
      ['Supplier 0', 5, 4, 1, 4, 5.5, 8.8, 1],
      ['Supplier 1', 1, 0, 1, 1, 20, 20, 0],
    ]);
    // All: 2, 4, 6, 10 and 20 s: average 8.4, p90 10 + 0.6 × 10 = 16.
    expect(keys.map((key) => messages.totals![key])).toEqual(['Total', 6, 4, 2, 5, 8.4, 16, 1]);
  });

  it('an empty range: no rows and no totals', async () => {
    const empty = await report('purchase-orders', 'from=2025-02-02&to=2025-02-08');
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toBeNull();
    expect((await report('messages', 'from=2025-02-02&to=2025-02-08')).rows).toEqual([]);
  });

  it('exports exactly the table it shows, the totals last', async () => {
    const shown = await report('purchase-orders');
    const records = await expectCsvOfTable(
      testApp,
      shop,
      `/api/v1/merchants/${shop.slug}/reports/suppliers/purchase-orders/export?${week}`,
      shown,
    );
    expect(records[0]).toEqual([
      'Supplier 0',
      '5',
      '4',
      '2.4',
      '3.4',
      '4',
      '1',
      '25',
      '92.7',
      '4',
      '7.8',
      '18',
    ]);
    await expectCsvOfTable(
      testApp,
      shop,
      `/api/v1/merchants/${shop.slug}/reports/suppliers/messages/export?${week}`,
      await report('messages'),
    );
  });

  it('refuses a range backwards, too long or malformed, and an unknown report, with a sentence', async () => {
    for (const [path, query, message] of [
      ['messages', 'from=2026-02-08&to=2026-02-02', 'The first day must come before the last.'],
      [
        'messages',
        'from=2024-01-01&to=2026-02-02',
        'A report reaches 732 days at most: choose a shorter range.',
      ],
      [
        'purchase-orders',
        'from=2026-02-30&to=2026-03-02',
        'Give the first day as YYYY-MM-DD, such as 2026-12-06.',
      ],
      ['purchase-orders', 'to=2026-03-02', 'Give the first day as YYYY-MM-DD, such as 2026-12-06.'],
      ['invoices', week, 'Ask for one of these reports: purchase-orders, messages.'],
    ]) {
      const response = await testApp.app.inject({
        method: 'GET',
        url: `/api/v1/merchants/${shop.slug}/reports/suppliers/${path}?${query}`,
        headers: { cookie: shop.owner.cookie },
      });
      expect(response.statusCode, `${path}?${query}`).toBe(400);
      expect(response.body).toContain(message);
    }
  });
});
