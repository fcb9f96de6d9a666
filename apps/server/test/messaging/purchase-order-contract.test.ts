import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  MESSAGE_CONTENT_TYPE,
  parseEnvelope,
  type PurchaseOrder,
} from '@myb/contracts';
import { hasServices, requireServiceUrl } from '@myb/testing';
import { createAmqpPublisher } from '../../src/messaging/amqp-publisher';
import { startEventPipeline } from '../../src/modules/events/pipeline';
import { buildTestApp, createShop, type ShopFixture, type TestApp } from '../helper';

/**
 * The contract as a stock consumer meets it: a plain amqplib client, no code of ours, binds a queue
 * to `<merchant>.<supplier>` on `amq.topic` as the README says, and a purchase order sent through the
 * API reaches it with the documented properties and body.
 */
describe.skipIf(!hasServices('purchase_order.sent on RabbitMQ', 'rabbitmq'))(
  'purchase_order.sent on RabbitMQ',
  () => {
    let testApp: TestApp;
    let shop: ShopFixture;
    let connection: amqp.ChannelModel;

    beforeAll(async () => {
      testApp = await buildTestApp('pglite');
      shop = await createShop(testApp, {
        slug: `po-msg-${randomBytes(5).toString('hex')}`,
        suppliers: 1,
        products: 2,
      });
      connection = await amqp.connect(requireServiceUrl('rabbitmq'));
    });
    afterAll(async () => {
      await connection?.close();
      await testApp?.close();
    });

    it('reaches a plain amqplib consumer bound to <merchant>.<supplier>, with the documented properties and body', async () => {
      const routingKey = amqpRoutingKey(shop.slug, 'supplier-0');
      const channel = await connection.createChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, DEFAULT_AMQP_EXCHANGE, routingKey);
      const next = new Promise<amqp.ConsumeMessage>((resolve) => {
        void channel.consume(queue, (message) => message && resolve(message), { noAck: true });
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
        lines: [
          { productId: shop.productIds[0], quantity: 24, costMinor: 120, supplierSku: 'BC-1010' },
          { productId: shop.productIds[1], quantity: 3, costMinor: 1999 },
        ],
        expectedOn: '2026-12-10',
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const sent = await call(`/purchase-orders/${draft.json<PurchaseOrder>().id}/send`);
      expect(sent.statusCode, sent.body).toBe(200);
      const order = sent.json<PurchaseOrder>();
      const eventId = order.deliveries[0]!.eventId;

      // The application's own relay is off in API tests: a relay on RabbitMQ publishes what the outbox holds.
      const publisher = createAmqpPublisher(requireServiceUrl('rabbitmq'), DEFAULT_AMQP_EXCHANGE);
      const pipeline = await startEventPipeline({
        database: testApp.database,
        logger: testApp.app.log,
        broker: { publisher },
        relay: { idlePollMs: 50 },
      });
      const before = Math.floor(Date.now() / 1000);
      try {
        await pipeline.start();
        let timer: NodeJS.Timeout | undefined;
        const message = await Promise.race([
          next,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no message on ${routingKey} within 10 s`)), 10_000);
          }),
        ]).finally(() => clearTimeout(timer));

        expect(message.fields.exchange).toBe(DEFAULT_AMQP_EXCHANGE);
        expect(message.fields.routingKey).toBe(routingKey);
        expect(message.properties).toMatchObject({
          messageId: eventId,
          type: 'purchase_order.sent',
          contentType: MESSAGE_CONTENT_TYPE,
          deliveryMode: 2,
        });
        expect(message.properties.timestamp).toBeGreaterThanOrEqual(before - 1);

        expect(JSON.parse(message.content.toString('utf8'))).toEqual({
          id: eventId,
          type: 'purchase_order.sent',
          version: 1,
          occurredAt: expect.any(String),
          merchant: { slug: shop.slug, name: `Shop ${shop.slug}` },
          supplier: { slug: 'supplier-0', name: 'Supplier 0' },
          purchaseOrder: { id: order.id, number: order.number, expectedOn: '2026-12-10', note: null },
          lines: [
            {
              position: 1,
              sku: 'SKU-0',
              supplierSku: 'BC-1010',
              product: 'Product 0',
              quantity: 24,
              unitCostMinor: 120,
              currency: 'EUR',
            },
            {
              position: 2,
              sku: 'SKU-1',
              supplierSku: null,
              product: 'Product 1',
              quantity: 3,
              unitCostMinor: 1999,
              currency: 'EUR',
            },
          ],
          replyTo: {
            routingKey: `receipts.${shop.slug}.supplier-0`,
            topic: `receipts/${shop.slug}/supplier-0`,
          },
          acknowledgeUrl: expect.stringMatching(/^http:\/\/localhost\/purchase-orders\/acknowledge\/[\w-]{43}$/),
        });
        expect(parseEnvelope(message.content)).toMatchObject({
          ok: true,
          event: { type: 'purchase_order.sent' },
        });
      } finally {
        await pipeline.close();
        await publisher.close();
      }
    });
  },
);
