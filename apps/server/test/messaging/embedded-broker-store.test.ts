import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttTopic, type ManagedProduct, type Order } from '@myb/contracts';
import { freePort, startServer, tally, waitFor, type Counts, type RunningServer } from '@myb/testing';

// `npm start`'s mode — PGlite in DATA_DIR, the broker inside the server — and an MQTT supplier agent
// outside it (persistent session, fixed client id, QoS 1) that is offline while the server restarts:
// on reconnect it gets every message the outbox marked published, whether the server stopped
// cleanly or was killed, and nothing it had already acknowledged. Each phase counts, for N events
// with unique ids, how many were lost and how many came twice.

const MERCHANT = 'acme';
const SUPPLIER = 'bolt-co';
const SKU = 'B-10'; // supplied by Bolt Co alone in the demo shop
const TOPIC = mqttTopic(MERCHANT, SUPPLIER);
const N = 100;
const TEST_TIMEOUT_MS = 240_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    await undo().catch((error: unknown) => console.error('cleanup failed', error));
  }
});

/** The product server in embedded mode on a data folder and MQTT port that outlive it. */
class EmbeddedServer {
  server: RunningServer | undefined;
  private constructor(
    readonly dataDir: string,
    readonly mqttPort: number,
  ) {}

  static async create(): Promise<EmbeddedServer> {
    const embedded = new EmbeddedServer(await mkdtemp(join(tmpdir(), 'myb-broker-store-')), await freePort());
    cleanups.push(async () => {
      await embedded.server?.stop();
      await rm(embedded.dataDir, { recursive: true, force: true });
    });
    return embedded;
  }

  get brokerUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  get url(): string {
    return this.running.url;
  }

  private get running(): RunningServer {
    if (!this.server) {
      throw new Error('the server is not running');
    }
    return this.server;
  }

  async start(): Promise<void> {
    this.server = await startServer('broker-store', {
      DATA_DIR: this.dataDir,
      EMBEDDED_MQTT_PORT: String(this.mqttPort),
      DEMO_AGENTS: 'false',
    });
    const health = (await (await fetch(`${this.server.url}/api/v1/health`)).json()) as { broker: string };
    expect(health.broker, 'the embedded broker kept its port').toBe(`embedded MQTT broker mqtt://127.0.0.1:${this.mqttPort}`);
  }

  /** SIGTERM: the server finishes what is in hand, as `npm start` does on Ctrl-C. */
  async stop(): Promise<void> {
    await this.running.stop();
    this.server = undefined;
  }

  /** SIGKILL to the whole process group: nothing is finished, nothing flushed. */
  async kill(): Promise<void> {
    process.kill(-this.running.pid, 'SIGKILL');
    await this.running.stop();
    this.server = undefined;
  }
}

async function api<T>(baseUrl: string, path: string, init: { method?: string; cookie?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  }
  return JSON.parse(text) as T;
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('myb_session='));
  if (!response.ok || !cookie) {
    throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  }
  return cookie.split(';')[0]!;
}

/** The demo shop's merchant and customer (sessions live in the database, so they outlast restarts). */
async function demoShop(baseUrl: string) {
  const merchant = await signIn(baseUrl, 'alice@acme.example', 'alice-demo-1');
  const customer = await signIn(baseUrl, 'carol@example.com', 'carol-demo-1');
  const { products } = await api<{ products: ManagedProduct[] }>(baseUrl, `/merchants/${MERCHANT}/catalogue`, { cookie: merchant });
  const product = products.find((candidate) => candidate.sku === SKU);
  if (!product) {
    throw new Error(`the demo shop has no ${SKU}`);
  }
  if (product.stock < 100_000) {
    await api(baseUrl, `/merchants/${MERCHANT}/products/${product.id}/stock-adjustments`, {
      method: 'POST',
      cookie: merchant,
      body: { change: 100_000 - product.stock, reason: 'received' },
    });
  }
  return { merchant, customer, productId: product.id };
}

type Shop = Awaited<ReturnType<typeof demoShop>>;

/**
 * Places and dispatches `count` orders, ten at a time; `eventIds` grows with each dispatch answered
 * (the event for the supplier). A worker stops at its first failure, as when the server is killed.
 */
