/**
 * The load generator, in a process of its own so it competes with the server only for the CPU, not
 * for its event loop. Receives a LoadSpec over IPC, runs autocannon, answers with a LoadResult.
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import type { LoadResult, LoadSpec, RequestPlan } from './load-plan';
import { LatencyRecorder, sleep, wallClockMs } from './stats';

/** What a load measured; the CPU the loader used is added around it. */
type LoadRun = Omit<LoadResult, 'loaderCpuMs'>;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function requestFor(plan: Exclude<RequestPlan, { kind: 'post-each' }>): autocannon.Request {
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

async function run(spec: LoadSpec): Promise<LoadRun> {
  const { plan } = spec;
  if (plan.kind === 'post-each') {
    return postEach(spec, plan.paths);
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
