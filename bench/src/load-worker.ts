/**
 * The load generator, in a process of its own so it competes with the server only for the CPU, not
 * for its event loop. Receives a LoadSpec over IPC, runs autocannon, answers with a LoadResult.
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { randomUUID } from 'node:crypto';
import type { LoadResult, LoadSpec, RequestPlan, SaleTally } from './load-plan';
import { LatencyRecorder, sleep, wallClockMs } from './stats';

/** What a load measured; the CPU the loader used is added around it. */
type LoadRun = Omit<LoadResult, 'loaderCpuMs'>;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function requestFor(plan: Exclude<RequestPlan, { kind: 'post-each' | 'register-sales' }>): autocannon.Request {
  switch (plan.kind) {
    case 'get':
      return { method: 'GET', setupRequest: (request) => ({ ...request, path: pick(plan.paths) }) };
    case 'order':
      return {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (request) => {
          const chosen = new Set<string>();
          while (chosen.size < plan.lines) {
            chosen.add(pick(plan.productIds));
          }
          const items = [...chosen].map((productId) => ({ productId, quantity: 1 }));
          return { ...request, body: JSON.stringify({ merchantSlug: plan.merchantSlug, items }) };
        },
      };
  }
}

/**
 * Each path exactly once, which autocannon cannot promise (it builds some requests ahead and may
 * send one twice): at most `connections` in flight over undici's keep-alive pool, started on
 * schedule when a rate is given. undici rather than node:http's client: against a bare server,
 * 3,000 to 10,000 requests cost the loader 100–260 µs of CPU each, node:http's 170–330 µs.
 */
async function postEach(spec: LoadSpec, paths: string[]): Promise<LoadRun> {
  const pool = new Pool(spec.url, { connections: spec.connections, pipelining: 1 });
  const headers = spec.cookie ? { cookie: spec.cookie } : {};
  const recorder = new LatencyRecorder();
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const post = async (path: string) => {
    const began = performance.now();
    try {
      const { statusCode, body } = await pool.request({ path, method: 'POST', headers });
      await body.dump();
      if (statusCode >= 200 && statusCode < 300) {
        ok += 1;
        recorder.recordMs(performance.now() - began);
      } else {
        non2xx += 1;
      }
    } catch {
      errors += 1;
    }
  };
  const startedAt = wallClockMs();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  if (spec.rate) {
    for (; next < paths.length; next += 1) {
      const wait = startedAt + (next * 1000) / spec.rate - wallClockMs();
      if (wait > 0) {
        await sleep(wait);
      }
      inFlight.push(post(paths[next]!));
    }
  } else {
    for (let worker = 0; worker < spec.connections; worker += 1) {
      inFlight.push(
        (async () => {
          while (next < paths.length) {
            await post(paths[next++]!);
          }
        })(),
      );
    }
  }
  await Promise.all(inFlight);
  const finishedAt = wallClockMs();
  await pool.close();
  const durationSec = (finishedAt - startedAt) / 1000;
  return {
    ok,
    non2xx,
    errors,
    durationSec,
    rate: ok / durationSec,
    latency: recorder.summary(),
    startedAt,
    finishedAt,
  };
}

type RegisterSalesPlan = Extract<RequestPlan, { kind: 'register-sales' }>;

/** A new sale of 2 or 3 distinct products, one unit each, paid by card or in cash with change. */
function newSale(plan: RegisterSalesPlan, shiftId: string, sequence: number) {
  const chosen = new Set<string>();
  const lines = 2 + Math.floor(Math.random() * 2);
  while (chosen.size < lines) {
    chosen.add(pick(plan.productIds));
  }
  // The benchmark's products have no tax rate and the lines no discount: the total is their prices'.
  const totalMinor = plan.priceMinor * lines;
  const tender =
    Math.random() < 0.5
      ? { method: 'cash', amountMinor: Math.ceil(totalMinor / 500) * 500 }
      : { method: 'card', amountMinor: totalMinor, reference: `bench-${sequence}` };
  return {
    id: randomUUID(),
    shiftId,
    lines: [...chosen].map((productId) => ({ productId, quantity: 1 })),
    tenders: [tender],
    totalMinor,
  };
}

/**
 * One client per register, each in a closed loop until the time is up: a sale under a new id, and for
 * `retryShare` of them the same sale a second time, which must answer 201 with the same receipt.
 * undici rather than autocannon: each sale's id must be new, and the loader must see what a retry
 * answered.
 */
