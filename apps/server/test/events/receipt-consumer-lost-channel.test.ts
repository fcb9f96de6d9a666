import { randomBytes } from 'node:crypto';
import { receiptRoutingKey } from '@myb/contracts';
import { hasServices, requireServiceUrl, waitFor } from '@myb/testing';
import amqp from 'amqplib';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { consumeReceiptsOverAmqp, type ReceiptConsumer } from '../../src/messaging/receipt-consumer';

/**
 * A receipt still being recorded when its channel closes (the broker died, or cancelled the consumer):
 * the delivery is the broker's again, so the consumer must neither acknowledge it on the dead channel
 * (amqplib throws, and an unhandled rejection ends the server process) nor stop consuming.
 */
describe.skipIf(!hasServices('a receipt consumer losing its channel', 'rabbitmq'))(
  'a receipt consumer losing its channel',
  () => {
    const url = requireServiceUrl('rabbitmq');
    const suffix = randomBytes(5).toString('hex');
    const exchange = `myb.test.lost-channel.${suffix}`;
    const queue = `myb.receipts.test-lost-channel-${suffix}`;
    const routingKey = receiptRoutingKey('shop', 'supplier');
    let consumer: ReceiptConsumer | undefined;

    afterAll(async () => {
      await consumer?.close();
      const connection = await amqp.connect(url);
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.deleteExchange(exchange);
      await connection.close();
    });

    it('drops the delivery it held, keeps the process alive, and consumes again on a new channel', async () => {
      const unhandled: unknown[] = [];
      const noteUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', noteUnhandled);

      const recorded: string[] = [];
      let releaseFirst: () => void = () => undefined;
      const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
      consumer = consumeReceiptsOverAmqp(
        url,
        exchange,
        queue,
        {
          receipt: async (body) => {
            const text = Buffer.from(body).toString();
            if (text === 'first') {
              await firstHeld;
            }
            recorded.push(text);
          },
        },
        pino({ level: 'silent' }),
      );
      await consumer.ready;

      const connection = await amqp.connect(url);
      try {
        const channel = await connection.createConfirmChannel();
        channel.publish(exchange, routingKey, Buffer.from('first'));
        await channel.waitForConfirms();
        // The broker cancels a consumer whose queue is deleted; the consumer then closes its connection.
        await waitFor(
          async () => ((await channel.checkQueue(queue)).messageCount === 0 ? true : undefined),
          'the first receipt delivered',
        );
        await channel.deleteQueue(queue);
        const consumerBack = async () => {
          const state = await connection.createChannel().then(async (probe) => {
            probe.on('error', () => undefined);
            return probe.checkQueue(queue).then(
              (answer) => probe.close().then(() => answer),
              () => undefined,
            );
          });
          return state && state.consumerCount === 1 ? true : undefined;
        };
        await waitFor(consumerBack, 'the consumer to declare its queue again and consume');
        releaseFirst();

        channel.publish(exchange, routingKey, Buffer.from('second'));
        await channel.waitForConfirms();
        await waitFor(() => (recorded.length === 2 ? true : undefined), 'both receipts recorded');
      } finally {
        process.off('unhandledRejection', noteUnhandled);
        await connection.close();
      }
      // The held one was recorded after its channel was gone: not acknowledged there, and not retried.
      expect(recorded.sort()).toEqual(['first', 'second']);
      expect(unhandled).toEqual([]);
    });
  },
);
