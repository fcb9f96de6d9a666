import { createScratchDatabase, hasServices, requireServiceUrl, type ScratchDatabase } from '@myb/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database';

describe.skipIf(!hasServices('database sessions', 'postgres'))("the server's sessions on PostgreSQL", () => {
  let database: ScratchDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createScratchDatabase(requireServiceUrl('postgres'));
    // Whatever the cluster's default, this database's sessions start with JIT on.
    const admin = new pg.Client({ connectionString: requireServiceUrl('postgres') });
    await admin.connect();
    await admin
      .query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET jit = on`)
      .finally(() => admin.end());
    handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 3 });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('run without JIT on every pooled connection, the query builder and scripts alike', async () => {
    // Three at once, so the pool opens three connections.
    const settings = await Promise.all(
      Array.from({ length: 3 }, () =>
        handle.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{
            jit: string;
            pid: number;
          }>`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(trx);
          return rows[0]!;
        }),
      ),
    );
    expect(new Set(settings.map((row) => row.pid)).size).toBe(3);
    expect(settings.map((row) => row.jit)).toEqual(['off', 'off', 'off']);
    expect(await handle.withSession((exec) => exec('SELECT 1; SHOW jit'))).toEqual([{ jit: 'off' }]);
  });
});
