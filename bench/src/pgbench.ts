import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LatencyRecorder, wallClockMs, type LatencySummary } from './stats';

const run = promisify(execFile);

/**
 * The raw sides' named statements keep their generic plan, planned once per connection, so they
 * stand at their best. Left to choose, PostgreSQL judges from the statistics of the moment: in one
 * full run `-M prepared` placed 1,920–1,962 orders/s for two rounds at 944 µs of CPU each, the cost
 * of `-M extended`'s planning every run (1,616/s, 1,159 µs), and 5,067/s in the third.
 */
export const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

/** pgbench from PATH, else the newest PostgreSQL's own. */
export async function findPgbench(): Promise<string | null> {
  const onPath = await run('sh', ['-c', 'command -v pgbench']).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  if (onPath !== '') {
    return onPath;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    return null;
  }
  const versions = (await readdir(root)).sort((a, b) => Number(b) - Number(a));
  return (
    versions.map((version) => join(root, version, 'bin', 'pgbench')).find((path) => existsSync(path)) ?? null
  );
}

export interface PgbenchRun {
  rate: number;
  latency: LatencySummary;
  /** When pgbench started and ended, before its log is read. */
  startedAt: number;
  finishedAt: number;
}

/**
 * Runs `script` with `connections` clients for `durationSec` and reads every transaction's latency
 * from pgbench's per-transaction log (microseconds, third field).
 */
export async function runPgbench(options: {
  binary: string;
  url: string;
  script: string;
  connections: number;
  threads: number;
  durationSec: number;
  variables: Record<string, string>;
  /**
   * `prepared`: named statements, parsed and planned once per connection, as the product runs the
   * statements it repeats; `extended`: parsed and planned on every run, as node-postgres does unnamed.
   */
  protocol: 'prepared' | 'extended';
}): Promise<PgbenchRun> {
  const dir = await mkdtemp(join(tmpdir(), 'myb-pgbench-'));
  try {
    await writeFile(join(dir, 'script.sql'), options.script);
    const startedAt = wallClockMs();
    const { stdout } = await run(
      options.binary,
      [
        '--no-vacuum',
        `--protocol=${options.protocol}`,
        `--client=${options.connections}`,
        `--jobs=${options.threads}`,
        `--time=${options.durationSec}`,
        `--file=${join(dir, 'script.sql')}`,
        '--log',
        `--log-prefix=${join(dir, 'log')}`,
        ...Object.entries(options.variables).map(([name, value]) => `--define=${name}=${value}`),
        options.url,
      ],
      {
        maxBuffer: 16 * 1024 * 1024,
        env: options.protocol === 'prepared' ? { ...process.env, PGOPTIONS: GENERIC_PLANS } : process.env,
      },
    );
    const finishedAt = wallClockMs();
    const tps = /^tps = ([\d.]+)/m.exec(stdout);
    if (!tps) {
      throw new Error(`pgbench printed no rate:\n${stdout}`);
    }
    const recorder = new LatencyRecorder();
    for (const file of (await readdir(dir)).filter((name) => name.startsWith('log'))) {
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        const microseconds = Number(line.split(' ')[2]);
        if (line !== '' && Number.isFinite(microseconds)) {
          recorder.recordMs(microseconds / 1000);
        }
      }
    }
    return { rate: Number(tps[1]), latency: recorder.summary(), startedAt, finishedAt };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
