import type { DeploymentTopic } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import { repository } from '../../db/repository';
import type { Database } from '../../db/schema';

/** Pending changes one sequencing takes at most; a backlog is taken batch by batch. */
export const SEQUENCE_BATCH = 5_000;
/** How long changes are kept for browsers that reconnect; one away longer reads its screens afresh. */
export const LIVE_RETENTION = '1 hour';
/** Changes read at a time. */
const READ_BATCH = 2_000;

/** One change, as sequenced: its scope (one of the three ids, or none for the deployment's) and topic. */
export interface LiveChangeRow {
  id: number;
  merchant_id: string | null;
  supplier_id: string | null;
  user_id: string | null;
  topic: string;
}

export const createLiveRepository = repository((db: Kysely<Database>) => ({
  /**
   * Moves pending changes into `live_changes` in commit order: how many it took, or null when another
   * process was doing it (it will be done by that one).
   */
  async sequence(): Promise<number | null> {
    const { rows } = await sql<{ taken: number | null }>`
      SELECT sequence_live_changes(${SEQUENCE_BATCH}, ${LIVE_RETENTION}::interval) AS taken`.execute(db);
    return rows[0]!.taken;
  },

  /**
   * Notes a change of the whole deployment's (the mail folder), as the tables' triggers note theirs;
   * sequenced with them.
   */
  async noteDeploymentChange(topic: DeploymentTopic): Promise<void> {
    await sql`INSERT INTO live_changes_pending (topics) VALUES (ARRAY[${topic}]::text[])`.execute(db);
  },

  /** The last change's id, 0 before the first. */
  async lastId(): Promise<number> {
    const { rows } = await sql<{
      id: number;
    }>`SELECT coalesce(max(id), 0)::int8 AS id FROM live_changes`.execute(db);
    return rows[0]!.id;
  },

  /** The oldest change kept (null when none is): a browser that heard the one before it missed nothing since. */
  async oldestId(): Promise<number | null> {
    const { rows } = await sql<{ id: number | null }>`SELECT min(id) AS id FROM live_changes`.execute(db);
    return rows[0]!.id;
  },

  /** Changes after `afterId` up to `upTo`, in order, a batch at a time. */
  async changesBetween(afterId: number, upTo: number): Promise<LiveChangeRow[]> {
    return db
      .selectFrom('live_changes')
      .select(['id', 'merchant_id', 'supplier_id', 'user_id', 'topic'])
      .where('id', '>', afterId)
      .where('id', '<=', upTo)
      .orderBy('id')
      .limit(READ_BATCH)
      .execute();
  },

  /** The suppliers whose portal the person belongs to. */
  async supplierIdsOf(userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('supplier_members')
      .select('supplier_id')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((row) => row.supplier_id);
  },
}));
export type LiveRepository = ReturnType<typeof createLiveRepository>;

/** Reads every change after `afterId` up to `upTo`, batch by batch. */
export async function* changesBetween(
  live: Pick<LiveRepository, 'changesBetween'>,
  afterId: number,
  upTo: number,
): AsyncGenerator<LiveChangeRow[]> {
  let from = afterId;
  while (from < upTo) {
    const batch = await live.changesBetween(from, upTo);
    if (batch.length === 0) {
      return;
    }
    yield batch;
    from = batch.at(-1)!.id;
  }
}
