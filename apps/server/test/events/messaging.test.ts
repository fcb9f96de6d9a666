import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  MESSAGE_CONTENT_TYPE,
  mqttTopic,
  parseEnvelope,
  type AgentDevice,
  type MessageLogEntry,
  type Order,
} from '@myb/contracts';
import {
  hasServices,
  requireServiceUrl,
  closedPort,
  onPath,
  startSmtpServer,
  subscribeWithMosquittoSub,
  waitFor,
  type LoopbackSmtpServer,
  type SmtpServerOptions,
  type ReceivedMail,
} from '@myb/testing';
import {
  deadLetterQueue,
  defaultAmqpQueue,
  defaultMqttClientId,
  startAgent,
  type AgentLogger,
  type AgentOptions,
  type RunningAgent,
} from '@myb/supplier-agent';
import { createAmqpPublisher } from '../../src/messaging/amqp-publisher';
import { startEmbeddedBroker } from '../../src/messaging/embedded-broker';
import { createMqttPublisher } from '../../src/messaging/mqtt-publisher';
import type { Publisher } from '../../src/messaging/publisher';
import {
  consumeReceiptsOverAmqp,
  consumeReceiptsOverMqtt,
  type AgentMessageHandlers,
  type ReceiptConsumer,
  type ReceiptHandler,
} from '../../src/messaging/receipt-consumer';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { startEventPipeline, type EventPipeline } from '../../src/modules/events/pipeline';
import { createReceiptHandler } from '../../src/modules/events/receipts';
import { createPresenceRepository } from '../../src/modules/presence/presence.repository';
import { createPresenceHandler } from '../../src/modules/presence/presence.service';
import { buildTestApp, createShop, signUpUser, type ShopFixture, type TestApp } from '../helper';

// Every suite here talks to real brokers and a real SMTP server on loopback; nothing is mocked.

const SUPPLIERS = 2;
const PRODUCTS = 4;
/** Product i is supplied by supplier i mod 2 (createShop's rule), ordered i + 2 times: every line tells apart. */
const quantityOf = (product: number) => product + 2;
const recipientsOf = (supplier: number) => [
  `ann@supplier-${supplier}.example`,
  `bob@supplier-${supplier}.example`,
];
const supplierSlug = (supplier: number) => `supplier-${supplier}`;
const SETTLE_MS = 500;

// ---- small helpers ----------------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
/** Registered as things start; undone in reverse order, so the relay stops before its publisher closes. */
function onCleanup(undo: () => Promise<void>): void {
  cleanups.push(undo);
}
afterEach(async () => {
  const errors: unknown[] = [];
  for (const undo of cleanups.splice(0).reverse()) {
    await undo().catch((error: unknown) => errors.push(error));
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, 'cleanup failed');
  }
});


const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps what the agents log, to explain a timeout, instead of writing JSON lines to stderr. */
function recordingLogger(): AgentLogger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void lines.push(
      `${level} ${msg ?? ''} ${JSON.stringify(obj, (_key, value: unknown) => (value instanceof Error ? value.message : value))}`,
    );
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

// ---- brokers ----------------------------------------------------------------------------------

const handlersOf = (handle: ReceiptHandler | AgentMessageHandlers): AgentMessageHandlers =>
  typeof handle === 'function' ? { receipt: handle } : handle;

interface OpenBroker {
  agentBroker: AgentOptions['broker'];
  publisher(): Publisher;
  /** The server's receipt consumer, on a queue or session of this test's own; removed at cleanup. */
  consumeReceipts(handle: ReceiptHandler | AgentMessageHandlers): Promise<ReceiptConsumer>;
  /** Removes what an agent leaves on a shared broker: its AMQP queues, or its MQTT persistent session. */
  forgetAgent(merchant: string, supplier: string): Promise<void>;
  close(): Promise<void>;
}

interface BrokerTarget {
  name: string;
  runs: () => boolean;
  open(): Promise<OpenBroker>;
}

function amqpBroker(): OpenBroker {
  const url = requireServiceUrl('rabbitmq');
  return {
    agentBroker: { kind: 'amqp', url, exchange: DEFAULT_AMQP_EXCHANGE },
    publisher: () => createAmqpPublisher(url, DEFAULT_AMQP_EXCHANGE),
    async consumeReceipts(handle) {
      const queue = `myb.receipts.test-${randomBytes(5).toString('hex')}`;
      const consumer = consumeReceiptsOverAmqp(url, DEFAULT_AMQP_EXCHANGE, queue, handlersOf(handle), testApp.app.log);
      onCleanup(async () => {
        await consumer.close();
        const connection = await amqp.connect(url);
        await (await connection.createChannel()).deleteQueue(queue);
        await connection.close();
      });
      await consumer.ready;
      return consumer;
    },
    async forgetAgent(merchant, supplier) {
      const connection = await amqp.connect(url);
      try {
        const channel = await connection.createChannel();
        const queue = defaultAmqpQueue(merchant, supplier);
        await channel.deleteQueue(queue);
        await channel.deleteQueue(deadLetterQueue(queue));
      } finally {
        await connection.close();
      }
    },
    close: () => Promise.resolve(),
  };
}

