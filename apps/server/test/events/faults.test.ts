import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import amqp from 'amqplib';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  mqttTopic,
  type Order,
  type OrderDispatchedV1,
} from '@myb/contracts';
import {
  hasServices,
  mailEventId,
  requireServiceUrl,
  startSmtpServer,
  tally,
  waitFor,
  type LoopbackSmtpServer,
} from '@myb/testing';
import {
  deadLetterQueue,
  defaultAmqpQueue,
  startAgent,
  type AgentLogger,
  type AgentOptions,
} from '@myb/supplier-agent';
import { buildApp } from '../../src/app';
import type { DatabaseHandle } from '../../src/db/database';
import { OUTBOX_LISTENER_NAME } from '../../src/db/listener';
import { createAmqpPublisher } from '../../src/messaging/amqp-publisher';
import { createMqttPublisher } from '../../src/messaging/mqtt-publisher';
import type { Publisher } from '../../src/messaging/publisher';
import { createEventsRepository } from '../../src/modules/events/events.repository';
import { startEventPipeline, type EventPipeline } from '../../src/modules/events/pipeline';
import { createShop, createTestDatabase, signUpUser, type ShopFixture, type TestApp } from '../helper';

// Faults on real brokers, each counted: for N events with unique ids, how many were lost, how many
// came twice, how many arrived — over the broker, and as e-mails per (event, recipient).

const RELAY_PROCESS = fileURLToPath(new URL('../fixtures/relay-process.ts', import.meta.url));
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const RECIPIENTS = ['ann@supplier-0.example', 'bob@supplier-0.example'];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    await undo().catch((error: unknown) => console.error('cleanup failed', error));
  }
});

const quiet: AgentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const mailKeys = (smtp: LoopbackSmtpServer) =>
  smtp.received.map((mail) => `${mailEventId(mail)} ${mail.envelopeTo[0] ?? ''}`);
const expectedMailKeys = (eventIds: string[]) =>
  eventIds.flatMap((id) => RECIPIENTS.map((to) => `${id} ${to}`));

const silent = pino({ enabled: false });

/** An event pipeline publishing with `publisher` (none: events wait in the outbox), not started. */
const pipelineOf =
  (publisher: Publisher | null, relay?: Parameters<typeof startEventPipeline>[0]['relay']) =>
  (database: DatabaseHandle & { url?: string }) =>
    startEventPipeline({ database, logger: silent, broker: publisher && { publisher }, relay });

/**
 * An application on a database of its own, and a shop with one supplier whose agent we run. Its
 * events wait in the outbox for the tests' own pipelines, unless `pipelineFor` gives it one.
 */
async function setUp(
  engine: 'pglite' | 'postgres',
  pipelineFor?: (database: DatabaseHandle & { url?: string }) => Promise<EventPipeline>,
): Promise<{
  testApp: TestApp;
  database: DatabaseHandle & { url?: string };
  shop: ShopFixture;
  merchantId: string;
}> {
  const database = await createTestDatabase(engine);
  const app = await buildApp({
    database,
    mailDir: null,
    secureCookies: false,
    events: await (pipelineFor ?? pipelineOf(null))(database),
    brokerDescription: 'fault tests',
  });
  const testApp: TestApp = { app, database, close: async () => undefined };
  cleanups.push(async () => {
    await app.close();
    await database.close();
  });
  const shop = await createShop(testApp, {
    slug: `fault-${randomBytes(5).toString('hex')}`,
    suppliers: 1,
    products: 1,
    stock: 10_000,
    supplierEmails: () => RECIPIENTS,
  });
  const merchant = await database.db
    .selectFrom('merchants')
    .select('id')
    .where('slug', '=', shop.slug)
    .executeTakeFirstOrThrow();
  return { testApp, database, shop, merchantId: merchant.id };
}

/** N events straight into the outbox, as N dispatches would write them (one supplier each). */
async function queueEvents(
  database: DatabaseHandle,
  shop: ShopFixture,
  merchantId: string,
  n: number,
): Promise<string[]> {
  const events = Array.from({ length: n }, (_, i): OrderDispatchedV1 => ({
    id: randomUUID(),
    type: 'order.dispatched',
    version: 1,
    occurredAt: new Date().toISOString(),
    merchant: { slug: shop.slug, name: `Shop ${shop.slug}` },
    supplier: { slug: 'supplier-0', name: 'Supplier 0' },
    order: { id: randomUUID(), number: `F-${i + 1}` },
    items: [{ sku: 'SKU-0', product: 'Product 0', quantity: 1 }],
  }));
  await createEventsRepository(database.db).write(
    events.map((event) => ({
      id: event.id,
      type: event.type,
      merchantId,
      subject: null,
      supplierId: shop.supplierIds[0]!,
      routingKey: amqpRoutingKey(shop.slug, 'supplier-0'),
      topic: mqttTopic(shop.slug, 'supplier-0'),
      payload: event,
    })),
  );
  return events.map((event) => event.id);
}

