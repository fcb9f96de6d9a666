import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startAgent, type RunningAgent } from '@myb/supplier-agent';
import { createScratchDatabase, startSmtpServer, type RunningServer } from '@myb/testing';
import pg from 'pg';
import { Pool } from 'undici';
import { runLoad } from './load';
import type { LoadResult } from './load-plan';
import type { ReceiptStage } from '@myb/contracts';
import {
  deleteAgentQueues,
  deliveryOf,
  endMqttSession,
  pipelineRate,
  rawAmqp,
  rawMqtt,
  startAmqpProbe,
  startMqttProbe,
  waitForAll,
  type Delivery,
  type Probe,
  type RawMessaging,
  type Receipts,
  type TrailEvent,
} from './messaging';
import { pgbenchScript, placeOrderRaw, randomPicks } from './order-transaction';
import { runPgbench } from './pgbench';
import { brokerDescription, memorySampler, residentMb, sessionHash, signUp, startProductServer, type ApiUser } from './product';
import { applyMigrations, pgliteQuery, runPgliteOrders, runPoolOrders } from './raw-engines';
import type { Settings } from './settings';
import { addReorderRules, oversold, seedShop, type Query, type Shop } from './shop';
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
export type Side = (durationSec: number) => Promise<{ rate: number; latency: LatencySummary; startedAt?: number; finishedAt?: number; loaderCpuMs?: number }>;

/**
 * Warms every side up, then runs the rounds interleaved, so drift on a busy machine hits all sides
 * alike. Under a CPU meter, each round also costs its CPU per operation over the window it ran in.
 */
export async function rounds(settings: Settings, roundSec: number, sides: Record<string, Side>, meter?: CpuMeter): Promise<Record<string, Measured>> {
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

export const pgQuery =
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
  /**
   * At the steady rate: from the request to the agent holding the message (this process's monotonic
   * clock), and from the outbox row's `created_at` to the agent's `delivered` receipt recorded on the
   * event's trail (the database's clock).
   */
  steady: Delivery & { requested: number };
  saturation: Saturation;
}

/**
 * As fast as the server takes dispatches, on the database's clock, from the first event's creation
 * to the last receipt recorded: dispatches per second, and broker messages per second (each event
 * and each receipt, published with a confirm and consumed once). Null, with why, when not measured.
 */
export interface Saturation extends Delivery {
  dispatches: number;
  rate: number | null;
  messages: number;
  messagesPerSec: number | null;
  unmeasured?: string;
  cpu?: CpuPerOperation;
}

function saturationOf(arrivals: Receipts, events: TrailEvent[], dispatches: number, cpu?: CpuPerOperation): Saturation {
  const { messages, windowMs, unmeasured } = pipelineRate(events);
  return {
    ...deliveryOf(arrivals, events),
    dispatches,
    rate: windowMs === null ? null : dispatches / (windowMs / 1000),
    messages,
    messagesPerSec: windowMs === null ? null : messages / (windowMs / 1000),
    unmeasured,
    cpu,
  };
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

/**
 * Dispatches each order once at `rate` per second from this process, and notes when each request
 * left on this process's monotonic clock: the start of its dispatch latencies, whose ends (the
 * probe's arrivals, the SMTP server's acceptances) are noted on the same clock in the same process.
 */
async function dispatchTimed(url: string, owner: ApiUser, slug: string, orderIds: string[], connections: number, rate: number): Promise<Map<string, number>> {
  const pool = new Pool(url, { connections, pipelining: 1 });
  const sentAt = new Map<string, number>();
  const failures: string[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  try {
    for (const [i, orderId] of orderIds.entries()) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) {
        await sleep(wait);
      }
      sentAt.set(orderId, performance.now());
      inFlight.push(
        pool
          .request({ path: `/api/v1/merchants/${slug}/orders/${orderId}/dispatch`, method: 'POST', headers: { cookie: owner.cookie } })
          .then(async ({ statusCode, body }) => {
            await body.dump();
            if (statusCode < 200 || statusCode >= 300) {
              failures.push(String(statusCode));
            }
          }),
      );
    }
    await Promise.all(inFlight);
  } finally {
    await pool.close();
  }
  if (failures.length > 0) {
    throw new Error(`dispatch: ${failures.length} answers not 2xx (${failures.slice(0, 5).join(', ')})`);
  }
  return sentAt;
}