function mqttBroker(url: string, close: () => Promise<void> = () => Promise.resolve()): OpenBroker {
  return {
    agentBroker: { kind: 'mqtt', url },
    publisher: () => createMqttPublisher(url),
    async consumeReceipts(handle) {
      const clientId = `myb-test-receipts-${randomBytes(5).toString('hex')}`;
      const consumer = consumeReceiptsOverMqtt(url, clientId, handlersOf(handle), testApp.app.log);
      onCleanup(async () => {
        await consumer.close();
        const client = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
        await client.endAsync();
      });
      await consumer.ready;
      return consumer;
    },
    async forgetAgent(merchant, supplier) {
      // Connecting once with a clean session makes the broker drop the agent's persistent one.
      const client = await mqtt.connectAsync(url, {
        clientId: defaultMqttClientId(merchant, supplier),
        clean: true,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      await client.endAsync();
    },
    close,
  };
}

const targets: BrokerTarget[] = [
  {
    name: 'RabbitMQ over AMQP',
    runs: () => hasServices('messaging flow over RabbitMQ (AMQP)', 'rabbitmq'),
    open: () => Promise.resolve(amqpBroker()),
  },
  {
    name: "RabbitMQ's MQTT plugin",
    runs: () => hasServices("messaging flow over RabbitMQ's MQTT plugin", 'rabbitmqMqtt'),
    open: () => Promise.resolve(mqttBroker(requireServiceUrl('rabbitmqMqtt'))),
  },
  {
    name: 'Mosquitto',
    runs: () => hasServices('messaging flow over Mosquitto', 'mosquitto'),
    open: () => Promise.resolve(mqttBroker(requireServiceUrl('mosquitto'))),
  },
  {
    name: 'the embedded broker',
    runs: () => true,
    async open() {
      const embedded = await startEmbeddedBroker('127.0.0.1', 0, testApp.database.db);
      return mqttBroker(embedded.url, () => embedded.close());
    },
  },
];

// ---- the flow: app, shop, agents, relays ------------------------------------------------------

interface Flow {
  shop: ShopFixture;
  smtp: LoopbackSmtpServer;
  agentLog: string[];
  /** An event pipeline publishing with `publisher` on this flow's database, as another server process's would. Not started. */
  relay(publisher: Publisher): Promise<EventPipeline>;
  /** One agent per supplier on `broker`, subscribed when this resolves. */
  startAgents(broker: OpenBroker, overrides?: Partial<AgentOptions>): Promise<RunningAgent[]>;
  /** A new customer orders `products` (indexes), product i in quantity i + 2; the owner dispatches it. */
  orderAndDispatch(products: number[]): Promise<Order>;
  getOrder(orderId: string): Promise<Order>;
  /** The order once every delivery is published. */
  waitPublished(orderId: string): Promise<Order>;
}

// One application for the file: building a PGlite app costs seconds, a shop of its own costs
// milliseconds, and a shop's unique slug keeps each test's routing keys, orders and events apart.
let testApp: TestApp;
beforeAll(async () => {
  testApp = await buildTestApp('pglite');
});
afterAll(async () => {
  // Unset when beforeAll failed; that failure is the one to report.
  await testApp?.close();
});

async function startFlow(smtpOptions: SmtpServerOptions = {}): Promise<Flow> {
  const smtp = await startSmtpServer(smtpOptions);
  onCleanup(() => smtp.close());
  // A random suffix keeps routing keys, topics, queues and sessions apart from parallel runs.
  const shop = await createShop(testApp, {
    slug: `msg-${randomBytes(5).toString('hex')}`,
    suppliers: SUPPLIERS,
    products: PRODUCTS,
    supplierEmails: recipientsOf,
  });
  const agentLog = recordingLogger();

  async function getOrder(orderId: string): Promise<Order> {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/merchants/${shop.slug}/orders/${orderId}`,
      headers: { cookie: shop.owner.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Order>();
  }

  return {
    shop,
    smtp,
    agentLog: agentLog.lines,
    async relay(publisher) {
      const pipeline = await startEventPipeline({
        database: testApp.database,
        logger: testApp.app.log,
        broker: { publisher },
        relay: { idlePollMs: 50 },
      });
      onCleanup(() => pipeline.close());
      return pipeline;
    },
    async startAgents(broker, overrides = {}) {
      const agents = [];
      for (let supplier = 0; supplier < SUPPLIERS; supplier += 1) {
        const stateDir = await mkdtemp(join(tmpdir(), 'myb-messaging-agent-'));
        const agent = startAgent({
          merchant: shop.slug,
          supplier: supplierSlug(supplier),
          broker: broker.agentBroker,
          recipients: { kind: 'list', emails: recipientsOf(supplier) },
          mail: { kind: 'smtp', url: smtp.url, from: `agent@${supplierSlug(supplier)}.example` },
          stateDir,
          logger: agentLog,
          retryDelayMs: 100,
          ...overrides,
        });
        onCleanup(async () => {
          await agent.close();
          await broker.forgetAgent(shop.slug, supplierSlug(supplier));
          await rm(stateDir, { recursive: true, force: true });
        });
        agents.push(agent);
      }
      await Promise.all(agents.map((agent) => agent.ready));
      return agents;
    },
    async orderAndDispatch(products) {
      const customer = await signUpUser(testApp);
      const placed = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: customer.cookie },
        payload: {
          merchantSlug: shop.slug,
          items: products.map((i) => ({ productId: shop.productIds[i], quantity: quantityOf(i) })),
        },
      });
      expect(placed.statusCode, placed.body).toBe(201);
      const orderId = placed.json<Order>().id;
      const dispatched = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/orders/${orderId}/dispatch`,
        headers: { cookie: shop.owner.cookie },
      });
      expect(dispatched.statusCode, dispatched.body).toBe(200);
      const order = dispatched.json<Order>();
      expect(order.status).toBe('closed');
      return order;
    },
    getOrder,
    waitPublished: (orderId) =>
      waitFor(
        async () => {
          const order = await getOrder(orderId);
          return order.deliveries.length > 0 && order.deliveries.every((d) => d.status === 'published')
            ? order
            : undefined;
        },
        () => `every delivery of order ${orderId} to be published`,
      ),
  };
}

