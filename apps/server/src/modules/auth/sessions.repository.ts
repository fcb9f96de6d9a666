import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { roleFlags } from './users.repository';
import { repository } from '../../db/repository';

/** How stale `last_seen_at` may get before a request writes it again: one write a minute per session at most. */
export const LAST_SEEN_RESOLUTION = '1 minute';

/**
 * For a statement that checks a session itself (reading an order to dispatch does, to spare a round
 * trip; placing orders checks several sessions at once, in `placeOrdersStatement`):
 * CTEs `session_owner` (the session's user, if the session is live and the user not disabled, and
 * whether an admin) and
 * `session_touched` (its `last_seen_at`, when stale), the same tests as `findLiveUser`.
 */
export const sessionCtes = (tokenHash: string) => sql`
  session_owner AS (
    SELECT users.id, users.name, users.email, users.is_admin FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.token_hash = ${tokenHash} AND sessions.expires_at > now() AND users.disabled_at IS NULL
  ),
  session_touched AS (
    UPDATE sessions SET last_seen_at = now()
    WHERE token_hash = ${tokenHash} AND expires_at > now() AND last_seen_at < now() - ${LAST_SEEN_RESOLUTION}::interval
  )`;

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
    /**
     * The session's user, if the session is live, and in the same statement its `last_seen_at`
     * when that is stale: one round trip per request, and a write at most once a minute.
     */
    findLiveUser: (tokenHash: string) =>
      db
        .with('touched', (qb) =>
          qb
            .updateTable('sessions')
            .set({ last_seen_at: sql<Date>`now()` })
            .where('token_hash', '=', tokenHash)
            .where('expires_at', '>', sql<Date>`now()`)
            .where('last_seen_at', '<', sql<Date>`now() - ${LAST_SEEN_RESOLUTION}::interval`)
            .returning('token_hash'),
        )
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.id as session_id'])
        .select(roleFlags)
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', new Date())
        // Disabling deletes the sessions too; this keeps a disabled account out even if one slipped through.
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst(),
    listLive: (userId: string) =>
      db
        .selectFrom('sessions')
        .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'user_agent'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', new Date())
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