/** The events of some orders with their trails; each latency ends at the first step of `stage`. */
interface Events {
  (orderIds: string[], stage?: ReceiptStage): Promise<TrailEvent[]>;
  /** Waits until every event of the orders has `receipts` receipts recorded, or `timeoutMs` passed (PostgreSQL only). */
  recorded(orderIds: string[], receipts: number, timeoutMs: number): Promise<void>;
}

/** What agents write on a trail; `queued` and `published` are the server's own steps. */
const AGENT_STEPS = `stage IN ('delivered', 'emailed', 'failed')`;
/**
 * Every time here is the database's: `created_at` is the dispatch statement's `now()`, a step's `at`
 * the `now()` of the statement that recorded the receipt. The difference is taken in SQL, to the
 * microsecond.
 */
const TRAIL_SQL = `
  SELECT e.id, e.subject_id AS order_id,
         extract(epoch FROM (s.first_at - e.created_at)) * 1000 AS latency_ms,
         extract(epoch FROM e.created_at) * 1000 AS created_ms,
         extract(epoch FROM s.last_at) * 1000 AS last_receipt_ms,
         s.receipts
  FROM outbox_events AS e
  CROSS JOIN LATERAL (
    SELECT min(at) FILTER (WHERE stage = $2) AS first_at, max(at) AS last_at, count(*) AS receipts
    FROM delivery_steps WHERE event_id = e.id AND ${AGENT_STEPS}
  ) AS s
  WHERE e.subject_id = ANY($1::uuid[])`;
const WAITING_SQL = `
  SELECT count(*) AS waiting FROM outbox_events AS e
  WHERE e.subject_id = ANY($1::uuid[])
    AND (SELECT count(*) FROM delivery_steps WHERE event_id = e.id AND ${AGENT_STEPS}) < $2`;

const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const eventsFrom = (query: Query): Events =>
  Object.assign(
    async (orderIds: string[], stage: ReceiptStage = 'delivered') =>
      (await query(TRAIL_SQL, [orderIds, stage])).map((row) => ({
        id: String(row.id),
        orderId: String(row.order_id),
        latencyMs: orNull(row.latency_ms),
        createdAtMs: Number(row.created_ms),
        lastReceiptAtMs: orNull(row.last_receipt_ms),
        receipts: Number(row.receipts),
      })),
    {
      async recorded(orderIds: string[], receipts: number, timeoutMs: number) {
        const deadline = performance.now() + timeoutMs;
        while (performance.now() < deadline && Number((await query(WAITING_SQL, [orderIds, receipts]))[0]?.waiting) > 0) {
          await sleep(20);
        }
      },
    },
  );

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
  const sentAt = await dispatchTimed(server.url, owner, shop.slug, steadyOrders, settings.dbConnections, settings.steadyRate);
  const saturationLoad = await dispatchOrders(server.url, owner, shop.slug, saturationOrders, settings.httpConnections);
  return {
    steadyOrders,
    saturationOrders,
    saturationStartedAt: saturationLoad.startedAt,
    /** With `wait` (PostgreSQL), first waits for every event at its agent and every receipt recorded. */
    async finish(events: Events, wait: boolean, meter?: CpuMeter): Promise<DispatchResult> {
      let finishedAt: number | undefined;
      if (wait) {
        const all = [...steadyOrders, ...saturationOrders];
        await waitForAll(probe.receipts, (await events(all)).map((event) => event.id), 30_000);
        await events.recorded(all, AGENT_RECEIPTS, 30_000);
        finishedAt = wallClockMs();
      }
      const steadyEvents = await events(steadyOrders);
      const saturationEvents = await events(saturationOrders);
      // The CPU meter's window: from the loader's start to the moment every receipt was seen recorded.
      const cpu =
        meter &&
        finishedAt !== undefined &&
        perOperation(meter.between(saturationLoad.startedAt, finishedAt, { 'load generator': saturationLoad.loaderCpuMs }), saturationOrders.length);
      return {
        steady: { ...deliveryOf(probe.receipts, steadyEvents, sentAt), requested: steadyOrders.length },
        saturation: saturationOf(probe.receipts, saturationEvents, saturationOrders.length, cpu || undefined),
      };
    },
  };
}

