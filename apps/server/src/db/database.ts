import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { createStatementNames, namingPool } from './statement-cache';

/** One handle over either engine: the typed query builder, plus a way to run a whole SQL script. */
export interface DatabaseHandle {
  kind: 'postgres' | 'pglite';
  db: Kysely<Database>;
  /** PostgreSQL only: where it is, for a connection of one's own (a LISTEN: db/listener.ts). */
  url?: string;
  /**
   * Runs `work` on one dedicated session, whose `exec` takes multi-statement scripts and returns
   * the rows of the last statement. Session-level state (advisory locks) holds across calls.
   */
  withSession<T>(work: (exec: ScriptRunner) => Promise<T>): Promise<T>;
  /**
   * PGlite only (one session, in this process): calls `onNotify` for each NOTIFY on `channel` as its
   * transaction commits. On PostgreSQL a LISTEN needs a connection of its own: db/listener.ts.
   */
  listenInProcess?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  /** PGlite only: the whole database as an archive, which `openDatabase` can start another one from. */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export type ScriptRunner = (sql: string) => Promise<Record<string, unknown>[]>;

export type DatabaseLocation =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** Run the hot statements as named ones (statement-cache.ts); off behind a pooler that cannot keep them. */
      preparedStatements?: boolean;
    }
  | {
      kind: 'pglite';
      dataDir?: string;
      /** A copy of another PGlite database to start from (its `dumpDataDir` archive), instead of an empty one. */
      loadDataDir?: Blob;
    };

/** node-postgres hands int8 back as a string; our int8 columns are money in minor units, well inside 2^53. */
const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: location.poolSize ?? 10,
      types: pgTypes,
    });
    // A pool's idle client that loses its server emits 'error'; unhandled, that would end the process.
    pool.on('error', () => undefined);
    // Every statement the server runs reads or writes a few rows, yet a plan PostgreSQL
    // misestimates (statistics behind a rush of orders) can cost past `jit_above_cost`, and JIT
    // then compiles it again on every run: 20–25 ms of CPU per dispatch instead of 0.3 ms.
    // Queued before the client's first query, and so sent before it.
    pool.on('connect', (client) => {
      client.query('SET jit = off').catch(() => undefined);
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: location.preparedStatements === false ? pool : namingPool(pool, createStatementNames()) }),
    });
    return {
      kind: 'postgres',
      db,
      url: location.url,
      withSession: async (work) => {
        const client = await pool.connect();
        try {
          return await work(async (sql) => {
            type Rows = pg.QueryResult<Record<string, unknown>>;
            // A script of several statements answers with one result per statement.
            const result = (await client.query(sql)) as Rows | Rows[];
            return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
          });
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  if (location.dataDir) {
    await mkdir(location.dataDir, { recursive: true });
  }
  // Loaded only here: a server on PostgreSQL never holds the WebAssembly engine.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
  const pglite = await PGlite.create({ dataDir: location.dataDir, loadDataDir: location.loadDataDir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    // PGlite has one session; callers run this before the query builder is in use.
    withSession: (work) =>
      work(async (sql) => (await pglite.exec(sql)).at(-1)?.rows ?? []),
    listenInProcess: async (channel, onNotify) => {
      const unlisten = await pglite.listen(channel, () => onNotify());
      return () => unlisten();
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    // Kysely's destroy closes the PGlite instance too.
    close: () => db.destroy(),
  };
}
