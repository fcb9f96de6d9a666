import {
  PRESENCE_BINDING_KEY,
  PRESENCE_ROUTING_PREFIX,
  PRESENCE_SUBSCRIPTION_TOPIC,
  RECEIPTS_BINDING_KEY,
  RECEIPTS_SUBSCRIPTION_TOPIC,
  type SupplierAcknowledgement,
} from '@myb/contracts';
import amqp, { type ChannelModel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import mqtt from 'mqtt';
import { reconnecting } from './reconnecting';

/**
 * Handles one message body an agent published back. Resolves when the message may be
 * acknowledged: recorded, recorded before, or unusable (logged, never retried, so a bad message
 * cannot loop). Rejects only when the database failed, and then it must come back.
 */
export type ReceiptHandler = (body: Uint8Array) => Promise<void>;

/**
 * Records a supplier's acknowledgement of one type (`purchase_order.acknowledged`, `order.acknowledged`),
 * which travels on the receipts' routing key; resolves and rejects as a `ReceiptHandler` does.
 */
export type AcknowledgementHandler<
  Type extends SupplierAcknowledgement['type'] = SupplierAcknowledgement['type'],
> = (message: Extract<SupplierAcknowledgement, { type: Type }>) => Promise<void>;

/** The acknowledgements this process records, by type. */
export type AcknowledgementHandlers = {
  [Type in SupplierAcknowledgement['type']]?: AcknowledgementHandler<Type>;
};

/** What agents publish back: receipts, and (when given a handler) their presence. */
export interface AgentMessageHandlers {
  receipt: ReceiptHandler;
  presence?: ReceiptHandler;
}

/** Picks the handler by the first word of the routing key or topic (`presence.…`, `presence/…`). */
function route(handlers: AgentMessageHandlers, address: string): ReceiptHandler {
  const presence =
    address.startsWith(`${PRESENCE_ROUTING_PREFIX}.`) || address.startsWith(`${PRESENCE_ROUTING_PREFIX}/`);
  return presence && handlers.presence ? handlers.presence : handlers.receipt;
}

/** The server's side of the receipts agents publish back. */
export interface ReceiptConsumer {
  /** Resolves once subscribed; connection failures are retried in the background meanwhile. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;
const PREFETCH = 50;

const backoff = (failures: number) => Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Hands a receipt to the database until it is in, or the consumer closes. Acknowledgement waits for
 * this, so a receipt the database could not take is never acknowledged and comes back.
 */
async function recordPatiently(
  handle: ReceiptHandler,
  body: Uint8Array,
  logger: FastifyBaseLogger,
  closed: () => boolean,
): Promise<boolean> {
  for (let failures = 0; ; failures += 1) {
    try {
      await handle(body);
      return true;
    } catch (error) {
      if (closed()) {
        return false;
      }
      logger.error({ err: error }, 'could not record a receipt; trying again');
      await sleep(backoff(failures));
    }
  }
}

/**
 * A durable quorum queue bound to `receipts.*.*`, shared by every server process (each receipt goes
 * to one of them), acknowledged after the receipt is recorded. Reconnects with backoff.
 */
export function consumeReceiptsOverAmqp(
  url: string,
  exchange: string,
  queue: string,
  handlers: AgentMessageHandlers,
  logger: FastifyBaseLogger,
): ReceiptConsumer {
  let current: ChannelModel | undefined;
  const inFlight = new Set<Promise<unknown>>();

  async function open(): Promise<void> {
    const connection = await amqp.connect(url, {
      clientProperties: { connection_name: 'myb-receipts' },
      noDelay: true,
    });
    connection.on('error', (error: unknown) =>
      logger.warn({ err: error }, 'receipts: AMQP connection error'),
    );
    try {
      const channel = await connection.createChannel();
      channel.on('error', (error: unknown) => logger.warn({ err: error }, 'receipts: AMQP channel error'));
      // A closed channel's unacknowledged deliveries are the broker's again (they come on the next
      // connection); acknowledging one would throw, and retrying its recording serves nobody.
      let channelOpen = true;
      channel.once('close', () => (channelOpen = false));
      if (!exchange.startsWith('amq.')) {
        await channel.assertExchange(exchange, 'topic', { durable: true });
      }
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.bindQueue(queue, exchange, RECEIPTS_BINDING_KEY);
      if (handlers.presence) {
        await channel.bindQueue(queue, exchange, PRESENCE_BINDING_KEY);
      }
      await channel.prefetch(PREFETCH);
      await channel.consume(queue, (message) => {
        if (message === null) {
          connection.close().catch(() => undefined);
          return;
        }
        const handle = route(handlers, message.fields.routingKey);
        const work = recordPatiently(
          handle,
          message.content,
          logger,
          () => subscription.stopped || !channelOpen,
        ).then((recorded) => {
          if (recorded && channelOpen) {
            channel.ack(message);
          }
        });
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      });
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    current = connection;
    connection.once('close', () => {
      current = undefined;
      if (!subscription.stopped) {
        logger.warn('receipts: AMQP connection closed; reconnecting');
        subscription.reopen();
      }
    });
  }

  const subscription = reconnecting(open, {
    onOpen: () => logger.info({ queue, binding: RECEIPTS_BINDING_KEY }, 'receipts: consuming over AMQP'),
    onError: (error) => logger.warn({ err: error }, 'receipts: cannot subscribe over AMQP; retrying'),
  });

  return {
    ready: subscription.ready,
    async close() {
      subscription.stop();
      await Promise.all(inFlight);
      await current?.close().catch(() => undefined);
    },
  };
}

/**
 * A persistent MQTT session (fixed client id, QoS 1) on `receipts/+/+`: receipts published while
 * the server is down wait for it on the broker. The PUBACK goes out once the receipt is recorded
 * (mqtt.js sends it when `handleMessage` calls back).
 */
export function consumeReceiptsOverMqtt(
  url: string,
  clientId: string,
  handlers: AgentMessageHandlers,
  logger: FastifyBaseLogger,
): ReceiptConsumer {
  let closing = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const client = mqtt.connect(url, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 1000 });
  let handling: Promise<unknown> = Promise.resolve();
  client.handleMessage = (packet, callback) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    handling = recordPatiently(route(handlers, packet.topic), payload, logger, () => closing).then(
      (recorded) => {
        if (recorded) {
          callback();
        }
      },
    );
  };
  client.on('error', (error) => logger.warn({ err: error }, 'receipts: MQTT client error'));
  client.on('connect', (connack) => {
    // A session the broker kept still holds the subscription; a new one needs it again.
    if (connack.sessionPresent) {
      markReady();
      return;
    }
    const topics = handlers.presence
      ? [RECEIPTS_SUBSCRIPTION_TOPIC, PRESENCE_SUBSCRIPTION_TOPIC]
      : [RECEIPTS_SUBSCRIPTION_TOPIC];
    client.subscribeAsync(topics, { qos: 1 }).then(
      () => {
        logger.info({ topics, clientId }, 'receipts: subscribed over MQTT');
        markReady();
      },
      (error: unknown) => logger.error({ err: error }, 'receipts: cannot subscribe over MQTT'),
    );
  });
  return {
    ready,
    async close() {
      closing = true;
      await handling;
      await client.endAsync(!client.connected);
    },
  };
}