/** Receipts an agent sends for an event it e-mailed (delivered, e-mailed); the probe sends the same. */
const AGENT_RECEIPTS = 2;

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
  /**
   * Orders over HTTP to a shop whose every product is under its reorder rule (each order queued and
   * evaluated), and to one whose every product has a rule it stays above (each order's rules looked at).
   */
  reorderOrders: { under: Measured; above: Measured };
  oversold: number;
  sold: number;
  catalogue: { list: { http: Measured; raw: Measured }; product: { http: Measured; raw: Measured } };
  memory: { restMb: number; endOfLoadMb: number; peakMb: number };
  dispatch: DispatchResult;
  rawAmqp: RawMessaging;
  /** From the request to the SMTP server accepting the mail, and on the trail to the agent's `emailed` receipt recorded. */
  smtp: Delivery & { rate: number };
}

const newDatabase = (adminUrl: string) => createScratchDatabase(adminUrl);

/**
 * A receipts queue (AMQP) or session (MQTT) of the benchmark's own, so that no other deployment on
 * the broker takes its servers' receipts, nor they another's.
 */
const receiptsOf = (slug: string) => ({ RECEIPTS_QUEUE: `myb.receipts.${slug}`, RECEIPTS_CLIENT_ID: `myb-receipts-${slug}` });