async function startShopAgent(
  shop: ShopFixture,
  broker: AgentOptions['broker'],
  smtp: LoopbackSmtpServer,
): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'myb-fault-agent-'));
  const agent = startAgent({
    merchant: shop.slug,
    supplier: 'supplier-0',
    broker,
    recipients: { kind: 'list', emails: RECIPIENTS },
    mail: { kind: 'smtp', url: smtp.url, from: 'agent@supplier-0.example' },
    stateDir,
    logger: quiet,
    retryDelayMs: 100,
  });
  cleanups.push(async () => {
    await agent.close();
    await rm(stateDir, { recursive: true, force: true });
  });
  await agent.ready;
}

/** Every message on the shop's routing key, by message id, as any third-party consumer would see them. */
async function observeAmqp(routingKey: string): Promise<string[]> {
  const connection = await amqp.connect(requireServiceUrl('rabbitmq'));
  cleanups.push(() => connection.close());
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, DEFAULT_AMQP_EXCHANGE, routingKey);
  const seen: string[] = [];
  await channel.consume(queue, (message) => message && seen.push(String(message.properties.messageId)), {
    noAck: true,
  });
  return seen;
}

async function forgetAmqpAgent(shop: ShopFixture): Promise<void> {
  const connection = await amqp.connect(requireServiceUrl('rabbitmq'));
  const channel = await connection.createChannel();
  const queue = defaultAmqpQueue(shop.slug, 'supplier-0');
  await channel.deleteQueue(queue);
  await channel.deleteQueue(deadLetterQueue(queue));
  await connection.close();
}

const pendingCount = async (database: DatabaseHandle) =>
  Number(
    (
      await database.db
        .selectFrom('outbox_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- 1. the broker is down when the dispatch commits ------------------------------------------

/** Aedes on `port`, refusing the relay's connections until `admit()`: the agent subscribes first. */
async function aedesOn(port: number): Promise<{ url: string; admit(): void; close(): Promise<void> }> {
  let admitting = false;
  const broker = await Aedes.createBroker({
    preConnect: (_client, packet, callback) =>
      callback(null, admitting || !packet.clientId.startsWith('myb-relay-')),
  });
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    admit: () => (admitting = true),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a dispatch committed while the broker is down', () => {
  it(
    'is published once a broker listens on that port, and every e-mail goes out once',
    { timeout: 60_000 },
    async () => {
      const N = 20;
      const { testApp, database, shop, merchantId } = await setUp('pglite');
      const smtp = await startSmtpServer();
      cleanups.push(() => smtp.close());
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));

      const publisher = createMqttPublisher(`mqtt://127.0.0.1:${port}`);
      cleanups.push(() => publisher.close());
      const relay = await pipelineOf(publisher, { idlePollMs: 50 })(database);
      cleanups.push(() => relay.close());
      await relay.start();

      const customer = await signUpUser(testApp);
      const placed = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: customer.cookie },
        payload: { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] },
      });
      const orderId = placed.json<Order>().id;
      await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/merchants/${shop.slug}/orders/${orderId}/dispatch`,
        headers: { cookie: shop.owner.cookie },
      });
      const ids = [
        ...(await testApp.database.db.selectFrom('outbox_events').select('id').execute()).map(
          (row) => row.id,
        ),
        ...(await queueEvents(database, shop, merchantId, N - 1)),
      ];

      // The merchant sees it waiting for the broker, with the cause.
      const waiting = await waitFor(
        async () => {
          const response = await testApp.app.inject({
            url: `/api/v1/merchants/${shop.slug}/orders/${orderId}`,
            headers: { cookie: shop.owner.cookie },
          });
          const delivery = response.json<Order>().deliveries[0];
          return delivery && delivery.attempts >= 1 ? delivery : undefined;
        },
        () => 'a failed attempt',
      );
      expect(waiting.stage).toBe('queued');
      expect(waiting.lastError).toMatch(/ECONNREFUSED/);
      expect(await pendingCount(database)).toBe(N);

      const broker = await aedesOn(port);
      cleanups.push(() => broker.close());
      await startShopAgent(shop, { kind: 'mqtt', url: broker.url }, smtp);
      broker.admit();

      await waitFor(
        async () =>
          (await pendingCount(database)) === 0 && tally(expectedMailKeys(ids), mailKeys(smtp)).lost === 0
            ? true
            : undefined,
        () => `every event published and e-mailed (pending ${N}, e-mails ${smtp.received.length})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const counts = tally(expectedMailKeys(ids), mailKeys(smtp));
      console.info(`[faults] broker down at dispatch, N=${N}: e-mails ${JSON.stringify(counts)}`);
      expect(counts).toEqual({ delivered: N * RECIPIENTS.length, lost: 0, duplicated: 0 });
    },
  );
});

