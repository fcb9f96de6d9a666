import type { ImportBenchResult } from './catalogue-import';
import type { CpuPerOperation } from './cpu';
import { streamsAt, type LiveStreamsResult } from './live-streams';
import type { Delivery } from './messaging';
import type { RegisterSalesResult } from './register-sales';
import type { ReportsBenchResult } from './reports';
import type { EmbeddedResult, MqttResult, PostgresResult, Saturation, ScaleOutResult } from './scenarios';
import type { Settings } from './settings';
import { measuredOrWhy, type LatencySummary } from './stats';

export interface Results {
  startedAt: string;
  machine: Record<string, string | number>;
  settings: Settings;
  postgres: PostgresResult;
  mosquitto: MqttResult;
  embedded: EmbeddedResult;
  scaleOut: ScaleOutResult;
  registerSales: RegisterSalesResult;
  catalogueImport: ImportBenchResult;
  liveStreams: LiveStreamsResult;
  reports: ReportsBenchResult;
}

/** One line of the table: a product figure, its raw counterpart, their ratio, the target and whether it is met. */
export interface Row {
  measure: string;
  product: string;
  raw: string;
  ratio: string;
  target: string;
  met: 'yes' | 'no' | '';
}

const rate = (value: number, unit = '/s') =>
  `${value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1)}${unit}`;
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const mb = (value: number) => `${Math.round(value)} MB`;
const percent = (value: number) => `${Math.round(value * 100)} %`;
const times = (value: number) => `×${value.toFixed(1)}`;
const verdict = (ok: boolean): 'yes' | 'no' => (ok ? 'yes' : 'no');
const us = (value: number) => `${Math.round(value).toLocaleString('en')} µs`;

const notMeasured = (why: string) => `not measured: ${why}`;

/** A figure that could not be measured says so, and why; a target is never met on it. */
function unmeasured(measure: string, why: string, raw: string, target: string): Row {
  return { measure, product: notMeasured(why), raw, ratio: '', target, met: target === '' ? '' : 'no' };
}

function throughput(
  measure: string,
  product: number | null,
  raw: number,
  target?: number,
  why = 'no value',
): Row {
  if (product === null || !Number.isFinite(product) || product <= 0) {
    return unmeasured(measure, why, rate(raw), target === undefined ? '' : `≥ ${percent(target)}`);
  }
  const ratio = product / raw;
  return {
    measure,
    product: rate(product),
    raw: rate(raw),
    ratio: percent(ratio),
    target: target === undefined ? '' : `≥ ${percent(target)}`,
    met: target === undefined ? '' : verdict(ratio >= target),
  };
}

type Percentile = 'p50' | 'p95' | 'p99' | 'max';

/**
 * One percentile of a latency beside the raw side's. A distribution with any failed measurement (a
 * negative value, a missing end) is not a measurement: the row says which values failed and why,
 * shows no figure, and meets no target.
 */
export function latency(
  measure: string,
  percentile: Percentile,
  product: LatencySummary,
  raw: LatencySummary | undefined,
  limitMs?: number,
): Row {
  const target = limitMs === undefined ? '' : `≤ ${limitMs} ms`;
  const rawWhy = raw && measuredOrWhy(raw);
  const rawCell = raw === undefined ? '' : rawWhy ? notMeasured(rawWhy) : ms(raw[percentile]);
  const why = measuredOrWhy(product);
  if (why) {
    return unmeasured(`${measure} ${percentile}`, why, rawCell, target);
  }
  const value = product[percentile];
  return {
    measure: `${measure} ${percentile}`,
    product: ms(value),
    raw: rawCell,
    ratio: raw === undefined || rawWhy ? '' : times(value / raw[percentile]),
    target,
    met: limitMs === undefined ? '' : verdict(value <= limitMs),
  };
}

function latencyPair(
  measure: string,
  product: LatencySummary,
  raw: LatencySummary | undefined,
  limits: [number?, number?] = [],
): Row[] {
  return [latency(measure, 'p50', product, raw, limits[0]), latency(measure, 'p99', product, raw, limits[1])];
}

