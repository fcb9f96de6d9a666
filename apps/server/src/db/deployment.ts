import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The id of the deployment this database belongs to (migration 0014 made it, once). */
export async function deploymentId(db: Kysely<Database>): Promise<string> {
  return (await db.selectFrom('deployment').select('id').executeTakeFirstOrThrow()).id;
}
