import { createScratchDatabase, hasServices, requireServiceUrl, type ScratchDatabase } from '@myb/testing';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatementNames, namingPool } from '../../src/db/statement-cache';

interface Tables {
  things: { id: number; label: string };
}

describe.skipIf(!hasServices('statement cache', 'postgres'))('named statements on PostgreSQL', () => {
  let database: ScratchDatabase;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    database = await createScratchDatabase(requireServiceUrl('postgres'));
    // One connection, so what it has prepared is what pg_prepared_statements shows.
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    db = new Kysely<Tables>({
      dialect: new PostgresDialect({
        pool: namingPool(pool, createStatementNames({ capacity: 2, threshold: 3 })),
      }),
    });
    await sql`CREATE TABLE things (id int PRIMARY KEY, label text NOT NULL)`.execute(db);
    await db
      .insertInto('things')
      .values([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ])
      .execute();
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const prepared = async () =>
    (
      await sql<{
        statement: string;
      }>`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`.execute(db)
    ).rows.map((row) => row.statement);
  const byId = (id: number) =>
    db.selectFrom('things').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('names a text from its third run, answers the same through it, and keeps no more texts than its capacity', async () => {
    expect(await byId(1)).toEqual({ id: 1, label: 'one' });
    expect(await byId(2)).toEqual({ id: 2, label: 'two' });
    expect((await prepared()).some((text) => text.includes('"things"'))).toBe(false);
    expect(await byId(1)).toEqual({ id: 1, label: 'one' });
    expect(await byId(2)).toEqual({ id: 2, label: 'two' });
    expect((await prepared()).filter((text) => text.includes('"things"'))).toHaveLength(1);

    // The capacity's second text; the query listing them, on its third run now, stays unnamed.
    for (let run = 0; run < 3; run += 1) {
      expect(await db.selectFrom('things').select('label').where('label', '=', 'two').execute()).toEqual([
        { label: 'two' },
      ]);
    }
    expect(await prepared()).toHaveLength(2);
  });

  it('keeps transactions and their rollback working', async () => {
    for (let run = 0; run < 3; run += 1) {
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.updateTable('things').set({ label: 'changed' }).where('id', '=', 1).execute();
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
    }
    expect(await byId(1)).toEqual({ id: 1, label: 'one' });
  });

  it('after a schema change refuses a named statement once, then parses it again under a new name', async () => {
    await sql`ALTER TABLE things ADD COLUMN stock int NOT NULL DEFAULT 7`.execute(db);
    await expect(byId(1)).rejects.toMatchObject({ code: '0A000' });
    expect(await byId(1)).toEqual({ id: 1, label: 'one', stock: 7 });
  });
});
