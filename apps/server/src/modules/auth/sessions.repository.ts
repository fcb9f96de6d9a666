import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Sessions are stored by the SHA-256 of their token, so a leaked table opens no session. */
export function createSessionsRepository(db: Kysely<Database>) {
  return {
    insert: (tokenHash: string, userId: string, expiresAt: Date) =>
      db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute(),
    findLiveUser: (tokenHash: string) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', new Date())
        .executeTakeFirst(),
    delete: (tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),
  };
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