/** The dispatch pipeline at saturation: broker messages per second against the raw path's, and dispatches per second. */
function saturationRows(
  broker: string,
  saturation: Saturation,
  rawMessagesPerSec?: number,
  rawSide?: string,
): Row[] {
  const why = saturation.unmeasured ?? 'no value';
  const perDispatch =
    saturation.dispatches > 0 ? (saturation.messages / saturation.dispatches).toFixed(1) : '?';
  const messages =
    rawMessagesPerSec === undefined
      ? []
      : [
          throughput(
            `Broker messages/s moved by dispatches at saturation, ${broker} (events and their receipts, ${perDispatch} per dispatch) — vs ${rawSide}`,
            saturation.messagesPerSec,
            rawMessagesPerSec,
            0.5,
            why,
          ),
        ];
  const dispatches: Row =
    saturation.rate === null
      ? unmeasured(`Dispatches/s end to end at saturation, ${broker}`, why, '', '')
      : {
          measure: `Dispatches/s end to end at saturation, ${broker}`,
          product: rate(saturation.rate),
          raw: '',
          ratio: '',
          target: '',
          met: '',
        };
  return [...messages, dispatches];
}

/** A cost on the whole machine, and in brackets the shares of the process serving it (`process`) and of the load generator, where known. */
function cpuShare(cost: CpuPerOperation, process: string | undefined): string {
  const shares = [process, 'load generator']
    .filter((name) => name !== undefined && cost.processesUs[name] !== undefined)
    .map((name) => `${name} ${us(cost.processesUs[name!]!)}`);
  return shares.length === 0 ? us(cost.machineUs) : `${us(cost.machineUs)} (${shares.join(', ')})`;
}

/**
 * What reorder rules add to an order: CPU per order on the whole machine to a shop whose products have
 * rules (`which`) beside orders to a shop without rules, in the same rounds; the target is at most 10 % more.
 */
function reorderCost(
  which: string,
  withRules: CpuPerOperation | undefined,
  without: CpuPerOperation | undefined,
): Row[] {
  if (!withRules || !without) {
    return [];
  }
  const ratio = withRules.machineUs / without.machineUs;
  return [
    {
      measure: `CPU per order, whole machine, ${which} — vs orders to a shop without rules`,
      product: cpuShare(withRules, 'server'),
      raw: cpuShare(without, 'server'),
      ratio: percent(ratio),
      target: `≤ ${percent(1.1)}`,
      met: verdict(ratio <= 1.1),
    },
  ];
}

/**
 * CPU per operation on the whole machine (PostgreSQL, broker, load generator and kernel included), beside
 * the raw side's: where a throughput target is missed, this says how much more work each operation is.
 * No row when the run had no CPU meter.
 */
function cpu(
  measure: string,
  product: CpuPerOperation | undefined,
  raw?: { cost: CpuPerOperation | undefined; process?: string },
): Row[] {
  if (!product || (raw && !raw.cost)) {
    return [];
  }
  return [
    {
      measure,
      product: cpuShare(product, 'server'),
      raw: raw?.cost ? cpuShare(raw.cost, raw.process) : '',
      ratio: raw?.cost ? times(product.machineUs / raw.cost.machineUs) : '',
      target: '',
      met: '',
    },
  ];
}

function integrity(measure: string, delivery: Delivery): Row {
  const faults = delivery.lost + delivery.duplicated;
  return {
    measure,
    product: `${delivery.expected - delivery.lost} of ${delivery.expected}, ${delivery.lost} lost, ${delivery.duplicated} twice`,
    raw: '',
    ratio: '',
    target: 'none lost or twice',
    met: verdict(faults === 0),
  };
}