function startDispatching(baseUrl: string, shop: Shop, count: number): { eventIds: string[]; failure: Promise<Error | undefined> } {
  const eventIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      eventIds.push(await dispatchOne(baseUrl, shop));
    }
  };
  const workers = Array.from({ length: 10 }, worker);
  return {
    eventIds,
    // Settles when every worker has stopped, with the first failure (undefined if none).
    failure: Promise.allSettled(workers).then((results) => {
      const rejected = results.find((result) => result.status === 'rejected');
      return rejected ? new Error('a dispatch failed', { cause: rejected.reason }) : undefined;
    }),
  };
}

async function dispatchOrders(baseUrl: string, shop: Shop, count: number): Promise<string[]> {
  const { eventIds, failure } = startDispatching(baseUrl, shop, count);
  const error = await failure;
  if (error !== undefined) {
    throw error;
  }
  expect(new Set(eventIds).size).toBe(count);
  return eventIds;
}

async function dispatchOne(baseUrl: string, shop: Shop): Promise<string> {
  const order = await api<Order>(baseUrl, '/orders', {
    method: 'POST',
    cookie: shop.customer,
    body: { merchantSlug: MERCHANT, items: [{ productId: shop.productId, quantity: 1 }] },
  });
  const dispatched = await api<Order>(baseUrl, `/merchants/${MERCHANT}/orders/${order.id}/dispatch`, {
    method: 'POST',
    cookie: shop.merchant,
  });
  const [eventId, ...others] = dispatched.deliveries.filter((d) => d.supplier.slug === SUPPLIER).map((d) => d.eventId);
  if (!eventId || others.length > 0) {
    throw new Error(`order ${order.number}: expected one delivery to ${SUPPLIER}, got ${JSON.stringify(dispatched.deliveries)}`);
  }
  return eventId;
}

/** Until the relay has heard the broker take every one of `eventIds` (the outbox marks them published). */
async function waitPublished(baseUrl: string, shop: Shop, eventIds: string[]): Promise<void> {
  const wanted = new Set(eventIds);
  let published = 0;
  await waitFor(
    async () => {
      const { orders } = await api<{ orders: Order[] }>(baseUrl, `/merchants/${MERCHANT}/orders?status=closed`, { cookie: shop.merchant });
      published = orders.flatMap((order) => order.deliveries).filter((d) => wanted.has(d.eventId) && d.status === 'published').length;
      return published === wanted.size ? true : undefined;
    },
    () => `${wanted.size} events published (${published} so far)`,
    60_000,
  );
}

const MARKER = 'settled-';

/** The outside agent: a persistent session under a fixed client id, subscribed at QoS 1. */
class OutsideAgent {
  readonly clientId = `outside-agent-${randomBytes(4).toString('hex')}`;
  readonly received: string[] = [];
  /** Markers `settle` published behind what it counts: kept apart from the events. */
  private readonly markers: string[] = [];
  private client: MqttClient | undefined;

  constructor(private readonly url: () => string) {
    cleanups.push(() => this.disconnect());
  }

