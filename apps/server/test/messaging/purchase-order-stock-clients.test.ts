import { randomBytes, randomUUID } from 'node:crypto';
import { mqttTopic, type PurchaseOrder } from '@myb/contracts';
import {
  closedPort,
  hasServices,
  requireServiceUrl,
  subscribeWithMosquittoSub,
  waitFor,
  type ServiceName,
} from '@myb/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMqttPublisher } from '../../src/messaging/mqtt-publisher';
import { startEventPipeline, type EventPipeline } from '../../src/modules/events/pipeline';
import { buildTestApp, createShop, type ShopFixture, type TestApp } from '../helper';

/**
 * `purchase_order.sent` as a stock MQTT client meets it: mosquitto_sub, no code of ours, subscribed
 * to `<merchant>/<supplier>` on Mosquitto and on RabbitMQ's MQTT plugin, prints the body the outbox
 * holds; and a purchase order sent while the broker is down arrives once it is back.
 */

const brokers: { name: string; service: ServiceName }[] = [
  { name: 'Mosquitto', service: 'mosquitto' },
  { name: "RabbitMQ's MQTT plugin", service: 'rabbitmqMqtt' },
];

describe.skipIf(!hasServices('purchase_order.sent to mosquitto_sub', 'mosquitto', 'rabbitmqMqtt'))(
  'purchase_order.sent and a stock MQTT client',
  () => {
    let testApp: TestApp;
    const cleanups: (() => Promise<void>)[] = [];
    beforeAll(async () => {
      testApp = await buildTestApp('pglite');
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        await cleanup();
      }
    });
    afterAll(() => testApp?.close());

    /** A shop of its own (so its topic is its own), with a purchase order sent through the API. */
    const sentPurchaseOrder = async () => {
      const shop: ShopFixture = await createShop(testApp, {
        slug: `po-mqtt-${randomBytes(5).toString('hex')}`,
        suppliers: 1,
        products: 1,
      });
      const call = (url: string, payload?: object) =>
        testApp.app.inject({
          method: 'POST',
          url: `/api/v1/merchants/${shop.slug}${url}`,
          headers: { cookie: shop.owner.cookie },
          payload,
        });
      const draft = await call('/purchase-orders', {
        id: randomUUID(),
        supplierId: shop.supplierIds[0],
        lines: [{ productId: shop.productIds[0], quantity: 12, costMinor: 150, supplierSku: 'VM-12' }],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const sent = await call(`/purchase-orders/${draft.json<PurchaseOrder>().id}/send`);
      expect(sent.statusCode, sent.body).toBe(200);
      const order = sent.json<PurchaseOrder>();
      const { payload } = await testApp.database.db
        .selectFrom('outbox_events')
        .select('payload')
        .where('subject_id', '=', order.id)
        .executeTakeFirstOrThrow();
      return { shop, order, topic: mqttTopic(shop.slug, 'supplier-0'), payload: payload };
    };
    /** A relay (as another server process would run) publishing the outbox through `publisher`. */
    const relayThrough = async (
      publisher: ReturnType<typeof createMqttPublisher>,
    ): Promise<EventPipeline> => {
      const pipeline = await startEventPipeline({
        database: testApp.database,
        logger: testApp.app.log,
        broker: { publisher },
        relay: { idlePollMs: 50 },
      });
      cleanups.push(
        () => pipeline.close(),
        () => publisher.close(),
      );
      return pipeline;
    };

    for (const broker of brokers) {
      it(`reaches mosquitto_sub on ${broker.name}: the topic and the body as documented`, async () => {
        const url = requireServiceUrl(broker.service);
        const { topic, payload } = await sentPurchaseOrder();
        const subscription = await subscribeWithMosquittoSub(url, topic);
        cleanups.push(() => subscription.stop());

        await (await relayThrough(createMqttPublisher(url))).start();
        const lines = await subscription.messages;
        expect(lines).toHaveLength(1);
        const body = JSON.parse(lines[0]!.slice(topic.length + 1)) as unknown;
        expect(body).toEqual(payload);
        expect(body).toMatchObject({
          type: 'purchase_order.sent',
          version: 1,
          lines: [{ sku: 'SKU-0', supplierSku: 'VM-12', quantity: 12, unitCostMinor: 150 }],
        });
      });
    }

    it('keeps a purchase order sent while the broker is down, with the reason, and delivers it once a relay reaches the broker', async () => {
      const url = requireServiceUrl('mosquitto');
      const { shop, order, topic, payload } = await sentPurchaseOrder();
      const down = await relayThrough(createMqttPublisher(`mqtt://127.0.0.1:${await closedPort()}`));
      expect(await down.runOnce()).toBe(0);
      const get = async () =>
        (
          await testApp.app.inject({
            method: 'GET',
            url: `/api/v1/merchants/${shop.slug}/purchase-orders/${order.id}`,
            headers: { cookie: shop.owner.cookie },
          })
        ).json<PurchaseOrder>();
      const [stuck] = (await get()).deliveries;
      expect(stuck).toMatchObject({ status: 'pending', attempts: 1, publishedAt: null });
      expect(stuck!.lastError).toMatch(/unreachable|ECONNREFUSED/);

      const subscription = await subscribeWithMosquittoSub(url, topic);
      cleanups.push(() => subscription.stop());
      // Another relay, as another process would run, publishes it once its back-off is over.
      await (await relayThrough(createMqttPublisher(url))).start();
      const lines = await subscription.messages;
      expect(lines.map((line) => JSON.parse(line.slice(topic.length + 1)) as unknown)).toEqual([payload]);
      await waitFor(
        async () => ((await get()).deliveries[0]?.status === 'published' ? true : undefined),
        'the delivery marked published',
      );
    });
  },
);
