import { randomUUID } from 'node:crypto';
import type { DeliveryStage } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { buildTestApp, createShop, engines, type TestApp } from '../helper';

/**
 * Trails in the order their steps happened, and where each stands: the furthest step reached,
 * whatever order receipts arrive in, except that a failure stands until something happens after it.
 */
const TRAILS: [DeliveryStage[], DeliveryStage][] = [
  [['queued'], 'queued'],
  [['queued', 'published'], 'published'],
  [['queued', 'published', 'delivered', 'emailed'], 'emailed'],
  // A relay that published again after the agent already e-mailed does not move it back.
  [['queued', 'published', 'emailed', 'published'], 'emailed'],
  [['queued', 'published', 'emailed', 'delivered'], 'emailed'],
  [['queued', 'published', 'delivered', 'failed'], 'failed'],
  [['queued', 'published', 'failed', 'published'], 'published'],
  [['queued', 'published', 'failed', 'queued'], 'queued'],
  [['queued', 'published', 'failed', 'published', 'delivered', 'emailed'], 'emailed'],
  [['queued', 'failed', 'published', 'failed'], 'failed'],
  [['queued', 'emailed', 'failed', 'delivered', 'published'], 'delivered'],
];
const STAGES: DeliveryStage[] = ['queued', 'published', 'delivered', 'emailed', 'failed'];

describe.each(engines())("a message's stage, read and searched (%s)", (engine) => {
  let testApp: TestApp;
  let merchantId: string;
  const expected = new Map<string, DeliveryStage>();

  beforeAll(async () => {
    testApp = await buildTestApp(engine);
    const shop = await createShop(testApp, { suppliers: 1, products: 0 });
    const { db } = testApp.database;
    const merchant = await db
      .selectFrom('merchants')
      .select('id')
      .where('slug', '=', shop.slug)
      .executeTakeFirstOrThrow();
    merchantId = merchant.id;
    const start = Date.now() - 60_000;
    for (const [index, [trail, stage]] of TRAILS.entries()) {
      const id = randomUUID();
      await db
        .insertInto('outbox_events')
        .values({
          id,
          type: 'order.dispatched',
          merchant_id: merchantId,
          order_id: null,
          supplier_id: shop.supplierIds[0]!,
          routing_key: `${shop.slug}.supplier-0`,
          topic: `${shop.slug}/supplier-0`,
          payload: JSON.stringify({ id }),
        })
        .execute();
      // Steps a second apart, in the trail's order, the way the trail is read back (by time).
      await db
        .insertInto('delivery_steps')
        .values(
          trail.map((stage, step) => ({
            event_id: id,
            stage,
            at: new Date(start + index * 100 + step * 1000),
          })),
        )
        .execute();
      expected.set(id, stage);
    }
  });

  afterAll(() => testApp?.close());

  it.each(STAGES)('finds exactly the messages whose delivery stands at %s', async (stage) => {
    const found = await createEventsRepository(testApp.database.db).listMessages({
      merchantId,
      stage,
      limit: 200,
    });
    const want = [...expected].filter(([, current]) => current === stage).map(([id]) => id);
    expect(want.length).toBeGreaterThan(0);
    expect(found.map((row) => row.id).sort()).toEqual(want.sort());
  });

  it('reads each message at the stage its trail stands at, the same stage a search by stage finds it at', async () => {
    const read = await createEventsRepository(testApp.database.db).progressOf([...expected.keys()]);
    expect(new Map(read.map((row) => [row.id, row.stage]))).toEqual(expected);
  });
});