/** The products (indexes) supplier `supplier` supplies among `products`. */
const suppliedBy = (supplier: number, products: number[]) =>
  products.filter((i) => i % SUPPLIERS === supplier);

/**
 * Exactly one e-mail per recipient of every supplier the order concerns, each listing that
 * supplier's lines and no other's, and none arriving late.
 */
async function expectOneMailPerRecipient(flow: Flow, order: Order, products: number[]): Promise<void> {
  const concerned = [...Array(SUPPLIERS).keys()].filter((s) => suppliedBy(s, products).length > 0);
  const expectedCount = concerned.reduce((sum, s) => sum + recipientsOf(s).length, 0);
  await flow.smtp
    .waitFor(expectedCount, 10_000)
    .catch((error: Error) =>
      Promise.reject(new Error(`${error.message}\nagent log:\n${flow.agentLog.join('\n')}`)),
    );
  // A second e-mail would come from a redelivery or a double publish; give it the time to show up.
  await pause(SETTLE_MS);
  const mails = flow.smtp.received;
  expect(mails.map((mail) => mail.envelopeTo).sort()).toEqual(
    concerned.flatMap((s) => recipientsOf(s).map((r) => [r])).sort(),
  );

  for (const supplier of concerned) {
    const delivery = order.deliveries.find((d) => d.supplier.slug === supplierSlug(supplier));
    expect(delivery, `a delivery for ${supplierSlug(supplier)}`).toBeDefined();
    for (const recipient of recipientsOf(supplier)) {
      const mail = mails.find((m: ReceivedMail) => m.envelopeTo[0] === recipient);
      expect(mail, `an e-mail to ${recipient}`).toBeDefined();
      const text = mail?.parsed.text ?? '';
      expect(mail?.parsed.headers.get('x-myb-event-id')).toBe(delivery?.eventId);
      expect(mail?.parsed.subject).toContain(order.number);
      for (const i of products) {
        if (i % SUPPLIERS === supplier) {
          expect(text).toContain(`${quantityOf(i)} × Product ${i} (SKU SKU-${i})`);
        } else {
          expect(text).not.toContain(`Product ${i}`);
        }
      }
    }
  }
}

