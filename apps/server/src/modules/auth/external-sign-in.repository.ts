import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, SignInFlowsTable } from '../../db/schema';
import { repository } from '../../db/repository';

/** Sign-ins under way at an issuer (`sign_in_flows`), and the issuers' accounts linked to ours (`user_identities`). */
function externalSignInStatements(db: Kysely<Database>) {
  return {
    /** The account this issuer's subject was linked to, if any. */
    findLinkedUserId: async (providerId: string, subject: string) =>
      (
        await db
          .selectFrom('user_identities')
          .select('user_id')
          .where('provider_id', '=', providerId)
          .where('subject', '=', subject)
          .executeTakeFirst()
      )?.user_id,
    link: (identity: { providerId: string; subject: string; userId: string; email: string }) =>
      db
        .insertInto('user_identities')
        .values({ provider_id: identity.providerId, subject: identity.subject, user_id: identity.userId, email: identity.email })
        .execute(),
    insertFlow: (flow: Insertable<SignInFlowsTable>) => db.insertInto('sign_in_flows').values(flow).execute(),
    /** Takes the flow of this state once: a replayed callback finds nothing. */
    takeFlow: (stateHash: string) =>
      db.deleteFrom('sign_in_flows').where('state_hash', '=', stateHash).returningAll().executeTakeFirst(),
    /** Deletes the flows past their expiry (by the database's clock); how many. */
    deleteExpiredFlows: async () =>
      Number((await db.deleteFrom('sign_in_flows').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst()).numDeletedRows),
  };
}
export const createExternalSignInRepository = repository(externalSignInStatements);
export type ExternalSignInRepository = ReturnType<typeof createExternalSignInRepository>;
