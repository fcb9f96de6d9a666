import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** A repository on the database that also runs inside a caller's transaction: `users.within(trx).findById(id)`. */
export type Repository<Statements> = Statements & { within(trx: Kysely<Database>): Repository<Statements> };

/**
 * Makes a repository's factory from its statements. A service receives the repository and, for the
 * writes of one request, runs it `within` that request's transaction, so it never builds one itself.
 */
export function repository<Statements>(statements: (db: Kysely<Database>) => Statements) {
  const on = (db: Kysely<Database>): Repository<Statements> => ({ ...statements(db), within: on });
  return on;
}
