import { sql } from 'kysely';

/**
 * The columns that archive a row (by `by`) or restore it (null): archiving twice keeps the first time
 * and person. Products and suppliers are archived, never deleted, once they have history.
 */
export const archiveColumns = (by: string | null) =>
  by === null
    ? { archived_at: null, archived_by: null }
    : {
        archived_at: sql<Date>`coalesce(archived_at, now())`,
        archived_by: sql<string>`coalesce(archived_by, ${by}::uuid)`,
      };