function expectAllPublished(order: Order, suppliers: number): void {
  expect(order.deliveries).toHaveLength(suppliers);
  for (const delivery of order.deliveries) {
    expect(delivery.status).toBe('published');
    expect(delivery.lastError).toBeNull();
    expect(delivery.publishedAt).not.toBeNull();
    expect(Date.parse(delivery.publishedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(order.dispatchedAt ?? ''),
    );
    expect(delivery.routingKey).toBe(amqpRoutingKey(order.merchant.slug, delivery.supplier.slug));
  }
}

/**
 * The body the contract promises for one supplier's share of an order, byte for byte: the outbox
 * keeps the payload as `json`, so key order is the one written at dispatch.
 */
function expectedBody(order: Order, supplier: number, products: number[], eventId: string): string {
  return JSON.stringify({
    id: eventId,
    type: 'order.dispatched',
    version: 1,
    occurredAt: order.dispatchedAt,
    merchant: { slug: order.merchant.slug, name: order.merchant.name },
    supplier: { slug: supplierSlug(supplier), name: `Supplier ${supplier}` },
    order: { id: order.id, number: order.number },
    items: suppliedBy(supplier, products).map((i) => ({
      sku: `SKU-${i}`,
      product: `Product ${i}`,
      quantity: quantityOf(i),
    })),
  });
}

function eventIdFor(order: Order, supplier: number): string {
  const delivery = order.deliveries.find((d) => d.supplier.slug === supplierSlug(supplier));
  if (!delivery) {
    throw new Error(`order ${order.number} has no delivery for ${supplierSlug(supplier)}`);
  }
  return delivery.eventId;
}

const ALL_PRODUCTS = [...Array(PRODUCTS).keys()];

// ---- 1. the whole flow, on every broker --------------------------------------------------------

for (const target of targets) {
  describe.skipIf(!target.runs())(`dispatch to e-mail over ${target.name}`, () => {
    it("e-mails each supplier's people once with that supplier's lines only, and shows every delivery published", async () => {
      const flow = await startFlow();
      const broker = await target.open();
      onCleanup(() => broker.close());
      const publisher = broker.publisher();
      onCleanup(() => publisher.close());
      await flow.startAgents(broker);
      await (await flow.relay(publisher)).start();

      const dispatched = await flow.orderAndDispatch(ALL_PRODUCTS);
      expect(dispatched.deliveries).toHaveLength(SUPPLIERS);

      const order = await flow.waitPublished(dispatched.id);
      await expectOneMailPerRecipient(flow, order, ALL_PRODUCTS);
      expectAllPublished(await flow.getOrder(order.id), SUPPLIERS);
    });
  });
}

// ---- 2. the public contract, read by plain clients ---------------------------------------------

describe.skipIf(!hasServices('messaging contract on RabbitMQ', 'rabbitmq'))(
  'the public messaging contract on RabbitMQ',
  () => {
    /** An exclusive queue bound to one supplier's routing key, as any third-party consumer would bind it. */
    async function bindConsumer(routingKey: string): Promise<{ next: Promise<amqp.ConsumeMessage> }> {
      const connection = await amqp.connect(requireServiceUrl('rabbitmq'));
      onCleanup(() => connection.close());
      const channel = await connection.createChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, DEFAULT_AMQP_EXCHANGE, routingKey);
      const next = new Promise<amqp.ConsumeMessage>((resolve) => {
        void channel.consume(queue, (message) => message && resolve(message), { noAck: true });
      });
      return { next };
    }

    async function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      });
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
    }

    // Only supplier 0's products: with `mandatory`, supplier 1's message would have no queue.
    const products = suppliedBy(0, ALL_PRODUCTS);

    it('an AMQP consumer gets the envelope on <merchant>.<supplier> with the documented properties', async () => {
      const flow = await startFlow();
      const publisher = amqpBroker().publisher();
      onCleanup(() => publisher.close());
      const routingKey = amqpRoutingKey(flow.shop.slug, supplierSlug(0));
      const consumer = await bindConsumer(routingKey);
      await (await flow.relay(publisher)).start();
      const before = Math.floor(Date.now() / 1000);

      const dispatched = await flow.orderAndDispatch(products);
      const message = await within(consumer.next, `a message on ${routingKey}`);

      const eventId = eventIdFor(dispatched, 0);
      expect(message.fields.exchange).toBe(DEFAULT_AMQP_EXCHANGE);
      expect(message.fields.routingKey).toBe(routingKey);
      expect(message.properties.messageId).toBe(eventId);
      expect(message.properties.type).toBe('order.dispatched');
      expect(message.properties.contentType).toBe(MESSAGE_CONTENT_TYPE);
      expect(message.properties.deliveryMode).toBe(2);
      // AMQP timestamps are whole seconds.
      expect(message.properties.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(message.properties.timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));

      const parsed = parseEnvelope(message.content);
      if (!parsed.ok) {
        throw new Error(`the body does not parse: ${parsed.reason}`);
      }
      if (parsed.event.type !== 'order.dispatched') {
        throw new Error(`expected order.dispatched, got ${parsed.event.type}`);
      }
      expect(parsed.event.id).toBe(eventId);
      expect(parsed.event.merchant.slug).toBe(flow.shop.slug);
      expect(parsed.event.supplier.slug).toBe(supplierSlug(0));
      expect(parsed.event.order).toEqual({ id: dispatched.id, number: dispatched.number });
      expect(parsed.event.items).toEqual([
        { sku: 'SKU-0', product: 'Product 0', quantity: quantityOf(0) },
        { sku: 'SKU-2', product: 'Product 2', quantity: quantityOf(2) },
      ]);
      expect(message.content.toString('utf8')).toBe(expectedBody(dispatched, 0, products, eventId));
      expectAllPublished(await flow.waitPublished(dispatched.id), 1);
    });

    it.skipIf(!hasServices("messaging contract on RabbitMQ's MQTT plugin", 'rabbitmqMqtt'))(
      "an MQTT subscriber on <merchant>/<supplier> gets the same body from the AMQP publish (RabbitMQ's MQTT plugin)",
      async () => {
        const flow = await startFlow();
        const publisher = amqpBroker().publisher();
        onCleanup(() => publisher.close());
        const topic = mqttTopic(flow.shop.slug, supplierSlug(0));
        const subscriber = await mqtt.connectAsync(requireServiceUrl('rabbitmqMqtt'), {
          clientId: `myb-test-sub-${randomBytes(5).toString('hex')}`,
          clean: true,
          protocolVersion: 4,
          reconnectPeriod: 0,
        });
        onCleanup(() => subscriber.endAsync());
        const received = new Promise<{ topic: string; payload: Buffer }>((resolve) => {
          subscriber.on('message', (receivedTopic, payload) => resolve({ topic: receivedTopic, payload }));
        });
        const granted = await subscriber.subscribeAsync(topic, { qos: 1 });
        expect(granted[0]?.qos).toBe(1);
        const consumer = await bindConsumer(amqpRoutingKey(flow.shop.slug, supplierSlug(0)));
        await (await flow.relay(publisher)).start();

        const dispatched = await flow.orderAndDispatch(products);
        const [overMqtt, overAmqp] = await Promise.all([
          within(received, `an MQTT message on ${topic}`),
          within(consumer.next, 'the AMQP copy'),
        ]);
        expect(overMqtt.topic).toBe(topic);
        expect(overMqtt.payload.equals(overAmqp.content)).toBe(true);
        expect(overMqtt.payload.toString('utf8')).toBe(
          expectedBody(dispatched, 0, products, eventIdFor(dispatched, 0)),
        );
      },
    );
  },
);

