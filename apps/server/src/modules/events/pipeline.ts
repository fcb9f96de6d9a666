import type { FastifyBaseLogger } from 'fastify';
import type { Broker, Config } from '../../config';
import type { DatabaseHandle } from '../../db/database';
import { listenToDatabase, type ChannelHandlers, type DatabaseChannel, type DatabaseListener } from '../../db/listener';
import { createAmqpPublisher } from '../../messaging/amqp-publisher';
import type { EmbeddedBroker } from '../../messaging/embedded-broker';
import { createMqttPublisher } from '../../messaging/mqtt-publisher';
import type { Publisher } from '../../messaging/publisher';
import {
  consumeReceiptsOverAmqp,
  consumeReceiptsOverMqtt,
  type AcknowledgementHandlers,
  type AgentMessageHandlers,
  type ReceiptConsumer,
  type ReceiptHandler,
} from '../../messaging/receipt-consumer';
import { receiptsQueueFor, warnOfLegacyReceiptsQueue } from '../../messaging/receipts-queue';
import { createEventsRepository, type OutboxRow } from './events.repository';
import { createReceiptHandler } from './receipts';
import { createOutboxRelay, DEFAULT_LEASE_MS, type RelayOptions } from './relay';

/** The broker of the configuration: events go to it, agents' receipts (and presence) come from it. */
export interface ConfiguredBroker {
  config: Broker;
  receipts: Config['receipts'];
  /** Agents' presence messages, read by the same consumer as their receipts. */
  presence?: ReceiptHandler;
  /** Suppliers' acknowledgements by type (`purchase_order.acknowledged`, `order.acknowledged`), which travel on the receipts' routing key. */
  acknowledgements?: AcknowledgementHandlers;
}

export interface EventPipelineOptions {
  database: Pick<DatabaseHandle, 'db' | 'kind' | 'listenInProcess'> & { url?: string };
  logger: FastifyBaseLogger;
  /**
   * The configured broker; or a publisher of the caller's (tests: a broker that is down, or that
   * counts), with no receipts read; or none: events wait in the outbox for a relay elsewhere.
   */
  broker: ConfiguredBroker | { publisher: Publisher } | null;
  relay?: Pick<RelayOptions, 'batchSize' | 'leaseMs' | 'idlePollMs'>;
}

/**
 * The events' way out, built before the application and given to it: the relay that publishes what
 * the outbox holds, the broker it publishes to, the consumer of agents' receipts, and the database
 * listener that wakes the relay when another process commits events.
 */
export interface EventPipeline {
  /** How the broker is reached, for the health check and the banner. */
  description: string;
  /** The broker's address for agents in this process (the demo's); undefined with a publisher given or none. */
  brokerUrl: string | undefined;
  /**
   * How long events this process writes are leased to its relay as they are written, so it publishes
   * them after the commit without claiming them; undefined without a relay.
   */
  leaseMs: number | undefined;
  /** After a commit: hands the events written leased to the relay, and wakes it for any others. */
  committed(rows: OutboxRow[]): void;
  /**
   * Listens for events other processes commit (PostgreSQL), and calls `also`'s handlers on their
   * channels' notices; resolves once listening. `start` listens if this was not called first.
   */
  listen(also?: ChannelHandlers): Promise<void>;
  /** Starts publishing: the relay publishes whatever is due, and then whatever is written. */
  start(): Promise<void>;
  /** Publishes every due event once; how many were published. */
  runOnce(): Promise<number>;
  /** Stops the relay after what it has in hand, then the listener, the consumer and the broker it opened. */
  close(): Promise<void>;
}

async function connectBroker(
  broker: Broker,
  database: EventPipelineOptions['database'],
): Promise<{ publisher: Publisher; url: string; embedded?: EmbeddedBroker }> {
  switch (broker.kind) {
    case 'amqp':
      return { publisher: createAmqpPublisher(broker.url, broker.exchange), url: broker.url };
    case 'mqtt':
      return { publisher: createMqttPublisher(broker.url), url: broker.url };
    case 'embedded': {
      // Loaded only here: a server on RabbitMQ or another MQTT broker never loads Aedes.
      const { startEmbeddedBroker } = await import('../../messaging/embedded-broker');
      const embedded = await startEmbeddedBroker(broker.host, broker.port, database.db);
      return { publisher: embedded.publisher, url: embedded.url, embedded };
    }
  }
}

