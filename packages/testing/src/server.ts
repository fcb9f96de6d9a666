import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { oncePerTestRun, testRunDir } from './test-run';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Variables the test runner or a `.env` could carry into the server; each run names its own. */
const SERVER_VARIABLES = [
  'HOST',
  'PORT',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_ORDER_STATEMENTS',
  'AMQP_URL',
  'AMQP_EXCHANGE',
  'MQTT_URL',
  'EMBEDDED_MQTT_PORT',
  'EMBEDDED_MQTT_HOST',
  'RECEIPTS_QUEUE',
  'RECEIPTS_CLIENT_ID',
  'SMTP_URL',
  'MAIL_FROM',
  'DEMO_DATA',
  'DEMO_AGENTS',
  'NOT_TAKEN_WARNING_SECONDS',
  'SECURE_COOKIES',
  'LOG_LEVEL',
  'PUBLIC_URL',
  'ALLOWED_ORIGINS',
  'TRUST_PROXY',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_LABEL',
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'GOOGLE_ISSUER',
  'FACEBOOK_CLIENT_ID',
  'FACEBOOK_CLIENT_SECRET',
  'FACEBOOK_AUTHORIZATION_URL',
  'FACEBOOK_TOKEN_URL',
  'FACEBOOK_PROFILE_URL',
];

/** The runner's environment without vitest's markers, which would turn a production build into a test one. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST')) {
      delete env[name];
    }
  }
  return env;
}

/** Runs a build step in the repository and fails with its output if it fails. */
function runBuild(command: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const output: string[] = [];
    const child = spawn(command, args, { cwd: REPOSITORY_ROOT, env: childEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${[basename(command), ...args].join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.join('')}`)),
    );
  });
}

let building: Promise<void> | undefined;

/** Builds the web app once per test run, so the server serves the UI as it is in the working tree. */
export function buildWebOnce(): Promise<void> {
  building ??= oncePerTestRun('web', () => runBuild('npm', ['run', 'build', '-w', 'apps/web']));
  return building;
}

/** What a child process printed, its last `limitChars` or so: a long run's output is not all kept. */
export function keptOutput(limitChars: number): { push(text: string): void; text(): string } {
  const chunks: string[] = [];
  let chars = 0;
  return {
    push(text) {
      chunks.push(text);
      chars += text.length;
      while (chars > limitChars && chunks.length > 1) {
        chars -= chunks.shift()!.length;
      }
    },
    text: () => chunks.join(''),
  };
}

let buildingServer: Promise<void> | undefined;

/**
 * Compiles the server into apps/server/dist once per test run, so the child runs the JavaScript
 * `npm start` runs, built from the working tree.
 */
export function buildServerOnce(): Promise<void> {
  buildingServer ??= oncePerTestRun('server', () => runBuild(process.execPath, ['apps/server/build.mjs']));
  return buildingServer;
}

/**
 * An empty PGlite database folder, as PGlite's initdb leaves it (6-19 s here), made once per test run
 * and copied into each server's data folder: the server then opens it, migrates it and seeds it as it
 * does a folder of its own. Undefined outside a test run.
 */
async function emptyPgliteFolder(): Promise<string | undefined> {
  const runDir = testRunDir();
  if (runDir === undefined) {
    return undefined;
  }
  const folder = join(runDir, 'pglite-empty');
  await oncePerTestRun('pglite-empty', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    await (await PGlite.create(folder)).close();
  });
  return folder;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** The server's own Node process (not a wrapper), for reading its memory from /proc. */
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  /** Stops the server (SIGTERM to its process group, SIGKILL after 10 s) and removes its data folder. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Extra Node flags, such as `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * The Node flags `npm start` runs the server with (apps/server/package.json, `config.node_flags`),
 * so tests and benchmarks run it as it runs in service: its heap cap included.
 */
function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'apps/server/package.json'), 'utf8')) as {
    config: { node_flags: string };
  };
  return manifest.config.node_flags.split(' ').filter((flag) => flag !== '');
}

async function deleteQueue(url: string, queue: string): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    await (await connection.createChannel()).deleteQueue(queue);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

const HEALTH_TIMEOUT_MS = 90_000;
/** A server under load logs every request; only the tail is kept for error messages. */
const OUTPUT_KEPT_CHARS = 1_000_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * The real entry point, `apps/server/src/server.ts` compiled as `npm start` runs it (dist/server.js),
 * as a child process on a free port with a data folder of its own. `env` adds to (and wins over) a clean slate: every server variable the runner
 * had is blanked, so a `.env` file or a service URL meant for another suite cannot leak in.
 */
export async function startServer(
  name: string,
  env: Record<string, string>,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  // A caller that must know the address before the server starts (to register it elsewhere) picks the port.
  await buildServerOnce();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `myb-${name}-`));
  // On PGlite in a data folder of its own (a caller's own DATA_DIR starts as it is, empty or not).
  const emptyPglite = env.DATABASE_URL || env.DATA_DIR ? undefined : await emptyPgliteFolder();
  if (emptyPglite !== undefined) {
    await cp(emptyPglite, join(dataDir, 'pglite'), { recursive: true });
  }
  const blanks = Object.fromEntries(SERVER_VARIABLES.map((variable) => [variable, '']));
  const receiptsQueue = `myb.receipts.test-${name}-${randomBytes(5).toString('hex')}`;
  const ownReceiptsQueue = env.AMQP_URL && env.RECEIPTS_QUEUE === undefined ? env.AMQP_URL : undefined;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...startFlags(), 'apps/server/dist/server.js'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...childEnvironment(),
      // Blank optional URLs read as "not set"; the values below (and the caller's) replace the rest.
      ...blanks,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      DEMO_AGENTS: 'true',
      SECURE_COOKIES: 'false',
      LOG_LEVEL: 'info',
      AMQP_EXCHANGE: 'amq.topic',
      EMBEDDED_MQTT_PORT: '0',
      EMBEDDED_MQTT_HOST: '127.0.0.1',
      // A receipts queue of this run's own on RabbitMQ, deleted when it stops: runs sharing a broker
      // never read each other's receipts, and leave no queue behind collecting copies of them.
      RECEIPTS_QUEUE: receiptsQueue,
      RECEIPTS_CLIENT_ID: 'myb-server-receipts',
      MAIL_FROM: 'MeetYourBusiness <orders@meetyourbusiness.local>',
      ...env,
    },
    // Its own process group, so stopping it also stops anything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = keptOutput(OUTPUT_KEPT_CHARS);
  const keep = (chunk: Buffer) => output.push(chunk.toString());
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`could not start the server: ${output.text()}`);
  }
  const url = `http://127.0.0.1:${port}`;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
        throw error;
      }
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS),
      );
      if ((await Promise.race([exited, timer])) === 'timeout') {
        output.push(`\n[${name}] the server did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it\n`);
        signalGroup('SIGKILL');
        await exited;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    if (ownReceiptsQueue) {
      // Best effort: a broker the test has already stopped (a private node) keeps nothing to delete.
      await deleteQueue(ownReceiptsQueue, receiptsQueue).catch(() => undefined);
    }
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the server exited before it was healthy:\n${output.text()}`);
    }
    const healthy = await fetch(`${url}/api/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not healthy within ${HEALTH_TIMEOUT_MS} ms:\n${output.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return { url, dataDir, pid, output: () => output.text(), stop };
}