// ---- 3. a stock client nobody here wrote ------------------------------------------------------

const mosquittoSub = onPath('mosquitto_sub');
const underCi = process.env.CI === 'true';
if (!mosquittoSub && !underCi) {
  console.warn(
    '\n!!! SKIPPED the mosquitto_sub test: install mosquitto-clients to run it (.ci/run does) !!!\n',
  );
}

describe.skipIf(!hasServices('messaging to mosquitto_sub', 'mosquitto'))('a stock MQTT client', () => {
  // Under CI a missing mosquitto_sub runs the test, which then fails saying why.
  it.skipIf(!mosquittoSub && !underCi)(
    'mosquitto_sub, subscribed on Mosquitto, prints the topic and the exact JSON body',
    async () => {
      if (!mosquittoSub) {
        throw new Error(
          'mosquitto_sub is not on PATH; under CI=true it must be (apt-get install mosquitto-clients)',
        );
      }
      const flow = await startFlow();
      const brokerUrl = new URL(requireServiceUrl('mosquitto'));
      const publisher = createMqttPublisher(brokerUrl.toString());
      onCleanup(() => publisher.close());
      const topic = mqttTopic(flow.shop.slug, supplierSlug(0));
      const subscription = await subscribeWithMosquittoSub(brokerUrl.toString(), topic, { waitSeconds: 15 });
      onCleanup(() => subscription.stop());

      await (await flow.relay(publisher)).start();
      const products = suppliedBy(0, ALL_PRODUCTS);
      const dispatched = await flow.orderAndDispatch(products);

      expect(await subscription.messages).toEqual([
        `${topic} ${expectedBody(dispatched, 0, products, eventIdFor(dispatched, 0))}`,
      ]);
    },
  );
});

// ---- 4. the broker is down at dispatch time ----------------------------------------------------

interface OutageCase {
  name: string;
  runs: () => boolean;
  live(): OpenBroker;
  downPublisher(port: number): Publisher;
}