/** Places orders, reads the catalogue and dispatches to RabbitMQ on one server over PostgreSQL. */
export async function postgresAndRabbitmq(settings: Settings, services: Services, profileDir?: string): Promise<PostgresResult> {
  const database = await newDatabase(services.postgresUrl);
  const slug = SHOP_SLUG();
  const server = await startProductServer('postgres', {
    env: { DATABASE_URL: database.url, AMQP_URL: services.amqpUrl, ...receiptsOf(slug) },
    logLevel: settings.logLevel,
    profileDir,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const meter = startCpuMeter();
  meter.watch('server', server.pid);
  let shop: Shop | undefined;
  try {
    const owner = await signUp(server.url, 'owner');
    const customer = await signUp(server.url, 'customer');
    shop = await seedShop(pgQuery(pool), { slug, ownerId: owner.id, products: settings.products, suppliers: settings.suppliers, stock: settings.stock });
    const ruledShop = async (level: 'under' | 'above', firstProduct: number) => {
      const ruled = await seedShop(pgQuery(pool), {
        slug: `${slug}-${level}`,
        ownerId: owner.id,
        products: settings.products,
        suppliers: settings.suppliers,
        stock: settings.stock,
        firstProduct,
      });
      await addReorderRules(pgQuery(pool), ruled, level);
      return ruled;
    };
    const underRules = await ruledShop('under', settings.products + 1);
    const aboveRules = await ruledShop('above', 2 * settings.products + 1);
    const restMb = residentMb(server.pid);
    const memory = memorySampler(server.pid);

    log(`orders: HTTP (${settings.httpConnections} connections, pool of ${settings.dbConnections}) · pgbench -M prepared and -M extended · pg pool (${settings.dbConnections} each)`);
    const script = pgbenchScript(shop);
    const variables = { slug: shop.slug, session: sessionHash(customer) };
    const thisShop = shop;
    const pgbenchRun = { binary: services.pgbench, url: database.url, script, connections: settings.dbConnections, threads: 2, variables };
    const orders = await rounds(settings, settings.orderRoundSec, {
      http: httpOrders(settings, server.url, shop, customer),
      underRules: httpOrders(settings, server.url, underRules, customer),
      aboveRules: httpOrders(settings, server.url, aboveRules, customer),
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

    log(`dispatch → e-mail accepted by SMTP on loopback, and its receipt recorded: ${settings.smtpRate}/s for ${settings.smtpSec} s`);
    const smtp = await dispatchToSmtp(settings, services, server, owner, shop, orderIds.slice(-smtpCount), eventsFrom(pgQuery(pool)));

    log('raw AMQP: publish, confirm, consume, and a receipt back the same way (amqplib)');
    const amqpRaw = await rawAmqp(services.amqpUrl, {
      rate: settings.steadyRate,
      steadyCount: settings.steadyRate * settings.steadySec,
      saturationCount: settings.rawSaturationMessages,
      window: settings.rawWindow,
    });
    return {
      orders: { http: orders.http!, pgbench: orders.pgbench!, pgbenchExtended: orders.pgbenchExtended!, pool: orders.pool! },
      reorderOrders: { under: orders.underRules!, above: orders.aboveRules! },
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
      await deleteAgentQueues(services.amqpUrl, slug, shop.supplierSlugs, receiptsOf(slug).RECEIPTS_QUEUE);
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
    const sentAt = await dispatchTimed(server.url, owner, shop.slug, measured, settings.dbConnections, settings.smtpRate);
    const expectedCount = (await events(measured)).length;
    await smtp.waitFor(warmedUp.size + expectedCount, 60_000).catch(() => undefined);
    await events.recorded(measured, AGENT_RECEIPTS, 30_000);
    // The SMTP server runs in this process: its acceptance times, less this process's time origin,
    // are on the monotonic clock that timed the requests.
    const mails: Receipts = new Map();
    for (const mail of smtp.received) {
      const header = mail.parsed.headers.get('x-myb-event-id');
      const id = typeof header === 'string' && !warmedUp.has(header) ? header : '';
      mails.set(id, [...(mails.get(id) ?? []), mail.acceptedAt - performance.timeOrigin]);
    }
    return { ...deliveryOf(mails, await events(measured, 'emailed'), sentAt), rate: settings.smtpRate };
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
  const slug = SHOP_SLUG();
  const server = await startProductServer('mosquitto', {
    env: { DATABASE_URL: database.url, MQTT_URL: services.mqttUrl, ...receiptsOf(slug) },
    logLevel: settings.logLevel,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
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
    log('raw MQTT: QoS 1 publish, PUBACK, consume, and a receipt back the same way (mqtt.js)');
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
    await endMqttSession(services.mqttUrl, receiptsOf(slug).RECEIPTS_CLIENT_ID);
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
        // The server records the last receipts after the last message arrived; PGlite cannot be read to
        // check while it runs, so it gets as long again. A receipt still missing then is reported so.
        await sleep(1000);
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
  dispatch: Saturation;
}

/** Two servers on one PostgreSQL and one RabbitMQ, each taking half the load. */
export async function scaleOut(settings: Settings, services: Services, oneServerOrders: number): Promise<ScaleOutResult> {
  const database = await newDatabase(services.postgresUrl);
  const slug = SHOP_SLUG();
  // One deployment of two processes: they share the receipts queue.
  const env = { DATABASE_URL: database.url, AMQP_URL: services.amqpUrl, ...receiptsOf(slug) };
  const servers = [
    await startProductServer('scale-a', { env, logLevel: settings.logLevel }),
    await startProductServer('scale-b', { env, logLevel: settings.logLevel }),
  ] as const;
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
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
      await Promise.all(servers.map((server, i) => dispatchOrders(server.url, owner, slug, halves[i]!, half)));
      const events = eventsFrom(pgQuery(pool));
      await waitForAll(probe.receipts, (await events(orderIds)).map((event) => event.id), 30_000);
      await events.recorded(orderIds, AGENT_RECEIPTS, 30_000);
      return {
        oneServerOrders,
        orders: both.both!.rate,
        dispatch: saturationOf(probe.receipts, await events(orderIds), orderIds.length),
      };
    } finally {
      await probe.close();
    }
  } finally {
    await pool.end();
    await Promise.all(servers.map((server) => server.stop()));
    if (shop) {
      await deleteAgentQueues(services.amqpUrl, slug, shop.supplierSlugs, receiptsOf(slug).RECEIPTS_QUEUE);
    }
    await database.drop();
  }
}

