import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export function createPasswordResetsRepository(db: Kysely<Database>) {
  return {
    insert: (tokenHash: string, userId: string, expiresAt: Date) =>
      db.insertInto('password_resets').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute(),
    /** Marks a live, unused token used and says whose it was; one statement, so two uses cannot both win. */
    consume: async (tokenHash: string) =>
      (
        await db
          .updateTable('password_resets')
          .set({ used_at: sql<Date>`now()` })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', sql<Date>`now()`)
          .returning('user_id')
          .executeTakeFirst()
      )?.user_id ?? null,
    deleteAllOf: (userId: string) => db.deleteFrom('password_resets').where('user_id', '=', userId).execute(),
  };
}
