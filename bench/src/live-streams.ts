/**
 * How many live streams (`GET /api/v1/live`, Server-Sent Events) one server holds at 200 MB of resident
 * memory, beside a bare node:http server holding as many, and how long one change takes to reach them all.
 */
import { request, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '@myb/testing';
import pg from 'pg';
import { connectInspector, inspectorFlag, type Inspector } from './inspector';
import { residentMb, signUp, startProductServer } from './product';
import { startRawServer } from './raw-server';
import { pgQuery } from './scenarios';
import type { Settings } from './settings';
import { seedShop } from './shop';
import { LatencyRecorder, sleep, type LatencySummary } from './stats';

const RAW_SERVER = fileURLToPath(new URL('./raw-live-server.ts', import.meta.url));
/** The memory the issue asks about: streams held by one server at this resident size. */
export const TARGET_MB = 200;
/** Streams opened per step, between two readings of the server's memory. */
const STEP = 500;
/** Streams opened and closed before memory is read at rest, to warm the server. */
const WARM_UP = 100;
/** Streams being opened at once: well inside the server's listen backlog, so none waits for a SYN retry. */
const OPENING_AT_ONCE = 100;
const OPEN_TIMEOUT_MS = 30_000;
const CHANGE_TIMEOUT_MS = 10_000;
/** After a step, before its garbage is collected and its memory read: the server finishes what the openings left it to do. */
const SETTLE_MS = 200;

const log = (message: string) => process.stdout.write(`  · ${message}\n`);

/** One server's streams: its memory at rest and after each step, and one change told to all of them. */
export interface HeldStreams {
  restMb: number;
  /** [open streams, resident MB] after each step. */
  steps: [number, number][];
  /** The least-squares slope of memory over the steps, in KB per open stream. */
  kbPerStream: number;
  /** From the request that made the change to each stream's `change` event (this process's clock). */
  change: LatencySummary;
  /** From that request to its answer: the product's 201, the raw server's after its writes. */
  changeAnsweredMs: number;
}

export interface LiveStreamsResult {
  targetMb: number;
  /** The most streams opened on either side. */
  cap: number;
  product: HeldStreams;
  raw: HeldStreams;
  /**
   * Streams the product's server holds at `targetMb`: measured (between the two steps around it) when
   * its memory reached it within the cap, else extrapolated from the last step along the slope.
   */
  atTarget: { streams: number | null; measured: boolean };
}

/** One stream open in this process: when it first heard a `change` event, and whether it ended. */
interface ClientStream {
  changeAt: number | null;
  ended: boolean;
  request: ClientRequest;
}

/** Opens a stream on its own socket and answers once its `ready` event has arrived. */
function openStream(url: string, headers: Record<string, string>): Promise<ClientStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } });
    const stream: ClientStream = { changeAt: null, ended: false, request: req };
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${url}: no ready event within ${OPEN_TIMEOUT_MS / 1000} s`));
    }, OPEN_TIMEOUT_MS);
    req.on('error', (error) => {
      stream.ended = true;
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (response) => {
      if (response.statusCode !== 200) {
        clearTimeout(timer);
        response.resume();
        reject(new Error(`${url}: ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      let pending = '';
      response.on('data', (chunk: string) => {
        pending += chunk;
        for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
          const event = /^event: (.*)$/m.exec(pending.slice(0, end))?.[1];
          pending = pending.slice(end + 2);
          if (event === 'ready') {
            clearTimeout(timer);
            resolve(stream);
          } else if (event === 'change' && stream.changeAt === null) {
            stream.changeAt = performance.now();
          }
        }
      });
      response.on('close', () => {
        stream.ended = true;
      });
    });
    req.end();
  });
}

/** Opens `count` streams into `streams`, `OPENING_AT_ONCE` at a time; every opening has ended when it fails. */
async function openMany(
  streams: ClientStream[],
  count: number,
  open: () => Promise<ClientStream>,
): Promise<void> {
  let left = count;
  const openers = await Promise.allSettled(
    Array.from({ length: Math.min(OPENING_AT_ONCE, count) }, async () => {
      while (left > 0) {
        left -= 1;
        streams.push(await open());
      }
    }),
  );
  const failed = openers.find((opener) => opener.status === 'rejected');
  if (failed) {
    throw failed.reason;
  }
}

/** KB per stream: the least-squares slope of resident MB over open streams. */
export function slopeKb(steps: [number, number][]): number {
  const n = steps.length;
  const meanX = steps.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = steps.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = steps.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = steps.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? NaN : (covariance / variance) * 1024;
}

/** Streams held at `targetMb`: between the two readings around it, or past the last along the slope. */
export function streamsAt(
  targetMb: number,
  restMb: number,
  steps: [number, number][],
  kbPerStream: number,
): LiveStreamsResult['atTarget'] {
  const readings: [number, number][] = [[0, restMb], ...steps];
  const above = readings.findIndex(([, mb]) => mb >= targetMb);
  if (above === 0) {
    return { streams: 0, measured: true };
  }
  if (above > 0) {
    const [s0, m0] = readings[above - 1]!;
    const [s1, m1] = readings[above]!;
    return { streams: Math.round(s0 + ((targetMb - m0) * (s1 - s0)) / (m1 - m0)), measured: true };
  }
  const [last, lastMb] = readings.at(-1)!;
  return {
    streams: kbPerStream > 0 ? Math.round(last + ((targetMb - lastMb) * 1024) / kbPerStream) : null,
    measured: false,
  };
}

/**
 * Opens streams `STEP` at a time, reading the server's memory after each step, until it reaches
 * `untilMb` or `cap` streams are open; then makes one change and times it to every stream.
 */
