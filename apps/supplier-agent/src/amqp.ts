import { setTimeout as delay } from 'node:timers/promises';
import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  MESSAGE_CONTENT_TYPE,
  presenceRoutingKey,
  receiptRoutingKey,
} from '@myb/contracts';
import { buildPresence } from './presence';
import { buildReceipt, noReceipts, type ReceiptSender } from './receipts';
import { deferred, type Subscription, type SubscriptionContext } from './subscription';
import { createWorkLine } from './work-line';

export interface AmqpBrokerOption {
  kind: 'amqp';
  url: string;
  /** Topic exchange the server publishes on; default `amq.topic`. */
  exchange?: string;
  /** Default `myb.<merchant>.<supplier>`; unparsable messages go to `<queue>.dead`. */
  queue?: string;
}

export const DEAD_LETTER_REASON_HEADER = 'x-myb-reason';
const PREFETCH = 10;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export function defaultAmqpQueue(merchant: string, supplier: string): string {
  return `myb.${amqpRoutingKey(merchant, supplier)}`;
}

export function deadLetterQueue(queue: string): string {
  return `${queue}.dead`;
}

function publishConfirmed(channel: ConfirmChannel, queue: string, message: ConsumeMessage, reason: string) {
  const { properties, fields } = message;
  return new Promise<void>((resolve, reject) => {
    channel.sendToQueue(
      queue,
      message.content,
      {
        persistent: true,
        contentType: properties.contentType as string | undefined,
        messageId: properties.messageId as string | undefined,
        type: properties.type as string | undefined,
        timestamp: properties.timestamp as number | undefined,
        headers: {
          ...(properties.headers ?? {}),
          [DEAD_LETTER_REASON_HEADER]: reason,
          'x-myb-original-exchange': fields.exchange,
          'x-myb-original-routing-key': fields.routingKey,
        },
      },
      (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('publish not confirmed')) : resolve(),
    );
  });
}

