import { MESSAGE_CONTENT_TYPE } from '@myb/contracts';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { PublishError, withTimeout, type OutboundMessage, type Publisher } from './publisher';

const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Publishes to a topic exchange with publisher confirms and `mandatory`, so a message no queue is
 * bound to (no agent has ever subscribed) comes back as an error instead of being confirmed and
 * dropped. Connects lazily and reconnects on the next publish after a failure.
 */
export function createAmqpPublisher(url: string, exchange: string): Publisher {
  let connecting: Promise<{ connection: ChannelModel; channel: ConfirmChannel; returned: Set<string> }> | undefined;
  let closed = false;

  function connect() {
    connecting ??= (async () => {
      const connection = await amqp.connect(url, {
        clientProperties: { connection_name: 'myb-outbox-relay' },
        // amqplib leaves Nagle's algorithm on: a publish written while the previous one is unacknowledged
        // would wait for the broker's ACK (its confirm, after the queue's fsync) before leaving.
        noDelay: true,
      });
      const channel = await connection.createConfirmChannel();
      const returned = new Set<string>();
      // RabbitMQ sends basic.return before the confirm of the same message.
      channel.on('return', (message: { properties: { messageId?: string } }) => {
        if (message.properties.messageId) {
          returned.add(message.properties.messageId);
        }
      });
      const forget = () => {
        connecting = undefined;
      };
      connection.on('close', forget);
      connection.on('error', forget);
      channel.on('close', forget);
      channel.on('error', forget);
      return { connection, channel, returned };
    })();
    connecting.catch(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    description: `RabbitMQ (AMQP) ${new URL(url).host}, exchange ${exchange}`,

    async publish(message: OutboundMessage) {
      if (closed) {
        throw new PublishError('publisher is closed');
      }
      const { channel, returned } = await withTimeout(connect(), CONFIRM_TIMEOUT_MS, 'connecting to RabbitMQ');
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          channel.publish(
            exchange,
            message.routingKey,
            message.body,
            {
              messageId: message.id,
              type: message.type,
              contentType: MESSAGE_CONTENT_TYPE,
              contentEncoding: 'utf-8',
              persistent: true,
              mandatory: true,
              timestamp: Math.floor(message.timestamp.getTime() / 1000),
            },
            (error) => (error ? reject(new PublishError(`RabbitMQ refused the message: ${String(error)}`)) : resolve()),
          );
        }),
        CONFIRM_TIMEOUT_MS,
        'waiting for the RabbitMQ confirm',
      );
      if (returned.delete(message.id)) {
        throw new PublishError(
          `no queue is bound to routing key ${message.routingKey} on ${exchange}: the supplier's agent has never subscribed`,
        );
      }
    },

    async close() {
      closed = true;
      const current = await connecting?.catch(() => undefined);
      await current?.connection.close().catch(() => undefined);
    },
  };
}
