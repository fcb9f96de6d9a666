import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';

/** Sessions are stored by the SHA-256 of their token, so a leaked table opens no session. */
function sessionsStatements(db: Kysely<Database>) {
  return {
    insert: (session: { tokenHash: string; userId: string; expiresAt: Date; userAgent: string }) =>
      db
        .insertInto('sessions')
        .values({
          token_hash: session.tokenHash,
          user_id: session.userId,
          expires_at: session.expiresAt,
          user_agent: session.userAgent,
        })
        .execute(),
    listLive: (userId: string) =>
      db
        .selectFrom('sessions')
        .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'user_agent'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', sql<Date>`now()`)
        .orderBy('last_seen_at', 'desc')
        .execute(),
    delete: (tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),
    deleteById: async (userId: string, id: string) =>
      (await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst())
        .numDeletedRows > 0n,
    deleteAllOf: (userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).execute(),
    /** Signs out every session of the user but the one whose token hashes to `keptTokenHash`; how many ended. */
    deleteOthersOf: async (userId: string, keptTokenHash: string) =>
      Number(
        (await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', keptTokenHash).executeTakeFirst())
          .numDeletedRows,
      ),
    /** Deletes the sessions past their expiry (by the database's clock); how many. */
    deleteExpired: async () =>
      Number((await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst()).numDeletedRows),
  };
}
export const createSessionsRepository = repository(sessionsStatements);
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
