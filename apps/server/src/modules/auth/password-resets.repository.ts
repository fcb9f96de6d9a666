import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { repository } from '../../db/repository';

function passwordResetsStatements(db: Kysely<Database>) {
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
    /** Deletes the resets past their expiry (by the database's clock); how many. */
    deleteExpired: async () =>
      Number((await db.deleteFrom('password_resets').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst()).numDeletedRows),
  };
}
export const createPasswordResetsRepository = repository(passwordResetsStatements);
export type PasswordResetsRepository = ReturnType<typeof createPasswordResetsRepository>;