async function consumeReceipts(
  broker: ConfiguredBroker,
  database: EventPipelineOptions['database'],
  brokerUrl: string,
  handle: AgentMessageHandlers,
  logger: FastifyBaseLogger,
): Promise<ReceiptConsumer> {
  if (broker.config.kind !== 'amqp') {
    return consumeReceiptsOverMqtt(brokerUrl, broker.receipts.clientId, handle, logger);
  }
  const queue = await receiptsQueueFor(database.db, broker.receipts.queue);
  warnOfLegacyReceiptsQueue(brokerUrl, queue, logger).catch((error: unknown) =>
    logger.debug({ err: error }, 'could not look for the receipts queue of earlier versions'),
  );
  return consumeReceiptsOverAmqp(brokerUrl, broker.config.exchange, queue, handle, logger);
}

/** Without a broker: events are written unleased and wait in the outbox (plain API tests). */
const NO_PIPELINE: EventPipeline = {
  description: 'none',
  brokerUrl: undefined,
  leaseMs: undefined,
  committed: () => undefined,
  listen: () => Promise.resolve(),
  start: () => Promise.resolve(),
  runOnce: () => Promise.resolve(0),
  close: () => Promise.resolve(),
};

/**
 * Builds the event pipeline. With a configured broker it connects to it and reads agents' receipts
 * at once, before any agent can send one (one sent while no server listens waits on the broker);
 * the relay publishes once `start` is called.
 */
export async function startEventPipeline(options: EventPipelineOptions): Promise<EventPipeline> {
  const { broker, database, logger } = options;
  if (broker === null) {
    return NO_PIPELINE;
  }
  const events = createEventsRepository(database.db);
  const connected =
    'publisher' in broker
      ? { publisher: broker.publisher, url: undefined, embedded: undefined }
      : await connectBroker(broker.config, database);
  if (connected.embedded?.movedFrom !== undefined) {
    logger.warn(
      `port ${connected.embedded.movedFrom} is taken (another MQTT broker?); the embedded broker listens on ${connected.embedded.url} instead`,
    );
  }
  const receiptLog = logger.child({ component: 'receipts' });
  const receipts =
    'config' in broker
      ? await consumeReceipts(
          broker,
          database,
          connected.url!,
          {
            receipt: createReceiptHandler(events, receiptLog, broker.acknowledgements),
            ...(broker.presence ? { presence: broker.presence } : {}),
          },
          receiptLog,
        )
      : undefined;
  const leaseMs = options.relay?.leaseMs ?? DEFAULT_LEASE_MS;
  const relay = createOutboxRelay({
    outbox: events,
    publisher: connected.publisher,
    logger: logger.child({ component: 'outbox-relay' }),
    ...options.relay,
    leaseMs,
  });
  let listener: DatabaseListener | undefined;

  function listen(also: ChannelHandlers = {}): Promise<void> {
    if (listener) {
      return listener.ready;
    }
    // Events committed by other server processes wake the relay (PGlite has no other process: this
    // process hands its own events over, `committed`).
    const own: ChannelHandlers = database.kind === 'postgres' ? { outbox_events: () => relay.kick() } : {};
    const channels = new Set([...Object.keys(own), ...Object.keys(also)] as DatabaseChannel[]);
    if (channels.size === 0) {
      return Promise.resolve();
    }
    const handlers: ChannelHandlers = {};
    for (const channel of channels) {
      handlers[channel] = () => {
        own[channel]?.();
        also[channel]?.();
      };
    }
    listener = listenToDatabase(database, handlers, logger.child({ component: 'database-listener' }));
    return listener.ready;
  }

  return {
    description: connected.publisher.description,
    brokerUrl: connected.url,
    leaseMs,
    committed: (rows) => (rows.length > 0 ? relay.take(rows) : relay.kick()),
    listen,
    async start() {
      await listen();
      relay.start();
    },
    runOnce: () => relay.runOnce(),
    async close() {
      await listener?.close();
      await relay.stop();
      await receipts?.close();
      if (!('publisher' in broker)) {
        await connected.publisher.close();
      }
      await connected.embedded?.close();
    },
  };
}
