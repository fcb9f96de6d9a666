import { randomBytes } from 'node:crypto';
import { addDays, type SalesReport, type SalesReportName } from '@myb/contracts';
import { createScratchDatabase } from '@myb/testing';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database';
import {
  createReportsRepository,
  type ReportsRepository,
} from '../../apps/server/src/modules/reports/reports.repository';
import {
  comparisonOf,
  salesReportTables,
  type ReportOptions,
} from '../../apps/server/src/modules/reports/sales-reports';
import { signUp, startProductServer } from './product';
import { writeSalesHistory, type History } from './sales-history';
import { pgQuery, type Services } from './scenarios';
import type { Settings } from './settings';
import { LatencyRecorder, type LatencySummary } from './stats';

const log = (message: string) => process.stdout.write(`  · ${message}\n`);

/** One report as the screen asks for it: its name, and what the query adds to the days. */
interface Variant {
  label: string;
  report: SalesReportName;
  options: ReportOptions;
}

const variant = (label: string, report: SalesReportName, options: Partial<ReportOptions> = {}): Variant => ({
  label,
  report,
  options: { by: 'day', rank: 'revenue', order: 'top', ...options },
});

/** Every sales report the screens offer, the trend in each bucket and the products both ways. */
const VARIANTS: Variant[] = [
  variant('trend by day', 'trend'),
  variant('trend by week', 'trend', { by: 'week' }),
  variant('trend by month', 'trend', { by: 'month' }),
  variant('hours (weekday × hour)', 'hours'),
  variant('channels', 'channels'),
  variant('categories', 'categories'),
  variant('payments', 'payments'),
  variant('products, top by revenue', 'products'),
  variant('products, bottom by margin', 'products', { rank: 'margin', order: 'bottom' }),
  variant('staff', 'staff'),
];

/** A stretch of the history a report covers, and what it is compared with. */
interface Span {
  label: string;
  from: string;
  to: string;
  compare: 'previous' | 'year';
}

export interface ReportMeasurement {
  report: string;
  span: string;
  /** Over HTTP against the server, one request at a time. */
  http: LatencySummary;
  /** The same report's reads and shaping (`salesReportTables`) run in this process on a pg pool. */
  raw: LatencySummary;
}

export interface ReportsBenchResult {
  history: History;
  /** Requests measured per report and span, and of the dashboard (after two to warm up). */
  requests: { report: number; dashboard: number };
  dashboard: { http: LatencySummary; raw: LatencySummary };
  reports: ReportMeasurement[];
  /**
   * The two-year trend's sales against the records: register sales (not returns) and online orders
   * in the same days, counted on the tables the history was written to.
   */
  check: { reported: number; recorded: number };
}

/** Requests sent before the measured ones, so the first plans and pages do not count. */
const WARM_UP = 2;

async function measure(times: number, request: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < WARM_UP; i += 1) {
    await request();
  }
  const recorder = new LatencyRecorder();
  for (let i = 0; i < times; i += 1) {
    const began = performance.now();
    await request();
    recorder.recordMs(performance.now() - began);
  }
  return recorder.summary();
}

/**
 * The dashboard's sales and to-do reads, as its service makes them: the shop's day now, then today's
 * and last week's hours and what waits on the shop, together.
 */
async function dashboardReads(
  reports: ReportsRepository,
  merchantId: string,
  timeZone: string,
): Promise<void> {
  const now = await reports.shopNow(timeZone);
  await Promise.all([reports.hoursOf(merchantId, [now.today, now.last_week]), reports.waiting(merchantId)]);
}

/**
 * The dashboard and every sales report over two years of a busy shop on PostgreSQL: the history
 * (`settings.historyLines` order lines) written through the product's tables and triggers, the
 * summaries folded, then each report asked for over HTTP one request at a time — over the two years
 * against the year before, and over the last 28 days against the 28 before — beside the same report's
 * reads made straight on a pg pool in this process.
 */
