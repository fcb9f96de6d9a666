import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

export interface StatementCacheOptions {
  /** Statements a process names at most; each is parsed once per connection and kept by the server. */
  capacity: number;
  /** Runs of the same text before it is named, so one-off statements are never kept. */
  threshold: number;
}

export const DEFAULT_STATEMENT_CACHE: StatementCacheOptions = { capacity: 200, threshold: 3 };

/** Texts counted towards the threshold; past this many the count starts over, so it stays bounded. */
const MAX_COUNTED = 2000;

/**
 * Which statement texts run as named (server-side prepared) statements. PostgreSQL parses and
 * plans an unnamed statement on every run; the dispatch's and the order's statements spent more
 * time there than executing. A named one is parsed once per connection, and after five runs
 * PostgreSQL keeps its plan when a generic plan costs no more than a custom one.
 *
 * node-postgres can name a statement but not forget one, so rather than an LRU (which would have
 * to DEALLOCATE) the first `capacity` texts to reach `threshold` runs keep their names for the
 * life of the process: the application's hot statements, which are few and fixed, get there
 * first. The rest run unnamed, as before.
 */
export function createStatementNames(options: StatementCacheOptions = DEFAULT_STATEMENT_CACHE) {
  const names = new Map<string, string>();
  const runs = new Map<string, number>();
  /** Texts whose named plan PostgreSQL refused after a schema change, each renamed once more. */
  let generation = 0;

  return {
    nameOf(text: string): string | undefined {
      const name = names.get(text);
      if (name !== undefined || names.size >= options.capacity) {
        return name;
      }
      const count = (runs.get(text) ?? 0) + 1;
      if (count < options.threshold) {
        if (runs.size >= MAX_COUNTED) {
          runs.clear();
        }
        runs.set(text, count);
        return undefined;
      }
      runs.delete(text);
      const named = `myb_${names.size}`;
      names.set(text, named);
      return named;
    },
    /**
     * After a schema change PostgreSQL refuses a prepared statement whose result columns changed
     * ("cached plan must not change result type"); the text gets a fresh name, parsed anew on
     * each connection, and the old one goes with its connection.
     */
    rename(text: string): void {
      if (names.has(text)) {
        generation += 1;
        names.set(text, `myb_${names.size}_${generation}`);
      }
    },
  };
}
export type StatementNames = ReturnType<typeof createStatementNames>;

/** PostgreSQL's code for "cached plan must not change result type". */
const FEATURE_NOT_SUPPORTED = '0A000';

/**
 * The pool Kysely's PostgresDialect is given: node-postgres' own, whose clients run each query
 * under the name `names` gives its text, if any. One wrapper per client, since Kysely keeps its
 * connection per client object.
 */
export function namingPool(pool: pg.Pool, names: StatementNames): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((textOrCursor: unknown, values?: readonly unknown[]): unknown => {
      if (typeof textOrCursor !== 'string') {
        return client.query(textOrCursor as pg.Submittable);
      }
      const name = names.nameOf(textOrCursor);
      const parameters = values ? [...values] : [];
      if (name === undefined) {
        return client.query(textOrCursor, parameters);
      }
      return client.query({ name, text: textOrCursor, values: parameters }).catch((error: unknown) => {
        if ((error as { code?: string }).code === FEATURE_NOT_SUPPORTED) {
          names.rename(textOrCursor);
        }
        throw error;
      });
    }) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