export function subscribeAmqp(broker: AmqpBrokerOption, context: SubscriptionContext): Subscription {
  const { merchant, supplier, handle, logger, retryDelayMs } = context;
  const exchange = broker.exchange ?? DEFAULT_AMQP_EXCHANGE;
  const routingKey = amqpRoutingKey(merchant, supplier);
  const queue = broker.queue ?? defaultAmqpQueue(merchant, supplier);
  const deadQueue = deadLetterQueue(queue);
  const ready = deferred();
  const line = createWorkLine((error) =>
    logger.warn({ err: error, queue }, 'message left unsettled; the broker will deliver it again'),
  );
  let closing = false;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let opening: Promise<void> | undefined;
  let current: { connection: ChannelModel; channel: ConfirmChannel; consumerTag: string } | undefined;

  /** On the consuming channel: its confirm comes back while the message it is about is still unacknowledged. */
  function receiptSender(channel: ConfirmChannel): ReceiptSender {
    if (!context.receipts) {
      return noReceipts;
    }
    const key = receiptRoutingKey(merchant, supplier);
    return (report) => {
      const receipt = buildReceipt(merchant, supplier, queue, report);
      return new Promise<void>((resolve, reject) => {
        channel.publish(
          exchange,
          key,
          Buffer.from(JSON.stringify(receipt)),
          {
            persistent: true,
            messageId: receipt.id,
            type: receipt.type,
            contentType: MESSAGE_CONTENT_TYPE,
            contentEncoding: 'utf-8',
            timestamp: Math.floor(Date.now() / 1000),
          },
          (error: unknown) =>
            error ? reject(error instanceof Error ? error : new Error('receipt not confirmed')) : resolve(),
        );
      });
    };
  }

  // AMQP has no last will: the agent says `online` on every (re)subscription and every heartbeat,
  // `offline` when it stops cleanly, and the server counts it gone after three missed heartbeats.
  const since = new Date();
  function announce(channel: ConfirmChannel, status: 'online' | 'offline'): Promise<void> {
    if (!context.receipts) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      channel.publish(
        exchange,
        presenceRoutingKey(merchant, supplier),
        buildPresence(merchant, supplier, queue, status, since, context.heartbeatSeconds),
        {
          contentType: MESSAGE_CONTENT_TYPE,
          type: 'agent.presence',
          timestamp: Math.floor(Date.now() / 1000),
        },
        (error: unknown) =>
          error ? reject(error instanceof Error ? error : new Error('presence not confirmed')) : resolve(),
      );
    });
  }
  const heartbeat = setInterval(() => {
    if (current) {
      announce(current.channel, 'online').catch((error: unknown) =>
        logger.warn({ err: error }, 'could not send a heartbeat'),
      );
    }
  }, context.heartbeatSeconds * 1000);

  /** `open` says whether the delivery's channel still is: a closed channel's deliveries are the broker's again. */
  async function settle(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    open: () => boolean,
  ): Promise<void> {
    const outcome = await handle(message.content, receiptSender(channel));
    switch (outcome.kind) {
      case 'emailed':
        logger.info(
          { eventId: outcome.eventId, sent: outcome.sent, skipped: outcome.skipped, queue },
          'e-mailed',
        );
        channel.ack(message);
        return;
      case 'rejected':
        logger.warn(
          { reason: outcome.reason, eventId: outcome.eventId, queue, deadQueue },
          'message moved to the dead-letter queue',
        );
        // Acknowledged only once the broker confirmed the copy, so the message exists somewhere at every moment.
        await publishConfirmed(channel, deadQueue, message, outcome.reason);
        channel.ack(message);
        return;
      case 'failed':
        if (!open()) {
          // Nothing to hand back, and no reason to wait: the broker delivers it again on the next connection.
          logger.warn(
            { err: outcome.error, queue },
            'the connection closed while handling a message; it will come again',
          );
          return;
        }
        logger.error(
          { err: outcome.error, queue },
          `e-mail failed; handing the message back in ${retryDelayMs} ms`,
        );
        await delay(retryDelayMs);
        channel.nack(message, false, true);
        return;
    }
  }

  async function open(): Promise<void> {
    // Nagle's algorithm off (amqplib leaves it on): a receipt or an ack must not wait for the previous one's ACK.
    const connection = await connect(broker.url, { noDelay: true });
    connection.on('error', (error: unknown) => logger.warn({ err: error }, 'AMQP connection error'));
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: unknown) => logger.warn({ err: error }, 'AMQP channel error'));
      let channelOpen = true;
      channel.once('close', () => (channelOpen = false));
      if (!exchange.startsWith('amq.')) {
        await channel.assertExchange(exchange, 'topic', { durable: true });
      }
      const quorum = { 'x-queue-type': 'quorum' };
      await channel.assertQueue(deadQueue, { durable: true, arguments: quorum });
      await channel.assertQueue(queue, {
        durable: true,
        // Brokers that cap redeliveries (RabbitMQ 4 does by default) then move the message here instead of dropping it.
        arguments: { ...quorum, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadQueue },
      });
      await channel.bindQueue(queue, exchange, routingKey);
      await channel.prefetch(PREFETCH);
      const { consumerTag } = await channel.consume(
        queue,
        (message) => {
          if (message === null) {
            // The broker cancelled us (queue deleted): a fresh connection declares it again.
            logger.warn({ queue }, 'consumer cancelled by the broker; reconnecting');
            connection.close().catch(() => undefined);
            return;
          }
          // Deliveries prefetched on a connection that died meanwhile are skipped, not handled: their
          // receipts and acks could not go out, and the broker delivers them again on the next connection.
          void line.run(() =>
            channelOpen ? settle(channel, message, () => channelOpen) : Promise.resolve(),
          );
        },
        { noAck: false },
      );
      current = { connection, channel, consumerTag };
      announce(channel, 'online').catch((error: unknown) =>
        logger.warn({ err: error }, 'could not announce presence'),
      );
      connection.once('close', () => {
        current = undefined;
        if (!closing) {
          logger.warn({ queue }, 'AMQP connection closed; reconnecting');
          scheduleReconnect();
        }
      });
      channel.once('close', () => {
        if (!closing) {
          connection.close().catch(() => undefined);
        }
      });
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  function attempt(): void {
    reconnectTimer = undefined;
    opening = open().then(
      () => {
        if (closing) {
          return;
        }
        failures = 0;
        logger.info({ queue, exchange, routingKey }, 'subscribed over AMQP');
        ready.resolve();
      },
      (error: unknown) => {
        logger.warn({ err: error, queue }, 'could not subscribe over AMQP; retrying');
        scheduleReconnect();
      },
    );
  }

  function scheduleReconnect(): void {
    if (closing || reconnectTimer !== undefined) {
      return;
    }
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** failures);
    failures += 1;
    reconnectTimer = setTimeout(attempt, wait);
  }

  attempt();

  return {
    ready: ready.promise,
    async close() {
      closing = true;
      clearTimeout(reconnectTimer);
      ready.reject(new Error('the agent closed before it subscribed'));
      // A connection being opened right now is closed below like an established one.
      await opening;
      const session = current;
      if (session !== undefined) {
        await session.channel.cancel(session.consumerTag).catch(() => undefined);
      }
      await line.stop();
      clearInterval(heartbeat);
      if (session !== undefined) {
        await Promise.race([announce(session.channel, 'offline'), delay(2000)]).catch(() => undefined);
      }
      // Messages prefetched but not started go back to the queue when the channel closes.
      await session?.connection.close().catch(() => undefined);
    },
  };
}