const seconds = (value: number) => `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
const figure = (measure: string, product: string): Row => ({
  measure,
  product,
  raw: '',
  ratio: '',
  target: '',
  met: '',
});

/** The catalogue import's figures: times and memory are reported, not held to a target; the ledger is. */
export function importRows(result: ImportBenchResult): Row[] {
  const size = `${result.rows.toLocaleString('en')} rows (${result.fileMb.toFixed(1)} MB)`;
  const pair = (steps: { dryRun: { ms: number }; apply: { ms: number } }) =>
    `${seconds(steps.dryRun.ms)} · ${seconds(steps.apply.ms)}`;
  const peak = Math.max(
    result.create.dryRun.peakMb,
    result.create.apply.peakMb,
    result.export.peakMb,
    result.update.dryRun.peakMb,
    result.update.apply.peakMb,
  );
  return [
    figure(`Catalogue import, PostgreSQL, ${size} of new products: dry run · apply`, pair(result.create)),
    figure(
      `Catalogue import, PostgreSQL, the same ${result.rows.toLocaleString('en')} with every price and stock changed: dry run · apply`,
      pair(result.update),
    ),
    figure(
      `Catalogue export, PostgreSQL, ${result.rows.toLocaleString('en')} products`,
      seconds(result.export.ms),
    ),
    figure(
      'Server memory (VmRSS) around the import: at rest · peak (create dry run, apply · export · update dry run, apply)',
      `${mb(result.restMb)} · ${mb(peak)} (${[result.create.dryRun, result.create.apply, result.export, result.update.dryRun, result.update.apply].map((step) => mb(step.peakMb)).join(', ')})`,
    ),
    {
      measure: 'Catalogue import: products whose stock is not the sum of their movements',
      product: `${result.unbalanced} (${result.movements.toLocaleString('en')} movements)`,
      raw: '',
      ratio: '',
      target: '0',
      met: verdict(result.unbalanced === 0),
    },
  ];
}

/**
 * Register sales against pgbench running the same sale as one statement at the same concurrency, their
 * latencies, the CPU each costs, and the checks made once every run is over.
 */
export function registerSalesRows(result: RegisterSalesResult): Row[] {
  const { http, pgbench, pgbenchSteps, retries, check } = result;
  const sentTwice = retries.after + retries.atOnce;
  return [
    throughput(
      `Register sales over HTTP, PostgreSQL, ${result.registers} registers one client each — vs pgbench -M prepared, the same sale one per statement, ${result.registers} clients`,
      http.rate,
      pgbench.rate,
      0.6,
    ),
    throughput(
      `Register sales over HTTP — vs pgbench -M prepared, the sale in 16 statements one round trip each (as the server sent it before), ${result.registers} clients`,
      http.rate,
      pgbenchSteps.rate,
    ),
    throughput(
      "Register sales, pgbench: the server's 16 statements — vs the sale as one statement",
      pgbenchSteps.rate,
      pgbench.rate,
    ),
    ...(['p50', 'p95', 'p99'] as const).map((percentile) =>
      latency(
        'Register sale latency (HTTP vs pgbench -M prepared, one statement)',
        percentile,
        http.latency,
        pgbench.latency,
      ),
    ),
    ...latencyPair(
      'Register sale latency, pgbench: 16 statements (vs one statement)',
      pgbenchSteps.latency,
      pgbench.latency,
    ),
    ...cpu(
      'CPU per register sale, whole machine (of it: server, load generator) — HTTP vs pgbench -M prepared, one statement',
      http.cpu,
      { cost: pgbench.cpu },
    ),
    ...cpu('CPU per register sale, whole machine — HTTP vs pgbench -M prepared, 16 statements', http.cpu, {
      cost: pgbenchSteps.cpu,
    }),
    {
      measure: `Register sales sent twice with the same id (${retries.after} after the answer, ${retries.atOnce} at once): 201 with the first's receipt`,
      product: `${retries.answeredSame} of ${sentTwice}`,
      raw: '',
      ratio: '',
      target: 'all',
      met: verdict(retries.answeredSame === sentTwice),
    },
    ...latencyPair('Register sale sent a second time, latency (one run)', retries.latency, undefined),
    {
      measure: 'Register sales recorded (HTTP registers) — vs distinct sales answered 201',
      product: check.recorded.toLocaleString('en'),
      raw: check.answered.toLocaleString('en'),
      ratio: '',
      target: 'equal',
      met: verdict(check.recorded === check.answered),
    },
    {
      measure: `Registers whose receipt numbers have a gap (of ${result.registers * 2}; pgbench's sold ${check.rawRecorded.toLocaleString('en')})`,
      product: check.gapped.length === 0 ? '0' : `${check.gapped.length}: ${check.gapped.join('; ')}`,
      raw: '',
      ratio: '',
      target: '0',
      met: verdict(check.gapped.length === 0),
    },
    {
      measure: 'Register sales: products whose stock is not the sum of their movements',
      product: `${check.unbalanced} (${check.saleMovements.toLocaleString('en')} sale movements for ${check.saleLines.toLocaleString('en')} lines)`,
      raw: '',
      ratio: '',
      target: '0, a movement per line',
      met: verdict(check.unbalanced === 0 && check.saleMovements === check.saleLines),
    },
  ];
}

