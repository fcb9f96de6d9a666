import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { placeOrderRaw, randomPicks } from './order-transaction';
import { GENERIC_PLANS } from './pgbench';
import type { Query, Shop } from './shop';
import { LatencyRecorder, wallClockMs, type LatencySummary } from './stats';

export interface RawRun {
  rate: number;
  latency: LatencySummary;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../apps/server/src/db/migrations/', import.meta.url));

/** The server's migrations, applied in order to a database the server never opens (raw PGlite). */
export async function applyMigrations(exec: (sql: string) => Promise<unknown>): Promise<void> {
  for (const file of (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort()) {
    await exec(await readFile(MIGRATIONS_DIR + file, 'utf8'));
  }
}

export const pgliteQuery =
  (db: PGlite): Query =>
  async (text, params) =>
    (await db.query<Record<string, unknown>>(text, params)).rows;

/** `workers` loops placing orders until `durationSec` is over; each runs on a session of its own. */
async function loop(
  durationSec: number,
  workers: number,
  session: () => Promise<{ query: Query; release: () => void }>,
  shop: Shop,
  sessionHash: string,
  lines: number,
): Promise<RawRun> {
  const recorder = new LatencyRecorder();
  const started = wallClockMs();
  const deadline = started + durationSec * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (wallClockMs() < deadline) {
        const begin = performance.now();
        const { query, release } = await session();
        try {
          await placeOrderRaw(query, shop, sessionHash, randomPicks(shop.products, lines));
        } finally {
          release();
        }
        recorder.recordMs(performance.now() - begin);
      }
    }),
  );
  return { rate: recorder.count / ((wallClockMs() - started) / 1000), latency: recorder.summary() };
}

/** The order transaction straight through a node-postgres pool of `connections`, as many in flight, as a named statement. */
export async function runPoolOrders(url: string, connections: number, durationSec: number, shop: Shop, sessionHash: string, lines: number) {
  const pool = new pg.Pool({ connectionString: url, max: connections, options: GENERIC_PLANS });
  try {
    const session = async () => {
      const client = await pool.connect();
      return {
        // Named, so each connection parses it once, as the product's statement cache does.
        query: (async (text, values) => (await client.query<Record<string, unknown>>({ name: 'order', text, values })).rows) as Query,
        release: () => client.release(),
      };
    };
    return await loop(durationSec, connections, session, shop, sessionHash, lines);
  } finally {
    await pool.end();
  }
}

/** The order transaction on PGlite, one at a time: PGlite has a single session. */
export function runPgliteOrders(db: PGlite, durationSec: number, shop: Shop, sessionHash: string, lines: number) {
  const query = pgliteQuery(db);
  return loop(durationSec, 1, async () => ({ query, release: () => undefined }), shop, sessionHash, lines);
}