async function holdStreams(
  side: string,
  pid: number,
  inspector: Inspector,
  cap: number,
  untilMb: number,
  open: () => Promise<ClientStream>,
  change: () => Promise<void>,
): Promise<{ held: HeldStreams; streams: ClientStream[] }> {
  const streams: ClientStream[] = [];
  const steps: [number, number][] = [];
  try {
    // The route's code compiled and its first allocations made before memory counts as at rest.
    await openMany(streams, WARM_UP, open);
    closeAll(streams.splice(0));
    const settledMb = async () => {
      await sleep(SETTLE_MS);
      await inspector.collectGarbage();
      return residentMb(pid);
    };
    const restMb = await settledMb();
    let openingMs = 0;
    while (streams.length < cap && (steps.at(-1)?.[1] ?? restMb) < untilMb) {
      const began = performance.now();
      await openMany(streams, Math.min(STEP, cap - streams.length), open);
      openingMs += performance.now() - began;
      steps.push([streams.length, await settledMb()]);
    }
    const openSec = openingMs / 1000;
    log(
      `${side}: ${restMb.toFixed(0)} MB at rest; ${steps.map(([n, mb]) => `${n.toLocaleString('en')} streams ${mb.toFixed(0)} MB`).join(', ')} (${Math.round(streams.length / openSec).toLocaleString('en')} opened/s)`,
    );
    const latency = new LatencyRecorder();
    const changed = performance.now();
    await change();
    const changeAnsweredMs = performance.now() - changed;
    const deadline = performance.now() + CHANGE_TIMEOUT_MS;
    while (
      streams.some((stream) => stream.changeAt === null && !stream.ended) &&
      performance.now() < deadline
    ) {
      await sleep(5);
    }
    for (const stream of streams) {
      if (stream.changeAt !== null) {
        latency.recordMs(stream.changeAt - changed);
      } else {
        latency.fail(
          stream.ended ? 'stream ended before the change' : `not heard within ${CHANGE_TIMEOUT_MS / 1000} s`,
        );
      }
    }
    return {
      held: { restMb, steps, kbPerStream: slopeKb(steps), change: latency.summary(), changeAnsweredMs },
      streams,
    };
  } catch (error) {
    closeAll(streams);
    throw error;
  }
}

async function inspecting<T>(port: number, work: (inspector: Inspector) => Promise<T>): Promise<T> {
  const inspector = await connectInspector(port);
  try {
    return await work(inspector);
  } finally {
    inspector.close();
  }
}

function closeAll(streams: ClientStream[]): void {
  for (const stream of streams) {
    stream.request.destroy();
  }
}

/**
 * The product's server on PostgreSQL (a database of its own) and one shop owner's streams on their
 * shop (`?shop=`), opened until the server reaches 200 MB or the cap; the change is a stock adjustment
 * through the API (topics catalogue, stock, dashboard). Then the bare node:http server, to as many streams.
 */
export async function liveStreams(settings: Settings, postgresUrl: string): Promise<LiveStreamsResult> {
  const cap = settings.liveStreamsCap;
  const database = await createScratchDatabase(postgresUrl);
  const productInspector = await inspectorFlag();
  const server = await startProductServer('live-streams', {
    env: { DATABASE_URL: database.url },
    logLevel: settings.logLevel,
    nodeArgs: [productInspector.flag],
  });
  let product: { held: HeldStreams; streams: ClientStream[] };
  try {
    const owner = await signUp(server.url, 'live-owner');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const shop = await seedShop(pgQuery(client), {
      slug: 'live-bench',
      ownerId: owner.id,
      products: 1,
      suppliers: 1,
      stock: 1_000_000,
    }).finally(() => client.end());
    const adjust = async () => {
      const response = await fetch(
        `${server.url}/api/v1/merchants/${shop.slug}/products/${shop.productIds[0]}/stock-adjustments`,
        {
          method: 'POST',
          headers: { cookie: owner.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ change: 1, reason: 'correction' }),
        },
      );
      const answer = await response.text();
      if (response.status !== 201) {
        throw new Error(`stock adjustment: ${response.status} ${answer}`);
      }
    };
    product = await inspecting(productInspector.port, (inspector) =>
      holdStreams(
        'product',
        server.pid,
        inspector,
        cap,
        TARGET_MB,
        () => openStream(`${server.url}/api/v1/live?shop=${shop.slug}`, { cookie: owner.cookie }),
        adjust,
      ),
    );
  } finally {
    // The server ends its streams as it closes: their sockets wait out TIME_WAIT on its side, not on this process's ports.
    await server.stop();
    await database.drop();
  }
  closeAll(product.streams);

  const rawInspector = await inspectorFlag();
  const raw = await startRawServer(RAW_SERVER, {}, [rawInspector.flag]);
  let rawSide: { held: HeldStreams; streams: ClientStream[] };
  try {
    rawSide = await inspecting(rawInspector.port, (inspector) =>
      holdStreams(
        'raw node:http',
        raw.pid,
        inspector,
        product.streams.length,
        Infinity,
        () => openStream(`${raw.url}/live`, {}),
        async () => {
          await (await fetch(`${raw.url}/change`)).text();
        },
      ),
    );
  } finally {
    await raw.stop();
  }
  closeAll(rawSide.streams);

  const { held } = product;
  return {
    targetMb: TARGET_MB,
    cap,
    product: held,
    raw: rawSide.held,
    atTarget: streamsAt(TARGET_MB, held.restMb, held.steps, held.kbPerStream),
  };
}