const outages: OutageCase[] = [
  {
    name: 'RabbitMQ (AMQP) unreachable',
    runs: () => hasServices('messaging with AMQP down, then up', 'rabbitmq'),
    live: amqpBroker,
    downPublisher: (port) =>
      createAmqpPublisher(`amqp://guest:guest@127.0.0.1:${port}`, DEFAULT_AMQP_EXCHANGE),
  },
  {
    name: 'the MQTT broker unreachable',
    runs: () => hasServices('messaging with MQTT down, then up', 'mosquitto'),
    live: () => mqttBroker(requireServiceUrl('mosquitto')),
    downPublisher: (port) => createMqttPublisher(`mqtt://127.0.0.1:${port}`),
  },
];

for (const outage of outages) {
  describe.skipIf(!outage.runs())(`dispatch with ${outage.name}`, () => {
    it('leaves the events pending with the reason, and a relay on a live broker delivers them later', async () => {
      const flow = await startFlow();
      const live = outage.live();
      await flow.startAgents(live);
      const downPublisher = outage.downPublisher(await closedPort());
      const downRelay = await flow.relay(downPublisher);

      const dispatched = await flow.orderAndDispatch(ALL_PRODUCTS);
      // Committed before any publish was tried: the dispatch itself never depends on the broker.
      expect(dispatched.deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);
      expect(await downRelay.runOnce()).toBe(0);
      const stuck = await flow.getOrder(dispatched.id);
      expect(stuck.deliveries).toHaveLength(SUPPLIERS);
      for (const delivery of stuck.deliveries) {
        expect(delivery.status).toBe('pending');
        expect(delivery.attempts).toBe(1);
        // The reason the merchant reads names the real cause, not a generic "offline".
        expect(delivery.lastError).toMatch(/ECONNREFUSED/);
        expect(delivery.publishedAt).toBeNull();
      }
      await downRelay.close();
      await downPublisher.close();
      expect(flow.smtp.received).toHaveLength(0);

      // Another relay (another process, say) on the same database; the events are due after their back-off.
      const livePublisher = live.publisher();
      onCleanup(() => livePublisher.close());
      await (await flow.relay(livePublisher)).start();
      const order = await flow.waitPublished(dispatched.id);
      expectAllPublished(order, SUPPLIERS);
      await expectOneMailPerRecipient(flow, order, ALL_PRODUCTS);
    });
  });
}

// ---- 5. nobody subscribed yet on AMQP ---------------------------------------------------------

describe.skipIf(!hasServices('messaging with no agent subscribed', 'rabbitmq'))(
  'dispatch before any agent subscribed (AMQP)',
  () => {
    it('keeps the returned message pending with the reason; once the agents subscribe, the relay publishes it', async () => {
      const flow = await startFlow();
      const broker = amqpBroker();
      const publisher = broker.publisher();
      onCleanup(() => publisher.close());
      const relay = await flow.relay(publisher);

      const dispatched = await flow.orderAndDispatch(ALL_PRODUCTS);
      expect(await relay.runOnce()).toBe(0);
      const unrouted = await flow.getOrder(dispatched.id);
      for (const delivery of unrouted.deliveries) {
        expect(delivery.status).toBe('pending');
        expect(delivery.lastError).toMatch(
          new RegExp(`no queue is bound to routing key ${delivery.routingKey.replace(/\./g, '\\.')}`),
        );
        expect(delivery.publishedAt).toBeNull();
      }

      await flow.startAgents(broker);
      await relay.start();
      const order = await flow.waitPublished(dispatched.id);
      expectAllPublished(order, SUPPLIERS);
      await expectOneMailPerRecipient(flow, order, ALL_PRODUCTS);
    });
  },
);

// ---- 6. receipts: the delivery trail the merchant sees ----------------------------------------