  /** Connects (clean = false); resolves with whether the broker still had the session. */
  async connect(): Promise<boolean> {
    const client = mqtt.connect(this.url(), { clientId: this.clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
    this.client = client;
    client.on('message', (_topic, payload) => {
      const { id } = JSON.parse(payload.toString()) as { id: string };
      (id.startsWith(MARKER) ? this.markers : this.received).push(id);
    });
    return new Promise((resolve, reject) => {
      client.once('connect', (connack) => resolve(connack.sessionPresent));
      client.once('error', reject);
    });
  }

  async subscribe(): Promise<void> {
    const granted = await this.client!.subscribeAsync(TOPIC, { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);
  }

  async disconnect(): Promise<void> {
    await this.client?.endAsync();
    this.client = undefined;
  }

  /**
   * What arrived once `expected` all did (or the wait gave up) and the broker had delivered all it held
   * for the session: a marker published on the topic after that arrives behind anything still queued
   * (MQTT delivers one topic's messages to a subscriber in order), a copy of an event included.
   */
  async settle(expected: string[], timeoutMs = 30_000): Promise<Counts> {
    await waitFor(
      () => (tally(expected, this.received).lost === 0 ? true : undefined),
      () => `${expected.length} events at the outside agent (${tally(expected, this.received).delivered} so far)`,
      timeoutMs,
    ).catch(() => undefined);
    const marker = `${MARKER}${randomBytes(4).toString('hex')}`;
    const publisher = await mqtt.connectAsync(this.url(), { reconnectPeriod: 0 });
    try {
      await publisher.publishAsync(TOPIC, JSON.stringify({ id: marker }), { qos: 1 });
    } finally {
      await publisher.endAsync();
    }
    await waitFor(
      () => (this.markers.includes(marker) ? true : undefined),
      'the marker behind the events',
      timeoutMs,
    );
    return tally(expected, this.received);
  }
}

describe('the embedded broker keeps an offline agent’s backlog across a restart of the server', () => {
  it(
    'stopped cleanly: every message arrives once after the restart, and an acknowledged one never again',
    async () => {
      const embedded = await EmbeddedServer.create();
      await embedded.start();
      const shop = await demoShop(embedded.url);
      const agent = new OutsideAgent(() => embedded.brokerUrl);
      expect(await agent.connect()).toBe(false);
      await agent.subscribe();
      await agent.disconnect();

      const eventIds = await dispatchOrders(embedded.url, shop, N);
      await waitPublished(embedded.url, shop, eventIds);
      await embedded.stop();
      await embedded.start();

      expect(await agent.connect(), 'the session survived the restart').toBe(true);
      const counts = await agent.settle(eventIds);
      console.log(`SIGTERM, ${N} events queued for an offline session:`, counts);
      expect(counts).toEqual({ delivered: N, lost: 0, duplicated: 0 });
      // mqtt.js acknowledged each as it arrived; the acknowledgements are in the store before the stop.
      await agent.disconnect();
      await embedded.stop();
      await embedded.start();
      const before = agent.received.length;
      expect(await agent.connect()).toBe(true);
      await agent.settle([]);
      expect(agent.received.length - before, 'acknowledged messages delivered again').toBe(0);

      // The session still routes new dispatches after two restarts.
      await agent.disconnect();
      const more = await dispatchOrders(embedded.url, shop, 5);
      await waitPublished(embedded.url, shop, more);
      await agent.connect();
      expect(await agent.settle(more)).toMatchObject({ delivered: 5, lost: 0 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'killed (SIGKILL): nothing the outbox marked published is lost, nor anything killed in flight',
    async () => {
      const embedded = await EmbeddedServer.create();
      await embedded.start();
      const shop = await demoShop(embedded.url);
      const agent = new OutsideAgent(() => embedded.brokerUrl);
      await agent.connect();
      await agent.subscribe();
      await agent.disconnect();

      // Killed the moment the last confirm is recorded.
      const published = await dispatchOrders(embedded.url, shop, N);
      await waitPublished(embedded.url, shop, published);
      await embedded.kill();
      await embedded.start();
      expect(await agent.connect(), 'the session survived SIGKILL').toBe(true);
      const counts = await agent.settle(published);
      console.log(`SIGKILL after ${N} events were marked published:`, counts);
      expect(counts).toEqual({ delivered: N, lost: 0, duplicated: 0 });
      await agent.disconnect();

      // Killed halfway through a stream of dispatches, the relay publishing as they come: what it had
      // not marked is published again after its lease (30 s) — a duplicate at worst, never a loss.
      // Dispatches whose answer the kill cut off are not counted (they may or may not have committed).
      agent.received.length = 0;
      const stream = startDispatching(embedded.url, shop, N);
      await waitFor(() => (stream.eventIds.length >= N / 2 ? true : undefined), 'half the dispatches answered');
      await embedded.kill();
      await stream.failure;
      const answered = [...stream.eventIds];
      await embedded.start();
      await waitPublished(embedded.url, shop, answered);
      await agent.connect();
      const killedInFlight = await agent.settle(answered);
      console.log(`SIGKILL amid dispatches, ${answered.length} answered before it:`, killedInFlight);
      expect(killedInFlight).toMatchObject({ delivered: answered.length, lost: 0 });
    },
    TEST_TIMEOUT_MS,
  );
});
