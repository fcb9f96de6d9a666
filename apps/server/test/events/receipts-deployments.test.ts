import { randomBytes, randomUUID } from 'node:crypto';
import { receiptRoutingKey, type DeliveryReceiptV1 } from '@myb/contracts';
import { hasServices, requireServiceUrl, waitFor } from '@myb/testing';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeReceiptsOverAmqp, type ReceiptConsumer } from '../../src/messaging/receipt-consumer';
import { receiptsQueueFor } from '../../src/messaging/receipts-queue';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { createReceiptHandler } from '../../src/modules/events/receipts';
import { buildTestApp, createShop, type TestApp } from '../helper';

const EVENTS_EACH = 20;

/**
 * Two deployments (two databases, two servers' receipt consumers, started as server.ts starts them)
 * on one RabbitMQ virtual host. Agents address receipts by shop and supplier only, and here both
 * deployments even have a shop and a supplier of the same names, as a staging copy of production would.
 */
describe.skipIf(!hasServices('rabbitmq'))('receipts of two deployments on one virtual host', () => {
  const url = requireServiceUrl('rabbitmq');
  // This run's own exchange, so its receipts reach no other suite's queues and theirs none of its.
  const exchange = `myb.test.deployments.${randomBytes(5).toString('hex')}`;
  const merchant = `shop-${randomBytes(4).toString('hex')}`;
  const deployments: { app: TestApp; eventIds: string[]; queue: string; consumer?: ReceiptConsumer }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const app = await buildTestApp('pglite');
      const shop = await createShop(app, { slug: merchant, suppliers: 1, products: 0 });
      const { db } = app.database;
      const { id: merchantId } = await db.selectFrom('merchants').select('id').where('slug', '=', shop.slug).executeTakeFirstOrThrow();
      const eventIds = Array.from({ length: EVENTS_EACH }, () => randomUUID());
      await db
        .insertInto('outbox_events')
        .values(
          eventIds.map((id) => ({
            id,
            type: 'order.dispatched',
            merchant_id: merchantId,
            order_id: null,
            supplier_id: shop.supplierIds[0]!,
            routing_key: `${merchant}.supplier-0`,
            topic: `${merchant}/supplier-0`,
            payload: JSON.stringify({ id }),
            status: 'published' as const,
          })),
        )
        .execute();
      deployments.push({ app, eventIds, queue: await receiptsQueueFor(db, undefined) });
    }
  });

  afterAll(async () => {
    for (const deployment of deployments) {
      await deployment.consumer?.close();
      await deployment.app.close();
    }
    const connection = await amqp.connect(url);
    const channel = await connection.createChannel();
    for (const deployment of deployments) {
      await channel.deleteQueue(deployment.queue);
    }
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  it('gives each deployment a receipts queue of its own, the same for every process of one deployment', async () => {
    const [a, b] = deployments;
    expect(a!.queue).not.toBe(b!.queue);
    expect(await receiptsQueueFor(a!.app.database.db, undefined)).toBe(a!.queue);
    expect(a!.queue).toMatch(/^myb\.receipts\.[0-9a-f-]{36}$/);
    expect(await receiptsQueueFor(a!.app.database.db, 'chosen.by.operator')).toBe('chosen.by.operator');
  });

  it("records every receipt of each deployment in that deployment, and none of the other's", async () => {
    for (const deployment of deployments) {
      const { db } = deployment.app.database;
      deployment.consumer = consumeReceiptsOverAmqp(
        url,
        exchange,
        deployment.queue,
        { receipt: createReceiptHandler(createEventsRepository(db), deployment.app.app.log) },
        deployment.app.app.log,
      );
      await deployment.consumer.ready;
    }

    // The agents' receipts, as agents publish them: by shop and supplier. One deployment's, then the
    // other's (strictly alternating, a shared queue's round robin would happen to hand each its own).
    const connection = await amqp.connect(url);
    const channel = await connection.createConfirmChannel();
    for (const deployment of deployments) {
      for (let n = 0; n < EVENTS_EACH; n += 1) {
        const receipt: DeliveryReceiptV1 = {
          id: randomUUID(),
          type: 'delivery.receipt',
          version: 1,
          occurredAt: new Date().toISOString(),
          eventId: deployment.eventIds[n]!,
          merchant,
          supplier: 'supplier-0',
          stage: 'delivered',
          recipients: [],
          reason: null,
          agent: 'test-agent',
        };
        channel.publish(exchange, receiptRoutingKey(merchant, 'supplier-0'), Buffer.from(JSON.stringify(receipt)), {
          persistent: true,
          messageId: receipt.id,
          type: 'delivery.receipt',
          contentType: 'application/json',
        });
      }
    }
    await channel.waitForConfirms();
    await connection.close();

    for (const [index, deployment] of deployments.entries()) {
      const recorded = await waitFor(
        async () => {
          const rows = await deployment.app.database.db
            .selectFrom('delivery_steps')
            .select('event_id')
            .where('stage', '=', 'delivered')
            .execute();
          return rows.length >= EVENTS_EACH ? rows : undefined;
        },
        `deployment ${index}'s ${EVENTS_EACH} receipts`,
        15_000,
      );
      expect(recorded.map((row) => row.event_id).sort()).toEqual([...deployment.eventIds].sort());
    }
  });
});
