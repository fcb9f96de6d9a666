import { randomUUID } from 'node:crypto';
import type { DeliveryStage } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveriesRepository } from '../src/modules/deliveries/deliveries.repository';
import { currentStage } from '../src/modules/deliveries/trail';
import { buildTestApp, createShop, engines, type TestApp } from './helper';

/** Trails in the order their steps happened, covering every rule of `currentStage`. */
const TRAILS: DeliveryStage[][] = [
  ['queued'],
  ['queued', 'published'],
  ['queued', 'published', 'delivered', 'emailed'],
  ['queued', 'published', 'emailed', 'published'],
  ['queued', 'published', 'emailed', 'delivered'],
  ['queued', 'published', 'delivered', 'failed'],
  ['queued', 'published', 'failed', 'published'],
  ['queued', 'published', 'failed', 'queued'],
  ['queued', 'published', 'failed', 'published', 'delivered', 'emailed'],
  ['queued', 'failed', 'published', 'failed'],
  ['queued', 'emailed', 'failed', 'delivered', 'published'],
];
const STAGES: DeliveryStage[] = ['queued', 'published', 'delivered', 'emailed', 'failed'];

describe.each(engines())('the message log searched by stage (%s)', (engine) => {
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
    for (const [index, trail] of TRAILS.entries()) {
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
      expected.set(id, currentStage(trail.map((stage) => ({ stage }))));
    }
  });

  afterAll(() => testApp?.close());

  it.each(STAGES)('finds exactly the messages whose delivery stands at %s', async (stage) => {
    const found = await createDeliveriesRepository(testApp.database.db).listMessages({
      merchantId,
      stage,
      limit: 200,
    });
    const want = [...expected].filter(([, current]) => current === stage).map(([id]) => id);
    expect(want.length).toBeGreaterThan(0);
    expect(found.map((row) => row.id).sort()).toEqual(want.sort());
  });
});