/**
 * Live streams: how many one server holds at the target memory (measured or extrapolated, and from how
 * many), the memory each costs beside a bare node:http server's, and one change told to all of them.
 */
export function liveStreamRows(result: LiveStreamsResult): Row[] {
  const { product, raw, atTarget } = result;
  const opened = product.steps.at(-1)?.[0] ?? 0;
  const count = (streams: number | null) => (streams === null ? 'no slope' : streams.toLocaleString('en'));
  const rawAtTarget = streamsAt(result.targetMb, raw.restMb, raw.steps, raw.kbPerStream);
  const how = atTarget.measured ? 'measured' : `extrapolated from ${opened.toLocaleString('en')} open`;
  const kb = (value: number) => `${value.toFixed(1)} KB`;
  return [
    {
      measure: `Live streams one server holds at ${result.targetMb} MB resident, PostgreSQL (${how}) — vs a bare node:http server holding SSE responses (extrapolated)`,
      product: count(atTarget.streams),
      raw: count(rawAtTarget.streams),
      ratio: atTarget.streams !== null && rawAtTarget.streams ? percent(atTarget.streams / rawAtTarget.streams) : '',
      target: '',
      met: '',
    },
    {
      measure: `Memory per open live stream (slope over steps of ${(product.steps[0]?.[0] ?? 0).toLocaleString('en')}) — vs the bare node:http server`,
      product: kb(product.kbPerStream),
      raw: kb(raw.kbPerStream),
      ratio: times(product.kbPerStream / raw.kbPerStream),
      target: '',
      met: '',
    },
    {
      measure: `Server memory (VmRSS): at rest · with ${opened.toLocaleString('en')} live streams open — vs the bare node:http server`,
      product: `${mb(product.restMb)} · ${mb(product.steps.at(-1)?.[1] ?? NaN)}`,
      raw: `${mb(raw.restMb)} · ${mb(raw.steps.at(-1)?.[1] ?? NaN)}`,
      ratio: '',
      target: '',
      met: '',
    },
    {
      measure: `Stock adjustment with ${opened.toLocaleString('en')} live streams open: answered in (raw: the request that writes to every stream)`,
      product: ms(product.changeAnsweredMs),
      raw: ms(raw.changeAnsweredMs),
      ratio: '',
      target: '',
      met: '',
    },
    ...(['p50', 'p95', 'max'] as const).map((percentile) =>
      latency(
        `Stock adjustment → its change event on every one of ${opened.toLocaleString('en')} live streams, from the request (raw: one write to each)`,
        percentile,
        product.change,
        raw.change,
      ),
    ),
  ];
}

/** Report targets (issue: a report over two years of a busy shop, the dashboard), on p95. */
const REPORT_P95_MS = 300;
const DASHBOARD_P95_MS = 150;

/** p50 · p95 of a request over HTTP beside the same reads straight on a pg pool; the target and ratio on p95. */
function p50p95(measure: string, product: LatencySummary, raw: LatencySummary, limitMs: number): Row {
  const pair = (latency: LatencySummary) => `${ms(latency.p50)} · ${ms(latency.p95)}`;
  return {
    measure,
    product: pair(product),
    raw: pair(raw),
    ratio: times(product.p95 / raw.p95),
    target: `p95 ≤ ${limitMs} ms`,
    met: verdict(product.p95 <= limitMs),
  };
}

/**
 * The dashboard and the sales reports over two years of a busy shop: the history written, then each
 * request's p50 · p95 over HTTP beside the same reads made straight on a pg pool.
 */
