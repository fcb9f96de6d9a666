/**
 * `npm run bench`: the product beside the raw stack under it, on this machine, in one run.
 * `--quick` is a one-minute smoke run (CI); `--profile` writes the PostgreSQL server's CPU profile;
 * `--log-level=<level>` runs the servers at another log level than their default, info;
 * `--only=catalogue-import` runs the catalogue import alone (50,000 rows; 5,000 with `--quick`);
 * `--only=register-sales` runs the register sales against pgbench alone;
 * `--only=live-streams` runs the live streams alone (up to 15,000; 1,500 with `--quick`).
 * `--only=reports` runs the dashboard and sales reports over two years of a busy shop alone
 * (1,000,000 order lines; 100,000 with `--quick`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { latencyChart } from './chart';
import { findPgbench } from './pgbench';
import { catalogueImport } from './catalogue-import';
import { liveStreams } from './live-streams';
import { registerSales } from './register-sales';
import {
  consoleTable,
  importRows,
  liveStreamRows,
  markdownTable,
  registerSalesRows,
  reportsRows,
  rows,
  type Results,
} from './report';
import { reportsOverHistory } from './reports';
import { embedded, postgresAndMosquitto, postgresAndRabbitmq, scaleOut, type Services } from './scenarios';
import { settingsFor } from './settings';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
/** Quick runs and profiles are scratch: git ignores this folder. */
const SCRATCH_DIR = `${RESULTS_DIR}tmp/`;

const section = (title: string) => process.stdout.write(`\n== ${title}\n`);

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return String(
      (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v,
    );
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const settings = settingsFor(process.argv.slice(2));
  if (settings.only === 'catalogue-import') {
    section(`Catalogue import: ${settings.importRows.toLocaleString('en')} rows on PostgreSQL`);
    const result = await catalogueImport(
      settings,
      process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    );
    process.stdout.write(`${consoleTable(importRows(result))}\n`);
    mkdirSync(SCRATCH_DIR, { recursive: true });
    writeFileSync(
      `${SCRATCH_DIR}catalogue-import.json`,
      `${JSON.stringify({ settings, result }, null, 2)}\n`,
    );
    return;
  }
  const liveStreamsTitle = `Live streams on PostgreSQL, up to ${settings.liveStreamsCap.toLocaleString('en')}, beside a bare node:http server`;
  if (settings.only === 'live-streams') {
    section(liveStreamsTitle);
    const result = await liveStreams(settings, process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
    process.stdout.write(`${consoleTable(liveStreamRows(result))}\n`);
    mkdirSync(SCRATCH_DIR, { recursive: true });
    writeFileSync(`${SCRATCH_DIR}live-streams.json`, `${JSON.stringify({ settings, result }, null, 2)}\n`);
    return;
  }
  const pgbench = await findPgbench();
  if (!pgbench) {
    throw new Error(
      'pgbench not found: install PostgreSQL (Debian: postgresql-contrib) or put pgbench on PATH',
    );
  }
  const services: Services = {
    postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    amqpUrl: process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
    mqttUrl: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883',
    pgbench,
  };
  const memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((memTotalKb / 1024 / 1024) * 10) / 10,
    node: process.version,
    postgres: await postgresVersion(services.postgresUrl),
    pgbench: execFileSync(pgbench, ['--version']).toString().trim(),
  };
  const startedAt = new Date().toISOString();
  const registerSalesTitle = `Register sales: ${settings.registers} registers on PostgreSQL, beside pgbench`;
  const reportsTitle = `Reports: the dashboard and every sales report over two years of a busy shop (${settings.historyLines.toLocaleString('en')} order lines${settings.quick ? ', quick run' : ''}) on PostgreSQL`;
  if (settings.only === 'reports') {
    section(reportsTitle);
    const result = await reportsOverHistory(settings, services);
    process.stdout.write(`${consoleTable(reportsRows(result))}\n`);
    mkdirSync(SCRATCH_DIR, { recursive: true });
    writeFileSync(
      `${SCRATCH_DIR}reports.json`,
      `${JSON.stringify({ startedAt, machine, settings, result }, null, 2)}\n`,
    );
    process.stdout.write(`\nResult: ${SCRATCH_DIR}reports.json\n`);
    return;
  }
  if (settings.only === 'register-sales') {
    section(registerSalesTitle);
    const result = await registerSales(
      settings,
      services,
      settings.profile ? `${SCRATCH_DIR}profiles` : undefined,
    );
    process.stdout.write(`${consoleTable(registerSalesRows(result))}\n`);
    mkdirSync(SCRATCH_DIR, { recursive: true });
    writeFileSync(
      `${SCRATCH_DIR}register-sales.json`,
      `${JSON.stringify({ startedAt, machine, settings, result }, null, 2)}\n`,
    );
    process.stdout.write(`\nResult: ${SCRATCH_DIR}register-sales.json\n`);
    return;
  }
  process.stdout.write(
    `MeetYourBusiness benchmark (${settings.quick ? 'quick smoke run' : 'full run'}) on ${machine.cpus} cores, ${machine.memoryGiB} GiB, ${machine.cpuModel}\n`,
  );
  const profileDir = settings.profile ? `${SCRATCH_DIR}profiles` : undefined;

  section('PostgreSQL + RabbitMQ: orders, catalogue, memory, dispatch, e-mail');
  const postgres = await postgresAndRabbitmq(settings, services, profileDir);
  section('PostgreSQL + Mosquitto: dispatch');
  const mosquitto = await postgresAndMosquitto(settings, services);
  section('Embedded: PGlite + the in-process MQTT broker');
  const embeddedResult = await embedded(settings);
  section('Scale-out: two servers on one PostgreSQL and one RabbitMQ');
  const scaled = await scaleOut(settings, services, postgres.orders.http.rate);
  section(registerSalesTitle);
  const sales = await registerSales(settings, services, profileDir);
  section(`Catalogue import: ${settings.importRows.toLocaleString('en')} rows on PostgreSQL`);
  const imported = await catalogueImport(settings, services.postgresUrl);
  section(liveStreamsTitle);
  const live = await liveStreams(settings, services.postgresUrl);
  section(reportsTitle);
  const reports = await reportsOverHistory(settings, services);

  const results: Results = {
    startedAt,
    machine,
    settings,
    postgres,
    mosquitto,
    embedded: embeddedResult,
    scaleOut: scaled,
    registerSales: sales,
    catalogueImport: imported,
    liveStreams: live,
    reports,
  };
  const table = rows(results);
  section('Results');
  process.stdout.write(`${consoleTable(table)}\n`);

  const dir = settings.quick ? SCRATCH_DIR : RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify({ ...results, table }, null, 2)}\n`;
  const stamp = startedAt.replace(/[:.]/g, '-');
  writeFileSync(`${dir}${stamp}.json`, json);
  writeFileSync(`${dir}latest.json`, json);
  writeFileSync(`${dir}latest.md`, `${markdownTable(table)}\n`);
  writeFileSync(`${dir}latency.svg`, latencyChart(results));
  process.stdout.write(`\nResults: ${dir}latest.json, table ${dir}latest.md, chart ${dir}latency.svg\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