for (const target of targets) {
  describe.skipIf(!target.runs())(`the delivery trail over ${target.name}`, () => {
    it("shows, per supplier, queued → published → delivered → e-mailed, and to whom, from the agents' receipts", async () => {
      const flow = await startFlow();
      const broker = await target.open();
      onCleanup(() => broker.close());
      await broker.consumeReceipts(createReceiptHandler(createEventsRepository(testApp.database.db), testApp.app.log));
      const publisher = broker.publisher();
      onCleanup(() => publisher.close());
      await flow.startAgents(broker);
      await (await flow.relay(publisher)).start();

      const dispatched = await flow.orderAndDispatch(ALL_PRODUCTS);
      expect(dispatched.deliveries.map((delivery) => delivery.stage)).toEqual(['queued', 'queued']);
      const order = await waitFor(
        async () => {
          const current = await flow.getOrder(dispatched.id);
          return current.deliveries.every((delivery) => delivery.stage === 'emailed') ? current : undefined;
        },
        () => `every delivery e-mailed\nagent log:\n${flow.agentLog.join('\n')}`,
      );
      for (const delivery of order.deliveries) {
        const supplier = Number(delivery.supplier.slug.replace('supplier-', ''));
        expect([...delivery.emailedTo].sort()).toEqual(recipientsOf(supplier));
        // Listed by time; the relay's mark may land after the agent's first receipt, so compare as sets.
        expect(delivery.trail.map((step) => step.stage).sort()).toEqual(['delivered', 'emailed', 'published', 'queued']);
        const times = delivery.trail.map((step) => Date.parse(step.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(delivery.trail.at(-1)?.agent).toBeTruthy();
      }
      await expectOneMailPerRecipient(flow, order, ALL_PRODUCTS);
    });
  });
}

describe('receipts that are not ours', () => {
  it('records a receipt once however often it comes, and ignores one for an event or supplier it does not know', async () => {
    const flow = await startFlow();
    const deliveries = createEventsRepository(testApp.database.db);
    const dispatched = await flow.orderAndDispatch(suppliedBy(0, ALL_PRODUCTS));
    const eventId = eventIdFor(dispatched, 0);
    const receipt = {
      id: randomUUID(),
      type: 'delivery.receipt' as const,
      version: 1 as const,
      occurredAt: new Date().toISOString(),
      eventId,
      merchant: flow.shop.slug,
      supplier: supplierSlug(0),
      stage: 'emailed' as const,
      recipients: recipientsOf(0),
      reason: null,
      agent: 'test',
    };
    expect(await deliveries.recordReceipt(receipt)).toEqual({ kind: 'recorded' });
    expect(await deliveries.recordReceipt(receipt)).toEqual({ kind: 'duplicate' });
    expect(await deliveries.recordReceipt({ ...receipt, id: randomUUID(), supplier: supplierSlug(1) })).toEqual({
      kind: 'unknown-event',
      ourSupplier: true,
    });
    expect(await deliveries.recordReceipt({ ...receipt, id: randomUUID(), eventId: randomUUID() })).toEqual({
      kind: 'unknown-event',
      ourSupplier: true,
    });
    expect(await deliveries.recordReceipt({ ...receipt, id: randomUUID(), eventId: randomUUID(), merchant: 'elsewhere' })).toEqual({
      kind: 'unknown-event',
      ourSupplier: false,
    });
    // The receipt proves the message reached the broker: the event, never published by a relay here, is no longer pending.
    const [delivery] = (await flow.getOrder(dispatched.id)).deliveries;
    expect(delivery?.status).toBe('published');
    expect(delivery?.stage).toBe('emailed');
    expect(delivery?.trail.map((step) => step.stage).sort()).toEqual(['emailed', 'published', 'queued']);
    // A relay whose confirm came before that receipt, and its mark after, adds no second publication.
    await createEventsRepository(testApp.database.db).markPublished([eventId]);
    const [marked] = (await flow.getOrder(dispatched.id)).deliveries;
    expect(marked?.trail.map((step) => step.stage).sort()).toEqual(['emailed', 'published', 'queued']);
  });
});

// ---- 7. the message log: search, dead letters and their retry, resend ----------------------

describe('the message log of a shop', () => {
  it('finds a dead letter with its reason, retries it once the mailbox exists, and resends a message as a new one', async () => {
    let mailboxExists = false;
    const flow = await startFlow({
      answer: (recipient) =>
        recipient === recipientsOf(0)[1] && !mailboxExists ? { code: 550, message: '5.1.1 no such mailbox' } : undefined,
    });
    const embedded = await startEmbeddedBroker('127.0.0.1', 0, testApp.database.db);
    const broker = mqttBroker(embedded.url, () => embedded.close());
    onCleanup(() => broker.close());
    await broker.consumeReceipts(createReceiptHandler(createEventsRepository(testApp.database.db), testApp.app.log));
    const publisher = broker.publisher();
    onCleanup(() => publisher.close());
    await flow.startAgents(broker);
    await (await flow.relay(publisher)).start();
    const owner = { cookie: flow.shop.owner.cookie };
    const log = async (query = ''): Promise<MessageLogEntry[]> => {
      const response = await testApp.app.inject({ url: `/api/v1/merchants/${flow.shop.slug}/messages${query}`, headers: owner });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ messages: MessageLogEntry[] }>().messages;
    };

    const first = await flow.orderAndDispatch(ALL_PRODUCTS);
    const second = await flow.orderAndDispatch(suppliedBy(1, ALL_PRODUCTS));
    const failedId = eventIdFor(first, 0);
    const [dead] = await waitFor(
      async () => {
        const found = await log('?stage=failed');
        return found.length > 0 ? found : undefined;
      },
      () => `a failed message\nagent log:\n${flow.agentLog.join('\n')}`,
    );
    expect(dead?.eventId).toBe(failedId);
    expect(dead?.failure).toMatch(/^bob@supplier-0\.example: mail server refused: 550 5\.1\.1 no such mailbox/);
    expect(dead?.emailedTo).toEqual([recipientsOf(0)[0]]);

    // Search by supplier, by order number, by time.
    expect((await log('?supplier=supplier-1')).map((m) => m.order?.number).sort()).toEqual([first.number, second.number].sort());
    expect((await log(`?order=${encodeURIComponent(second.number)}`)).map((m) => m.eventId)).toEqual([eventIdFor(second, 1)]);
    expect(await log(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    const badQuery = await testApp.app.inject({ url: `/api/v1/merchants/${flow.shop.slug}/messages?supplier=Not.A.Slug`, headers: owner });
    expect(badQuery.statusCode).toBe(400);

    // Retry: same id; only the recipient given up on is e-mailed.
    mailboxExists = true;
    const retried = await testApp.app.inject({ method: 'POST', url: `/api/v1/merchants/${flow.shop.slug}/messages/${failedId}/retry`, headers: owner });
    expect(retried.statusCode, retried.body).toBe(200);
    await waitFor(
      async () => ((await log(`?order=${encodeURIComponent(first.number)}&supplier=supplier-0`))[0]?.stage === 'emailed' ? true : undefined),
      () => 'the retried message e-mailed',
    );
    const toBob = () => flow.smtp.received.filter((mail) => mail.envelopeTo[0] === recipientsOf(0)[1]);
    expect(toBob()).toHaveLength(1);
    const again = await testApp.app.inject({ method: 'POST', url: `/api/v1/merchants/${flow.shop.slug}/messages/${failedId}/retry`, headers: owner });
    expect(again.statusCode).toBe(409);

    // Resend: a new event, e-mailed to everyone again, whose trail names the original.
    const resent = await testApp.app.inject({ method: 'POST', url: `/api/v1/merchants/${flow.shop.slug}/messages/${failedId}/resend`, headers: owner });
    expect(resent.statusCode, resent.body).toBe(201);
    const copy = resent.json<MessageLogEntry>();
    expect(copy.eventId).not.toBe(failedId);
    expect(copy.trail[0]?.reason).toBe(`resend of ${failedId}`);
    await waitFor(
      async () => ((await log(`?stage=emailed`)).some((m) => m.eventId === copy.eventId) ? true : undefined),
      () => 'the resent message e-mailed',
    );
    expect(toBob()).toHaveLength(2);

    // Another merchant may not look.
    const stranger = await signUpUser(testApp, { merchant: true });
    const peek = await testApp.app.inject({ url: `/api/v1/merchants/${flow.shop.slug}/messages`, headers: { cookie: stranger.cookie } });
    expect(peek.statusCode).toBe(403);
  });
});

// ---- 8. supplier devices: which agents are online, and since when -----------------------------

for (const target of targets) {
  describe.skipIf(!target.runs())(`supplier presence over ${target.name}`, () => {
    it('shows each agent online once it subscribed, and offline once it stopped', async () => {
      const flow = await startFlow();
      const broker = await target.open();
      onCleanup(() => broker.close());
      await broker.consumeReceipts({
        receipt: createReceiptHandler(createEventsRepository(testApp.database.db), testApp.app.log),
        presence: createPresenceHandler(createPresenceRepository(testApp.database.db), testApp.app.log),
      });
      const before = Date.now();
      const agents = await flow.startAgents(broker, { heartbeatSeconds: 1 });
      const devices = async (): Promise<AgentDevice[]> => {
        const response = await testApp.app.inject({
          url: `/api/v1/merchants/${flow.shop.slug}/devices`,
          headers: { cookie: flow.shop.owner.cookie },
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<{ devices: AgentDevice[] }>().devices;
      };
      const online = await waitFor(
        async () => {
          const list = await devices();
          return list.length === SUPPLIERS && list.every((device) => device.online) ? list : undefined;
        },
        () => 'both agents online',
      );
      expect(online.map((device) => device.supplier.slug)).toEqual([supplierSlug(0), supplierSlug(1)]);
      for (const device of online) {
        expect(Date.parse(device.since)).toBeGreaterThanOrEqual(before - 1000);
      }

      await agents[0]?.close();
      const after = await waitFor(
        async () => {
          const list = await devices();
          return list.find((device) => device.supplier.slug === supplierSlug(0))?.online === false ? list : undefined;
        },
        () => 'the stopped agent offline',
      );
      expect(after.find((device) => device.supplier.slug === supplierSlug(1))?.online).toBe(true);
    });
  });
}