export function reportsRows(result: ReportsBenchResult): Row[] {
  const { history } = result;
  const lines = history.lines.register + history.lines.online;
  const count = (value: number) => value.toLocaleString('en');
  const summaries = history.summaryRows;
  return [
    figure(
      `Sales history, PostgreSQL: ${count(lines)} order lines over two years (${count(history.lines.register)} at ${count(history.registerSales)} register sales, ${count(history.returns)} returns, ${count(history.voids)} voids; ${count(history.lines.online)} in ${count(history.orders)} online orders, ${count(history.cancelled)} cancelled) written through the product's tables and triggers · summaries folded · vacuumed and analysed`,
      `${seconds(history.ms.write)} · ${seconds(history.ms.fold)} · ${seconds(history.ms.analyse)}`,
    ),
    figure(
      'Summary rows read by the reports: sales per hour · per product and day · per payment method and day',
      `${count(summaries.salesHourly)} · ${count(summaries.productSalesDaily)} · ${count(summaries.paymentsDaily)}`,
    ),
    p50p95(
      `Dashboard over HTTP, p50 · p95 of ${result.requests.dashboard} requests one at a time — vs its sales and to-do reads on a pg pool`,
      result.dashboard.http,
      result.dashboard.raw,
      DASHBOARD_P95_MS,
    ),
    ...result.reports.map((each) =>
      p50p95(
        `Sales report over ${each.span === 'two years' ? 'two years (vs the year before)' : `${each.span} (vs the ${each.span} before)`}: ${each.report}, p50 · p95 of ${result.requests.report} — vs its reads and shaping on a pg pool`,
        each.http,
        each.raw,
        REPORT_P95_MS,
      ),
    ),
    {
      measure: 'Sales on the two-year trend report — vs register sales and online orders recorded',
      product: count(result.check.reported),
      raw: count(result.check.recorded),
      ratio: '',
      target: 'equal',
      met: verdict(result.check.reported === result.check.recorded),
    },
  ];
}