async function registerSales(spec: LoadSpec, plan: RegisterSalesPlan): Promise<LoadRun> {
  // Two connections per register: a sale sent twice at once goes out on both.
  const pool = new Pool(spec.url, { connections: plan.registers.length * 2, pipelining: 1 });
  const headers = { 'content-type': 'application/json', ...(spec.cookie ? { cookie: spec.cookie } : {}) };
  const recorder = new LatencyRecorder();
  const retryRecorder = new LatencyRecorder();
  const tally: Omit<SaleTally, 'retryLatency'> = { recorded: 0, retriedAfter: 0, retriedAtOnce: 0, retriesAnsweredSame: 0, failures: [] };
  let non2xx = 0;
  let errors = 0;
  let sequence = 0;
  /** Posts the sale; its receipt number when answered 201, else null (counted as a failure). */
  const post = async (path: string, body: string, record: LatencyRecorder): Promise<string | null> => {
    const began = performance.now();
    try {
      const response = await pool.request({ path, method: 'POST', headers, body });
      const text = await response.body.text();
      if (response.statusCode !== 201) {
        non2xx += 1;
        if (tally.failures.length < 5) {
          tally.failures.push(`${response.statusCode} ${text.slice(0, 300)}`);
        }
        return null;
      }
      record.recordMs(performance.now() - began);
      return (JSON.parse(text) as { receiptNumber: string }).receiptNumber;
    } catch (error) {
      errors += 1;
      if (tally.failures.length < 5) {
        tally.failures.push(String(error));
      }
      return null;
    }
  };
  const startedAt = wallClockMs();
  const deadline = startedAt + spec.durationSec * 1000;
  await Promise.all(
    plan.registers.map(async (register) => {
      const path = `/api/v1/merchants/${plan.merchantSlug}/registers/${register.id}/sales`;
      while (wallClockMs() < deadline) {
        sequence += 1;
        const body = JSON.stringify(newSale(plan, register.shiftId, sequence));
        const retry = Math.random() < plan.retryShare;
        // Every other retry is sent at once beside the first (its answer lost on the way, the register
        // sends it again before the first was recorded); the others once the first has answered.
        const atOnce = retry && (tally.retriedAfter + tally.retriedAtOnce) % 2 === 1;
        let receipts: (string | null)[];
        if (atOnce) {
          tally.retriedAtOnce += 1;
          receipts = await Promise.all([post(path, body, recorder), post(path, body, retryRecorder)]);
        } else {
          receipts = [await post(path, body, recorder)];
          if (retry && receipts[0] !== null) {
            tally.retriedAfter += 1;
            receipts.push(await post(path, body, retryRecorder));
          }
        }
        if (receipts.some((receipt) => receipt !== null)) {
          tally.recorded += 1;
        }
        if (receipts.length === 2 && receipts[0] !== null && receipts[0] === receipts[1]) {
          tally.retriesAnsweredSame += 1;
        }
      }
    }),
  );
  const finishedAt = wallClockMs();
  await pool.close();
  const durationSec = (finishedAt - startedAt) / 1000;
  return {
    ok: tally.recorded,
    non2xx,
    errors,
    durationSec,
    rate: tally.recorded / durationSec,
    latency: recorder.summary(),
    startedAt,
    finishedAt,
    sales: { ...tally, retryLatency: retryRecorder.summary() },
  };
}

async function run(spec: LoadSpec): Promise<LoadRun> {
  const { plan } = spec;
  if (plan.kind === 'post-each') {
    return postEach(spec, plan.paths);
  }
  if (plan.kind === 'register-sales') {
    return registerSales(spec, plan);
  }
  const startedAt = wallClockMs();
  const recorder = new LatencyRecorder();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSec,
        amount: spec.amount,
        timeout: 30,
        headers: {
          'content-type': 'application/json',
          ...(spec.cookie ? { cookie: spec.cookie } : {}),
        },
        requests: [requestFor(plan)],
      },
      (error, finished) => (error ? reject(error as Error) : resolve(finished)),
    );
    // autocannon's own histogram keeps whole milliseconds, too coarse for replies that take less than one.
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) {
        recorder.recordMs(responseTimeMs);
      }
    });
  });
  const finishedAt = wallClockMs();
  const ok = result['2xx'];
  return {
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    durationSec: result.duration,
    rate: ok / result.duration,
    latency: recorder.summary(),
    startedAt,
    finishedAt,
  };
}

process.once('message', (spec: LoadSpec) => {
  const before = process.cpuUsage();
  run(spec).then(
    (run) => {
      const used = process.cpuUsage(before);
      const result: LoadResult = { ...run, loaderCpuMs: (used.user + used.system) / 1000 };
      process.send!({ result }, () => process.exit(0));
    },
    (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
  );
});
