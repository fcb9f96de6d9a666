import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startAgent, type RunningAgent } from '@myb/supplier-agent';
import { createScratchDatabase, startSmtpServer, type RunningServer } from '@myb/testing';
import pg from 'pg';
import { runLoad } from './load';
import type { LoadResult } from './load-plan';
import {
  deleteAgentQueues,
  deliveryOf,
  rawAmqp,
  rawMqtt,
  startAmqpProbe,
  startMqttProbe,
  waitForAll,
  type Delivery,
  type Probe,
  type RawMessaging,
  type Receipts,
} from './messaging';
import { pgbenchScript, placeOrderRaw, randomPicks } from './order-transaction';
import { runPgbench } from './pgbench';
import { brokerDescription, memorySampler, residentMb, sessionHash, signUp, startProductServer, type ApiUser } from './product';
import { applyMigrations, pgliteQuery, runPgliteOrders, runPoolOrders } from './raw-engines';
import type { Settings } from './settings';
import { oversold, seedShop, type Query, type Shop } from './shop';
import { medianRound, sleep, wallClockMs, type LatencySummary } from './stats';
import { perOperation, startCpuMeter, type CpuMeter, type CpuPerOperation } from './cpu';
import { startRawCatalogueServer } from './raw-catalogue';

export interface Measured {
  rate: number;
  latency: LatencySummary;
  /** Every round's rate; the reported figures are those of the median round. */
  rounds: number[];
  /** The median round's CPU per operation, when the rounds ran under a CPU meter. */
  cpu?: CpuPerOperation;
}

export interface Services {
  postgresUrl: string;
  amqpUrl: string;
  mqttUrl: string;
  pgbench: string;
}

const log = (message: string) => process.stdout.write(`  · ${message}\n`);
const SHOP_SLUG = () => `bench-${randomBytes(3).toString('hex')}`;

/** One side of a comparison; a load that ran in another process says when it began and ended there. */
type Side = (durationSec: number) => Promise<{ rate: number; latency: LatencySummary; startedAt?: number; finishedAt?: number; loaderCpuMs?: number }>;

/**
 * Warms every side up, then runs the rounds interleaved, so drift on a busy machine hits all sides
 * alike. Under a CPU meter, each round also costs its CPU per operation over the window it ran in.
 */
async function rounds(settings: Settings, roundSec: number, sides: Record<string, Side>, meter?: CpuMeter): Promise<Record<string, Measured>> {
  for (const side of Object.values(sides)) {
    await side(settings.warmupSec);
  }
  const runs: Record<string, { rate: number; latency: LatencySummary; cpu?: CpuPerOperation }[]> = {};
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const [name, side] of Object.entries(sides)) {
      const began = wallClockMs();
      const { startedAt, finishedAt, loaderCpuMs, ...result } = await side(roundSec);
      const cpu = meter && perOperation(meter.between(startedAt ?? began, finishedAt ?? wallClockMs(), { 'load generator': loaderCpuMs }), result.latency.count);
      (runs[name] ??= []).push({ ...result, cpu });
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, results]) => [name, { ...medianRound(results), rounds: results.map((r) => r.rate) }]),
  );
}

const pgQuery =
  (client: pg.ClientBase | pg.Pool): Query =>
  async (text, params) =>
    (await client.query(text, params)).rows as Record<string, unknown>[];