export function rows(results: Results): Row[] {
  const { postgres: pgr, mosquitto, embedded, scaleOut } = results;
  const s = results.settings;
  const pgbench = pgr.orders.pgbench.rate;
  return [
    throughput(
      `Orders over HTTP, PostgreSQL — vs pgbench -M prepared, same order transaction one order per statement, ${s.dbConnections} connections`,
      pgr.orders.http.rate,
      pgbench,
      0.6,
    ),
    throughput(
      'Orders over HTTP, PostgreSQL — vs pgbench -M extended (parsed every run)',
      pgr.orders.http.rate,
      pgr.orders.pgbenchExtended.rate,
    ),
    throughput(
      'Orders over HTTP, PostgreSQL — vs the transaction through a pg pool',
      pgr.orders.http.rate,
      pgr.orders.pool.rate,
    ),
    ...latencyPair(
      'Order latency (HTTP vs pgbench -M prepared)',
      pgr.orders.http.latency,
      pgr.orders.pgbench.latency,
    ),
    ...cpu(
      'CPU per order, whole machine (of it: server, load generator) — HTTP vs pgbench -M prepared',
      pgr.orders.http.cpu,
      { cost: pgr.orders.pgbench.cpu },
    ),
    ...cpu('CPU per order, whole machine — HTTP vs the pg pool', pgr.orders.http.cpu, {
      cost: pgr.orders.pool.cpu,
    }),
    ...reorderCost(
      'every product ordered under its reorder rule (queued, evaluated, its draft raised)',
      pgr.reorderOrders.under.cpu,
      pgr.orders.http.cpu,
    ),
    ...reorderCost(
      'every product ordered above its reorder rule (its rule looked at)',
      pgr.reorderOrders.above.cpu,
      pgr.orders.http.cpu,
    ),
    {
      measure: 'Stock after all order runs (PostgreSQL)',
      product: `${pgr.oversold} products off, ${pgr.sold.toLocaleString('en')} units sold`,
      raw: '',
      ratio: '',
      target: 'nothing oversold',
      met: verdict(pgr.oversold === 0),
    },
    throughput(
      `Catalogue: a shop's product list (${s.products} products) — vs bare Fastify + pg`,
      pgr.catalogue.list.http.rate,
      pgr.catalogue.list.raw.rate,
      0.7,
    ),
    ...latencyPair('Product list latency', pgr.catalogue.list.http.latency, pgr.catalogue.list.raw.latency),
    ...cpu(
      'CPU per product list, whole machine (of it: server, load generator) — vs bare Fastify + pg',
      pgr.catalogue.list.http.cpu,
      { cost: pgr.catalogue.list.raw.cpu, process: 'raw server' },
    ),
    throughput(
      'Catalogue: one product — vs bare Fastify + pg',
      pgr.catalogue.product.http.rate,
      pgr.catalogue.product.raw.rate,
      0.7,
    ),
    ...latencyPair(
      'One product latency',
      pgr.catalogue.product.http.latency,
      pgr.catalogue.product.raw.latency,
    ),
    ...cpu(
      'CPU per product read, whole machine (of it: server, load generator) — vs bare Fastify + pg',
      pgr.catalogue.product.http.cpu,
      { cost: pgr.catalogue.product.raw.cpu, process: 'raw server' },
    ),
    ...latencyPair(
      `Dispatch → agent, RabbitMQ, ${s.steadyRate}/s, from the request (raw: amqplib publish-confirm-consume)`,
      pgr.dispatch.steady.latency,
      pgr.rawAmqp.steady,
      [3, 10],
    ),
    ...latencyPair(
      `Dispatch → "delivered" on the order's trail, RabbitMQ (database clock)`,
      pgr.dispatch.steady.trail,
      undefined,
    ),
    ...saturationRows(
      'RabbitMQ',
      pgr.dispatch.saturation,
      pgr.rawAmqp.saturation,
      'raw amqplib publish-confirm-consume (a message and its receipt)',
    ),
    ...cpu(
      'CPU per dispatch at saturation, whole machine (of it: server, load generator), RabbitMQ — vs an order in pgbench -M prepared',
      pgr.dispatch.saturation.cpu,
      { cost: pgr.orders.pgbench.cpu },
    ),
    integrity('Dispatch → agent, RabbitMQ: every event once', {
      ...pgr.dispatch.steady,
      expected: pgr.dispatch.steady.expected + pgr.dispatch.saturation.expected,
      lost: pgr.dispatch.steady.lost + pgr.dispatch.saturation.lost,
      duplicated: pgr.dispatch.steady.duplicated + pgr.dispatch.saturation.duplicated,
    }),
    ...latencyPair(
      `Dispatch → e-mail accepted by SMTP, ${pgr.smtp.rate}/s, from the request`,
      pgr.smtp.latency,
      undefined,
      [undefined, 50],
    ),
    ...latencyPair(`Dispatch → "e-mailed" on the order's trail (database clock)`, pgr.smtp.trail, undefined),
    integrity('Dispatch → e-mail: every event e-mailed once', pgr.smtp),
    ...latencyPair(
      `Dispatch → agent, Mosquitto, ${s.steadyRate}/s, from the request (raw: mqtt.js QoS 1 publish-consume)`,
      mosquitto.dispatch.steady.latency,
      mosquitto.raw.steady,
    ),
    ...latencyPair(
      `Dispatch → "delivered" on the order's trail, Mosquitto (database clock)`,
      mosquitto.dispatch.steady.trail,
      undefined,
    ),
    ...saturationRows(
      'Mosquitto',
      mosquitto.dispatch.saturation,
      mosquitto.raw.saturation,
      'raw mqtt.js QoS 1 publish-consume (a message and its receipt)',
    ),
    ...cpu(
      'CPU per dispatch at saturation, whole machine (of it: server, load generator), Mosquitto — vs an order in pgbench -M prepared',
      mosquitto.dispatch.saturation.cpu,
      { cost: pgr.orders.pgbench.cpu },
    ),
    integrity('Dispatch → agent, Mosquitto: every event once', {
      ...mosquitto.dispatch.steady,
      expected: mosquitto.dispatch.steady.expected + mosquitto.dispatch.saturation.expected,
      lost: mosquitto.dispatch.steady.lost + mosquitto.dispatch.saturation.lost,
      duplicated: mosquitto.dispatch.steady.duplicated + mosquitto.dispatch.saturation.duplicated,
    }),
    throughput(
      'Embedded: orders over HTTP (PGlite) — vs raw PGlite, same order transaction one order per statement',
      embedded.orders.http.rate,
      embedded.orders.pglite.rate,
      0.5,
    ),
    ...latencyPair(
      'Embedded order latency (HTTP vs raw PGlite)',
      embedded.orders.http.latency,
      embedded.orders.pglite.latency,
    ),
    {
      measure: 'Embedded: catalogue list, one product',
      product: `${rate(embedded.catalogue.list.rate)}, ${rate(embedded.catalogue.product.rate)}`,
      raw: '',
      ratio: '',
      target: '',
      met: '',
    },
    ...latencyPair(
      `Embedded: dispatch → agent, embedded broker, ${s.steadyRate}/s, from the request`,
      embedded.dispatch.steady.latency,
      undefined,
    ),
    ...latencyPair(
      `Embedded: dispatch → "delivered" on the order's trail (database clock)`,
      embedded.dispatch.steady.trail,
      undefined,
    ),
    ...saturationRows('embedded broker', embedded.dispatch.saturation).map((row) => ({
      ...row,
      measure: `Embedded: ${row.measure}`,
    })),
    {
      measure: 'Embedded: stock, and every event once',
      product: `${embedded.oversold} products off; ${embedded.dispatch.steady.lost + embedded.dispatch.saturation.lost} lost, ${embedded.dispatch.steady.duplicated + embedded.dispatch.saturation.duplicated} twice`,
      raw: '',
      ratio: '',
      target: 'nothing oversold, lost or twice',
      met: verdict(
        embedded.oversold +
          embedded.dispatch.steady.lost +
          embedded.dispatch.saturation.lost +
          embedded.dispatch.steady.duplicated +
          embedded.dispatch.saturation.duplicated ===
          0,
      ),
    },
    {
      measure: 'Server memory (VmRSS), PostgreSQL, at rest',
      product: mb(pgr.memory.restMb),
      raw: '',
      ratio: '',
      target: '',
      met: '',
    },
    {
      measure: 'Server memory, PostgreSQL, at the end of the order load',
      product: mb(pgr.memory.endOfLoadMb),
      raw: '',
      ratio: '',
      target: '',
      met: '',
    },
    {
      measure: 'Server memory, PostgreSQL, peak under load',
      product: mb(pgr.memory.peakMb),
      raw: '',
      ratio: '',
      target: '≤ 250 MB',
      met: verdict(pgr.memory.peakMb <= 250),
    },
    {
      measure: 'Server memory, embedded, at rest · peak',
      product: `${mb(embedded.memory.restMb)} · ${mb(embedded.memory.peakMb)}`,
      raw: '',
      ratio: '',
      target: '',
      met: '',
    },
    throughput(
      'Scale-out: orders/s on two servers — vs one server',
      scaleOut.orders,
      scaleOut.oneServerOrders,
    ),
    ...saturationRows('RabbitMQ, two servers', scaleOut.dispatch).map((row) => ({
      ...row,
      measure: `Scale-out: ${row.measure}`,
    })),
    integrity('Scale-out: every dispatch reached its agent once', scaleOut.dispatch),
    ...registerSalesRows(results.registerSales),
    ...importRows(results.catalogueImport),
    ...liveStreamRows(results.liveStreams),
    ...reportsRows(results.reports),
  ];
}

const HEADERS = ['measure', 'product', 'raw', 'ratio', 'target', 'met'] as const;

export function markdownTable(table: Row[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.map((row) => `| ${HEADERS.map((key) => escape(row[key])).join(' | ')} |`),
  ].join('\n');
}

export function consoleTable(table: Row[]): string {
  const widths = HEADERS.map((key) => Math.max(key.length, ...table.map((row) => row[key].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    line([...HEADERS]),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.map((row) => line(HEADERS.map((key) => row[key]))),
  ].join('\n');
}