// ---- 2. a relay killed between the broker's confirm and the mark ------------------------------

describe.skipIf(!hasServices('fault tests on PostgreSQL and RabbitMQ', 'postgres', 'rabbitmq'))(
  'relays on PostgreSQL and RabbitMQ',
  () => {
    it(
      'a relay killed with SIGKILL after a confirm and before the mark causes duplicates at most, no loss, no second e-mail',
      { timeout: 60_000 },
      async () => {
        const N = 30;
        const { database, shop, merchantId } = await setUp('postgres');
        const smtp = await startSmtpServer();
        cleanups.push(() => smtp.close());
        cleanups.push(() => forgetAmqpAgent(shop));
        await startShopAgent(shop, { kind: 'amqp', url: requireServiceUrl('rabbitmq') }, smtp);
        const seen = await observeAmqp(amqpRoutingKey(shop.slug, 'supplier-0'));
        const ids = await queueEvents(database, shop, merchantId, N);

        const child = spawn(process.execPath, ['--import', 'tsx', RELAY_PROCESS], {
          cwd: REPOSITORY_ROOT,
          env: {
            ...process.env,
            FAULT_DATABASE_URL: database.url,
            FAULT_AMQP_URL: requireServiceUrl('rabbitmq'),
            FAULT_LEASE_MS: '2000',
            MYB_TEST_RELAY_KILL_AFTER: '10',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const ended = await new Promise<NodeJS.Signals | number | null>((resolve) =>
          child.on('exit', (code, signal) => resolve(signal ?? code)),
        );
        expect(ended, stderr).toBe('SIGKILL');
        const confirmedByTheDead = stdout.split('\n').filter((line) => line.startsWith('confirmed ')).length;
        const unmarked = await pendingCount(database);
        expect(confirmedByTheDead).toBeGreaterThanOrEqual(10);

        // A surviving relay (another server process) takes over once the dead one's lease lapses.
        const publisher = createAmqpPublisher(requireServiceUrl('rabbitmq'), DEFAULT_AMQP_EXCHANGE);
        cleanups.push(() => publisher.close());
        const relay = await pipelineOf(publisher, { idlePollMs: 50 })(database);
        cleanups.push(() => relay.close());
        await relay.start();
        await waitFor(
          async () =>
            (await pendingCount(database)) === 0 && tally(expectedMailKeys(ids), mailKeys(smtp)).lost === 0
              ? true
              : undefined,
          () => `every event published and e-mailed (e-mails ${smtp.received.length})`,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        const overBroker = tally(ids, seen);
        const emails = tally(expectedMailKeys(ids), mailKeys(smtp));
        console.info(
          `[faults] relay killed after ${confirmedByTheDead} confirms with ${unmarked} events unmarked, N=${N}: ` +
            `over the broker ${JSON.stringify(overBroker)}, e-mails ${JSON.stringify(emails)}`,
        );
        expect(overBroker.lost).toBe(0);
        expect(overBroker.delivered).toBe(N);
        // Only what the dead relay held unmarked can come twice — the broker may have taken more than
        // it confirmed before the kill — and nothing comes three times.
        expect(overBroker.duplicated).toBeLessThanOrEqual(unmarked);
        expect(
          Math.max(...ids.map((id) => seen.filter((seenId) => seenId === id).length)),
        ).toBeLessThanOrEqual(2);
        expect(emails).toEqual({ delivered: N * RECIPIENTS.length, lost: 0, duplicated: 0 });
      },
    );

    it('several relays share the outbox without publishing anything twice (FOR UPDATE SKIP LOCKED)', async () => {
      const N = 300;
      const RELAYS = 3;
      const { database, shop, merchantId } = await setUp('postgres');
      const seen = await observeAmqp(amqpRoutingKey(shop.slug, 'supplier-0'));
      const ids = await queueEvents(database, shop, merchantId, N);
      const published = Array.from({ length: RELAYS }, () => 0);
      for (let r = 0; r < RELAYS; r += 1) {
        const amqpPublisher = createAmqpPublisher(requireServiceUrl('rabbitmq'), DEFAULT_AMQP_EXCHANGE);
        const counting: Publisher = {
          description: amqpPublisher.description,
          publish: async (message) => {
            await amqpPublisher.publish(message);
            published[r] = (published[r] ?? 0) + 1;
          },
          close: () => amqpPublisher.close(),
        };
        cleanups.push(() => counting.close());
        const relay = await pipelineOf(counting, { batchSize: 10, idlePollMs: 20 })(database);
        cleanups.push(() => relay.close());
        await relay.start();
      }
      await waitFor(
        async () => ((await pendingCount(database)) === 0 && seen.length >= N ? true : undefined),
        () => `every event published (seen ${seen.length})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const counts = tally(ids, seen);
      console.info(
        `[faults] ${RELAYS} relays, N=${N}: published per relay ${published.join(' + ')}, over the broker ${JSON.stringify(counts)}`,
      );
      expect(counts).toEqual({ delivered: N, lost: 0, duplicated: 0 });
      expect(published.reduce((a, b) => a + b, 0)).toBe(N);
    });
  },
);

// ---- 3. without the poll: another process's dispatch (NOTIFY), this process's (hand-over) -----

/** A publisher that takes every message at once and keeps its id. */
function recordingPublisher(): { published: string[]; recording: Publisher } {
  const published: string[] = [];
  const recording: Publisher = {
    description: 'recording',
    publish: (message) => {
      published.push(message.id);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { published, recording };
}

describe.skipIf(!hasServices('outbox wake-up on PostgreSQL', 'postgres'))('the relay, without waiting for its poll', () => {
  it('publishes at once what another connection commits, also after its LISTEN connection was killed', async () => {
    const { database, shop, merchantId } = await setUp('postgres');
    const { published, recording } = recordingPublisher();
    // It polls once a minute: within the seconds below only a notice can have woken it.
    const relay = await pipelineOf(recording, { idlePollMs: 60_000 })(database);
    cleanups.push(() => relay.close());
    // Nothing else calls this: each call is a notice received, or a (re)connection.
    let wakes = 0;
    await relay.listen({ outbox_events: () => (wakes += 1) });
    await relay.start();
    await waitFor(() => (wakes === 1 ? true : undefined), 'the wake-up that follows connecting');

    // Written without telling the relay, as another server process's dispatch would be.
    const [first] = await queueEvents(database, shop, merchantId, 1);
    await waitFor(() => (wakes === 2 && published.includes(first!) ? true : undefined), () => `a notice, and the first event published (wakes ${wakes}, published ${published.length})`, 5_000);

    // Found first, then ended by its pid alone: this database's listener, nobody else's connection.
    const { rows: listeners } = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${OUTBOX_LISTENER_NAME}`.execute(database.db);
    expect(listeners).toHaveLength(1);
    await sql`SELECT pg_terminate_backend(${listeners[0]!.pid}::int)`.execute(database.db);
    await waitFor(() => (wakes === 3 ? true : undefined), 'the listener to reconnect', 5_000);

    const [second] = await queueEvents(database, shop, merchantId, 1);
    await waitFor(() => (wakes === 4 && published.includes(second!) ? true : undefined), () => `a notice, and the second event published (wakes ${wakes}, published ${published.length})`, 5_000);
    expect(published.sort()).toEqual([first, second].sort());
  });

  it("publishes a dispatch's events handed over after the commit, leased as written, without a claim", async () => {
    const { published, recording } = recordingPublisher();
    // The application's pipeline, never started: it neither polls nor claims, so only the hand-over can publish.
    const { testApp, database, shop } = await setUp('postgres', async (database) => {
      const pipeline = await pipelineOf(recording, { leaseMs: 60_000 })(database);
      cleanups.push(() => pipeline.close());
      return pipeline;
    });

    const customer = await signUpUser(testApp);
    const placed = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { cookie: customer.cookie },
      payload: { merchantSlug: shop.slug, items: [{ productId: shop.productIds[0], quantity: 1 }] },
    });
    const orderId = placed.json<Order>().id;
    const dispatched = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/merchants/${shop.slug}/orders/${orderId}/dispatch`,
      headers: { cookie: shop.owner.cookie },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const [event] = dispatched.json<Order>().deliveries;
    await waitFor(async () => ((await pendingCount(database)) === 0 ? true : undefined), 'the event marked published', 5_000);
    expect(published).toEqual([event!.eventId]);
    // Leased as it was written, which counts as its first attempt.
    expect(
      await database.db.selectFrom('outbox_events').select(['attempts', 'status']).where('id', '=', event!.eventId).executeTakeFirstOrThrow(),
    ).toEqual({ attempts: 1, status: 'published' });
  });
});