function httpOrders(settings: Settings, url: string, shop: Shop, customer: ApiUser, connections = settings.httpConnections): Side {
  return async (durationSec) => {
    const result = await runLoad({
      url,
      connections,
      durationSec,
      cookie: customer.cookie,
      plan: { kind: 'order', merchantSlug: shop.slug, productIds: shop.productIds, lines: settings.lines },
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`orders over HTTP: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    return result;
  };
}

const httpGet =
  (url: string, paths: string[], connections: number): Side =>
  async (durationSec) => {
    const result = await runLoad({ url, connections, durationSec, plan: { kind: 'get', paths } });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`GET ${paths[0]}…: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    return result;
  };

export interface DispatchResult {
  /** At the steady rate: from the dispatch transaction's timestamp to the agent holding the message. */
  steady: Delivery & { requested: number };
  /** Dispatches per second from the first request to the last message at an agent, and the CPU each cost. */
  saturation: Delivery & { dispatches: number; rate: number; cpu?: CpuPerOperation };
}

/** Dispatches each order once through the API; `rate` per second, or as fast as answered. */
async function dispatchOrders(url: string, owner: ApiUser, slug: string, orderIds: string[], connections: number, rate?: number): Promise<LoadResult> {
  const result = await runLoad({
    url,
    connections,
    durationSec: 3600,
    amount: orderIds.length,
    rate,
    cookie: owner.cookie,
    plan: { kind: 'post-each', paths: orderIds.map((id) => `/api/v1/merchants/${slug}/orders/${id}/dispatch`) },
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`dispatch: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result;
}

interface Events {
  (orderIds: string[]): Promise<{ id: string; createdAt: number }[]>;
}

const EVENTS_SQL = `SELECT id, extract(epoch FROM created_at) * 1000 AS created_ms FROM outbox_events WHERE order_id = ANY($1::uuid[])`;
const eventsFrom =
  (query: Query): Events =>
  async (orderIds) =>
    (await query(EVENTS_SQL, [orderIds])).map((row) => ({ id: String(row.id), createdAt: Number(row.created_ms) }));

async function openOrders(query: Query, shop: Shop, count: number): Promise<string[]> {
  const rows = await query(`SELECT id FROM orders WHERE merchant_id = $1 AND status = 'open' ORDER BY random() LIMIT $2`, [shop.merchantId, count]);
  if (rows.length < count) {
    throw new Error(`only ${rows.length} open orders to dispatch, ${count} wanted`);
  }
  return rows.map((row) => String(row.id));
}

/** Places `count` orders straight in the database, so there are orders to dispatch. */
async function placeOrdersForDispatch(pool: pg.Pool, shop: Shop, customer: ApiUser, count: number, lines: number): Promise<void> {
  let placed = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (placed < count) {
        placed += 1;
        const client = await pool.connect();
        try {
          await placeOrderRaw(pgQuery(client), shop, sessionHash(customer), randomPicks(shop.products, lines));
        } finally {
          client.release();
        }
      }
    }),
  );
}

/**
 * The dispatch path on one server: at a steady rate, then at saturation. `events` reads what the
 * dispatches wrote to the outbox; with PGlite that is only possible after the server stopped, so
 * `collect` returns what it needs to finish later.
 */
async function dispatchPhases(
  settings: Settings,
  server: RunningServer,
  owner: ApiUser,
  shop: Shop,
  orderIds: string[],
  probe: Probe,
) {
  const steadyCount = settings.steadyRate * settings.steadySec;
  const steadyOrders = orderIds.slice(0, steadyCount);
  const saturationOrders = orderIds.slice(steadyCount, steadyCount + settings.saturationDispatches);
  await dispatchOrders(server.url, owner, shop.slug, steadyOrders, settings.dbConnections, settings.steadyRate);
  const saturationLoad = await dispatchOrders(server.url, owner, shop.slug, saturationOrders, settings.httpConnections);
  return {
    steadyOrders,
    saturationOrders,
    saturationStartedAt: saturationLoad.startedAt,
    async finish(events: Events, wait: boolean, meter?: CpuMeter): Promise<DispatchResult> {
      const steadyEvents = await events(steadyOrders);
      const saturationEvents = await events(saturationOrders);
      if (wait) {
        await waitForAll(probe.receipts, [...steadyEvents, ...saturationEvents].map((event) => event.id), 30_000);
      }
      const saturation = deliveryOf(probe.receipts, saturationEvents);
      return {
        steady: { ...deliveryOf(probe.receipts, steadyEvents), requested: steadyOrders.length },
        saturation: {
          ...saturation,
          dispatches: saturationOrders.length,
          rate: saturationOrders.length / ((saturation.lastAt - saturationLoad.startedAt) / 1000),
          cpu:
            meter &&
            perOperation(
              meter.between(saturationLoad.startedAt, saturation.lastAt, { 'load generator': saturationLoad.loaderCpuMs }),
              saturationOrders.length,
            ),
        },
      };
    },
  };
}

/** Waits until no message arrived for `quietMs`: for PGlite, whose outbox cannot be read while the server runs. */
async function quiet(receipts: Receipts, quietMs: number): Promise<void> {
  let last = -1;
  for (;;) {
    const count = [...receipts.values()].reduce((sum, times) => sum + times.length, 0);
    if (count === last) {
      return;
    }
    last = count;
    await sleep(quietMs);
  }
}

export interface PostgresResult {
  /** pgbench with named statements, as the product runs its own, and parsing every run, as it did before. */
  orders: { http: Measured; pgbench: Measured; pgbenchExtended: Measured; pool: Measured };
  oversold: number;
  sold: number;
  catalogue: { list: { http: Measured; raw: Measured }; product: { http: Measured; raw: Measured } };
  memory: { restMb: number; endOfLoadMb: number; peakMb: number };
  dispatch: DispatchResult;
  rawAmqp: RawMessaging;
  smtp: Delivery & { rate: number };
}

const newDatabase = (adminUrl: string) => createScratchDatabase(adminUrl);

/** Places orders, reads the catalogue and dispatches to RabbitMQ on one server over PostgreSQL. */
export async function postgresAndRabbitmq(settings: Settings, services: Services, profileDir?: string): Promise<PostgresResult> {
  const database = await newDatabase(services.postgresUrl);
  const server = await startProductServer('postgres', {
    env: { DATABASE_URL: database.url, AMQP_URL: services.amqpUrl },
    logLevel: settings.logLevel,
    profileDir,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const slug = SHOP_SLUG();
  const meter = startCpuMeter();
  meter.watch('server', server.pid);
  let shop: Shop | undefined;
  try {
    const owner = await signUp(server.url, 'owner');
    const customer = await signUp(server.url, 'customer');
    shop = await seedShop(pgQuery(pool), { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock });
    const restMb = residentMb(server.pid);
    const memory = memorySampler(server.pid);

    log(`orders: HTTP (${settings.httpConnections} connections, pool of ${settings.dbConnections}) · pgbench -M prepared and -M extended · pg pool (${settings.dbConnections} each)`);
    const script = pgbenchScript(shop);
    const variables = { slug: shop.slug, session: sessionHash(customer) };
    const thisShop = shop;
    const pgbenchRun = { binary: services.pgbench, url: database.url, script, connections: settings.dbConnections, threads: 2, variables };
    const orders = await rounds(settings, settings.orderRoundSec, {
      http: httpOrders(settings, server.url, shop, customer),
      pgbench: (durationSec) =>
        runPgbench({ ...pgbenchRun, durationSec, protocol: 'prepared' }),
      pgbenchExtended: (durationSec) => runPgbench({ ...pgbenchRun, durationSec, protocol: 'extended' }),
      pool: (durationSec) => runPoolOrders(database.url, settings.dbConnections, durationSec, thisShop, sessionHash(customer), settings.lines),
    }, meter);
    const endOfLoadMb = residentMb(server.pid);
    const stock = await oversold(pgQuery(pool), shop);

    log('catalogue: product list and one product, product server and bare Fastify + pg');
    const raw = await startRawCatalogueServer(database.url, settings.dbConnections);
    meter.watch('raw server', raw.pid);
    const catalogue = await (async () => {
      try {
        const listPath = (prefix: string) => [`${prefix}/merchants/${slug}/products`];
        const productPaths = (prefix: string) => thisShop.productIds.map((id) => `${prefix}/merchants/${slug}/products/${id}`);
        const list = await rounds(settings, settings.readRoundSec, {
          http: httpGet(server.url, listPath('/api/v1'), settings.httpConnections),
          raw: httpGet(raw.url, listPath(''), settings.httpConnections),
        }, meter);
        const product = await rounds(settings, settings.readRoundSec, {
          http: httpGet(server.url, productPaths('/api/v1'), settings.httpConnections),
          raw: httpGet(raw.url, productPaths(''), settings.httpConnections),
        }, meter);
        return { list: { http: list.http!, raw: list.raw! }, product: { http: product.http!, raw: product.raw! } };
      } finally {
        await raw.stop();
      }
    })();

    log(`dispatch → agent on RabbitMQ: ${settings.steadyRate}/s for ${settings.steadySec} s, then ${settings.saturationDispatches} at once`);
    // One second's worth of dispatches warms the agents' mail connections up before the e-mail measurement.
    const smtpCount = settings.smtpRate * (settings.smtpSec + 1);
    const orderIds = await openOrders(pgQuery(pool), shop, settings.steadyRate * settings.steadySec + settings.saturationDispatches + smtpCount);
    const probe = await startAmqpProbe(services.amqpUrl, 'amq.topic', slug, shop.supplierSlugs);
    let dispatch: DispatchResult;
    try {
      const phases = await dispatchPhases(settings, server, owner, shop, orderIds, probe);
      dispatch = await phases.finish(eventsFrom(pgQuery(pool)), true, meter);
    } finally {
      await probe.close();
    }
    const peakMb = await memory.stop();

    log(`dispatch → e-mail accepted by SMTP on loopback: ${settings.smtpRate}/s for ${settings.smtpSec} s`);
    const smtp = await dispatchToSmtp(settings, services, server, owner, shop, orderIds.slice(-smtpCount), eventsFrom(pgQuery(pool)));

    log('raw AMQP: publish, confirm, consume (amqplib)');
    const amqpRaw = await rawAmqp(services.amqpUrl, {
      rate: settings.steadyRate,
      steadyCount: settings.steadyRate * settings.steadySec,
      saturationCount: settings.rawSaturationMessages,
      window: settings.rawWindow,
    });
    return {
      orders: { http: orders.http!, pgbench: orders.pgbench!, pgbenchExtended: orders.pgbenchExtended!, pool: orders.pool! },
      oversold: stock.mismatched,
      sold: stock.sold,
      catalogue,
      memory: { restMb, endOfLoadMb, peakMb },
      dispatch,
      rawAmqp: amqpRaw,
      smtp,
    };
  } finally {
    meter.stop();
    await pool.end();
    await server.stop();
    if (shop) {
      await deleteAgentQueues(services.amqpUrl, slug, shop.supplierSlugs);
    }
    await database.drop();
  }
}

/** The real supplier agents, one per supplier, e-mailing through a loopback SMTP server. */
async function dispatchToSmtp(
  settings: Settings,
  services: Services,
  server: RunningServer,
  owner: ApiUser,
  shop: Shop,
  orderIds: string[],
  events: Events,
): Promise<Delivery & { rate: number }> {
  const smtp = await startSmtpServer();
  const stateDir = await mkdtemp(join(tmpdir(), 'myb-bench-agents-'));
  const quietLogger = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj) };
  const agents: RunningAgent[] = shop.supplierSlugs.map((supplier) =>
    startAgent({
      merchant: shop.slug,
      supplier,
      broker: { kind: 'amqp', url: services.amqpUrl },
      recipients: { kind: 'list', emails: [`orders@${supplier}.example`] },
      mail: { kind: 'smtp', url: smtp.url, from: 'MeetYourBusiness <orders@meetyourbusiness.local>' },
      stateDir: join(stateDir, supplier),
      logger: quietLogger,
    }),
  );
  try {
    await Promise.all(agents.map((agent) => agent.ready));
    const [warmUp, measured] = [orderIds.slice(0, settings.smtpRate), orderIds.slice(settings.smtpRate)];
    await dispatchOrders(server.url, owner, shop.slug, warmUp, settings.dbConnections, settings.smtpRate);
    await smtp.waitFor((await events(warmUp)).length, 30_000);
    const warmedUp = new Set(smtp.received.map((mail) => mail.parsed.headers.get('x-myb-event-id')));
    await dispatchOrders(server.url, owner, shop.slug, measured, settings.dbConnections, settings.smtpRate);
    const expected = await events(measured);
    await smtp.waitFor(warmedUp.size + expected.length, 60_000).catch(() => undefined);
    const receipts: Receipts = new Map();
    for (const mail of smtp.received) {
      const header = mail.parsed.headers.get('x-myb-event-id');
      const id = typeof header === 'string' && !warmedUp.has(header) ? header : '';
      receipts.set(id, [...(receipts.get(id) ?? []), mail.acceptedAt]);
    }
    return { ...deliveryOf(receipts, expected), rate: settings.smtpRate };
  } finally {
    await Promise.all(agents.map((agent) => agent.close()));
    await smtp.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

export interface MqttResult {
  dispatch: DispatchResult;
  raw: RawMessaging;
}

/** The dispatch path through Mosquitto, on a server over PostgreSQL; orders are placed in SQL beforehand. */
export async function postgresAndMosquitto(settings: Settings, services: Services): Promise<MqttResult> {
  const database = await newDatabase(services.postgresUrl);
  const server = await startProductServer('mosquitto', { env: { DATABASE_URL: database.url, MQTT_URL: services.mqttUrl }, logLevel: settings.logLevel });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const slug = SHOP_SLUG();
  const meter = startCpuMeter();
  meter.watch('server', server.pid);
  try {
    const owner = await signUp(server.url, 'owner');
    const customer = await signUp(server.url, 'customer');
    const shop = await seedShop(pgQuery(pool), { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock });
    const count = settings.steadyRate * settings.steadySec + settings.saturationDispatches;
    await placeOrdersForDispatch(pool, shop, customer, count, settings.lines);
    log(`dispatch → agent on Mosquitto: ${settings.steadyRate}/s for ${settings.steadySec} s, then ${settings.saturationDispatches} at once`);
    const probe = await startMqttProbe(services.mqttUrl, slug, shop.supplierSlugs);
    let dispatch: DispatchResult;
    try {
      const phases = await dispatchPhases(settings, server, owner, shop, await openOrders(pgQuery(pool), shop, count), probe);
      dispatch = await phases.finish(eventsFrom(pgQuery(pool)), true, meter);
    } finally {
      await probe.close();
    }
    log('raw MQTT: QoS 1 publish, PUBACK, consume (mqtt.js)');
    const raw = await rawMqtt(services.mqttUrl, {
      rate: settings.steadyRate,
      steadyCount: settings.steadyRate * settings.steadySec,
      saturationCount: settings.rawSaturationMessages,
      window: settings.rawWindow,
    });
    return { dispatch, raw };
  } finally {
    meter.stop();
    await pool.end();
    await server.stop();
    await database.drop();
  }
}

export interface EmbeddedResult {
  orders: { http: Measured; pglite: Measured };
  oversold: number;
  catalogue: { list: Measured; product: Measured };
  memory: { restMb: number; peakMb: number };
  dispatch: DispatchResult;
}

/**
 * `npm start`'s mode: PGlite in a data folder and the MQTT broker inside the server. The shop is
 * written into the PGlite folder while the server is stopped (PGlite has one session, the server's).
 */
export async function embedded(settings: Settings): Promise<EmbeddedResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'myb-bench-embedded-'));
  const rawDir = await mkdtemp(join(tmpdir(), 'myb-bench-pglite-'));
  const env = { DATA_DIR: dataDir };
  const slug = SHOP_SLUG();
  try {
    let server = await startProductServer('embedded', { env, logLevel: settings.logLevel });
    const owner = await signUp(server.url, 'owner');
    const customer = await signUp(server.url, 'customer');
    await server.stop();
    const spec = { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock };
    // The orders to dispatch are placed now: the API lists only an order list's latest 200.
    const count = settings.steadyRate * settings.steadySec + settings.saturationDispatches;
    const seeded = await PGlite.create(join(dataDir, 'pglite'));
    const shop = await seedShop(pgliteQuery(seeded), spec);
    for (let i = 0; i < count; i += 1) {
      await placeOrderRaw(pgliteQuery(seeded), shop, sessionHash(customer), randomPicks(shop.products, settings.lines));
    }
    const toDispatch = await openOrders(pgliteQuery(seeded), shop, count);
    await seeded.close();

    const raw = await PGlite.create(rawDir);
    await applyMigrations((sql) => raw.exec(sql));
    const [rawCustomer] = await pgliteQuery(raw)(`INSERT INTO users (email, name) VALUES ('raw@bench.example', 'raw') RETURNING id`);
    const rawShop = await seedShop(pgliteQuery(raw), { ...spec, ownerId: String(rawCustomer!.id) });
    // Orders are placed under a session, as over HTTP: the statement checks it.
    await pgliteQuery(raw)(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('raw-session', $1, now() + interval '1 day')`, [
      rawCustomer!.id,
    ]);

    server = await startProductServer('embedded', { env, logLevel: settings.logLevel });
    try {
      const restMb = residentMb(server.pid);
      const memory = memorySampler(server.pid);
      log(`embedded orders: HTTP (${settings.httpConnections} connections) · raw PGlite`);
      const orders = await rounds(settings, settings.orderRoundSec, {
        http: httpOrders(settings, server.url, shop, customer),
        pglite: (durationSec) => runPgliteOrders(raw, durationSec, rawShop, 'raw-session', settings.lines),
      });
      log('embedded catalogue reads');
      const list = await rounds(settings, settings.readRoundSec, {
        http: httpGet(server.url, [`/api/v1/merchants/${slug}/products`], settings.httpConnections),
      });
      const product = await rounds(settings, settings.readRoundSec, {
        http: httpGet(server.url, shop.productIds.map((id) => `/api/v1/merchants/${slug}/products/${id}`), settings.httpConnections),
      });

      log(`embedded dispatch → agent on the embedded broker: ${settings.steadyRate}/s for ${settings.steadySec} s, then ${settings.saturationDispatches} at once`);
      const brokerUrl = /mqtt:\/\/[\d.]+:\d+/.exec(await brokerDescription(server.url))?.[0];
      if (!brokerUrl) {
        throw new Error('the embedded server names no broker address');
      }
      const probe = await startMqttProbe(brokerUrl, slug, shop.supplierSlugs);
      let phases;
      try {
        phases = await dispatchPhases(settings, server, owner, shop, toDispatch, probe);
        await quiet(probe.receipts, 1000);
      } finally {
        await probe.close();
      }
      const peakMb = await memory.stop();
      await server.stop();

      const after = await PGlite.create(join(dataDir, 'pglite'));
      try {
        const dispatch = await phases.finish(eventsFrom(pgliteQuery(after)), false);
        const stock = await oversold(pgliteQuery(after), shop);
        return {
          orders: { http: orders.http!, pglite: orders.pglite! },
          oversold: stock.mismatched,
          catalogue: { list: list.http!, product: product.http! },
          memory: { restMb, peakMb },
          dispatch,
        };
      } finally {
        await after.close();
      }
    } finally {
      await server.stop();
      await raw.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(rawDir, { recursive: true, force: true });
  }
}

export interface ScaleOutResult {
  oneServerOrders: number;
  orders: number;
  dispatch: Delivery & { dispatches: number; rate: number };
}

/** Two servers on one PostgreSQL and one RabbitMQ, each taking half the load. */
export async function scaleOut(settings: Settings, services: Services, oneServerOrders: number): Promise<ScaleOutResult> {
  const database = await newDatabase(services.postgresUrl);
  const env = { DATABASE_URL: database.url, AMQP_URL: services.amqpUrl };
  const servers = [
    await startProductServer('scale-a', { env, logLevel: settings.logLevel }),
    await startProductServer('scale-b', { env, logLevel: settings.logLevel }),
  ] as const;
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const slug = SHOP_SLUG();
  let shop: Shop | undefined;
  try {
    const owner = await signUp(servers[0].url, 'owner');
    const customer = await signUp(servers[1].url, 'customer');
    shop = await seedShop(pgQuery(pool), { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock });
    log(`scale-out: orders on two servers, ${settings.httpConnections / 2} connections each`);
    const half = settings.httpConnections / 2;
    const both = await rounds(settings, settings.orderRoundSec, {
      both: async (durationSec) => {
        const results = await Promise.all(servers.map((server) => httpOrders(settings, server.url, shop!, customer, half)(durationSec)));
        return { rate: results.reduce((sum, r) => sum + r.rate, 0), latency: results[0]!.latency };
      },
    });
    log(`scale-out: ${settings.saturationDispatches} dispatches spread over both servers`);
    const orderIds = await openOrders(pgQuery(pool), shop, settings.saturationDispatches);
    const probe = await startAmqpProbe(services.amqpUrl, 'amq.topic', slug, shop.supplierSlugs);
    try {
      const halves = [orderIds.filter((_, i) => i % 2 === 0), orderIds.filter((_, i) => i % 2 === 1)];
      const loads = await Promise.all(servers.map((server, i) => dispatchOrders(server.url, owner, slug, halves[i]!, half)));
      const events = await eventsFrom(pgQuery(pool))(orderIds);
      await waitForAll(probe.receipts, events.map((event) => event.id), 30_000);
      const delivery = deliveryOf(probe.receipts, events);
      const startedAt = Math.min(...loads.map((load) => load.startedAt));
      return {
        oneServerOrders,
        orders: both.both!.rate,
        dispatch: { ...delivery, dispatches: orderIds.length, rate: orderIds.length / ((delivery.lastAt - startedAt) / 1000) },
      };
    } finally {
      await probe.close();
    }
  } finally {
    await pool.end();
    await Promise.all(servers.map((server) => server.stop()));
    if (shop) {
      await deleteAgentQueues(services.amqpUrl, slug, shop.supplierSlugs);
    }
    await database.drop();
  }
}