export async function reportsOverHistory(
  settings: Settings,
  services: Services,
): Promise<ReportsBenchResult> {
  const database = await createScratchDatabase(services.postgresUrl);
  const server = await startProductServer('reports', {
    env: { DATABASE_URL: database.url },
    logLevel: settings.logLevel,
  });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
  try {
    const owner = await signUp(server.url, 'owner');
    const slug = `history-${randomBytes(3).toString('hex')}`;
    const query = pgQuery(client);
    await query('UPDATE users SET is_merchant = true WHERE id = $1', [owner.id]);
    const timeZone = 'Europe/Paris';
    const [merchant] = await query(
      'INSERT INTO merchants (slug, name, owner_id, time_zone) VALUES ($1, $2, $3, $4) RETURNING id',
      [slug, 'A busy shop', owner.id, timeZone],
    );
    const merchantId = String(merchant!.id);

    log(
      `sales history: ${settings.historyLines.toLocaleString('en')} order lines over two years${settings.quick ? ' (a tenth of the full run’s million: quick run)' : ''}, written through the product's tables and triggers`,
    );
    let lastSaid = Date.now();
    const history = await writeSalesHistory(
      query,
      {
        merchantId,
        lines: settings.historyLines,
        days: 730,
        products: 400,
        categories: 12,
        registers: 3,
        staff: 6,
        customers: 20_000,
      },
      (message) => {
        // Every 15 seconds at most: a long run shows it is moving, a quick one stays short.
        if (Date.now() - lastSaid > 15_000) {
          lastSaid = Date.now();
          log(`sales history: up to ${message}`);
        }
      },
    );
    const lines = history.lines.register + history.lines.online;
    log(
      `sales history: ${lines.toLocaleString('en')} lines (${history.registerSales.toLocaleString('en')} register sales, ${history.orders.toLocaleString('en')} online orders) written in ${(history.ms.write / 1000).toFixed(1)} s, folded in ${(history.ms.fold / 1000).toFixed(1)} s`,
    );

    const api = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${server.url}/api/v1/merchants/${slug}${path}`, {
        headers: { cookie: owner.cookie },
      });
      if (response.status !== 200) {
        throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 400)}`);
      }
      return (await response.json()) as T;
    };
    const spans: Span[] = [
      { label: 'two years', from: history.from, to: history.to, compare: 'year' },
      { label: '28 days', from: addDays(history.to, -27), to: history.to, compare: 'previous' },
    ];

    const reports = createReportsRepository(handle.db);
    log(`dashboard: ${settings.dashboardRequests} requests, one at a time`);
    const dashboard = {
      http: await measure(settings.dashboardRequests, () => api('/dashboard')),
      raw: await measure(settings.dashboardRequests, () => dashboardReads(reports, merchantId, timeZone)),
    };
    const tables = salesReportTables(reports, merchantId);
    const measured: ReportMeasurement[] = [];
    for (const span of spans) {
      log(
        `reports over ${span.label} (compared with ${span.compare === 'year' ? 'the year before' : 'the days before'}): ${VARIANTS.length} reports, ${settings.reportRequests} requests each`,
      );
      for (const { label, report, options } of VARIANTS) {
        const search = new URLSearchParams({
          from: span.from,
          to: span.to,
          compare: span.compare,
          ...options,
        });
        const period = { from: span.from, to: span.to };
        const comparison = report === 'hours' ? null : comparisonOf(period, span.compare);
        measured.push({
          report: label,
          span: span.label,
          http: await measure(settings.reportRequests, () =>
            api(`/reports/sales/${report}?${search.toString()}`),
          ),
          raw: await measure(settings.reportRequests, () => tables[report](period, comparison, options)),
        });
      }
    }

    const trend = await api<SalesReport>(
      `/reports/sales/trend?${new URLSearchParams({ from: history.from, to: history.to, compare: 'none' }).toString()}`,
    );
    const [recorded] = await query(
      `SELECT (SELECT count(*) FROM register_sales WHERE merchant_id = $1 AND kind = 'sale')
         + (SELECT count(*) FROM orders WHERE merchant_id = $1) AS sales`,
      [merchantId],
    );
    return {
      history,
      requests: { report: settings.reportRequests, dashboard: settings.dashboardRequests },
      dashboard,
      reports: measured,
      check: { reported: Number(trend.totals?.sales ?? -1), recorded: Number(recorded!.sales) },
    };
  } finally {
    await handle.close();
    await client.end();
    await server.stop();
    await database.drop();
  }
}
