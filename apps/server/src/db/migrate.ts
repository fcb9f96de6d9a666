import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './database';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant works; it only has to be the same for every process migrating a database. */
const MIGRATION_LOCK_KEY = 7_291_020_001;

/**
 * Applies the numbered SQL files in migrations/ that this database has not seen, each in its own
 * transaction, in file-name order, and returns their names. Several processes starting at once on
 * PostgreSQL take turns through an advisory lock, so each file runs exactly once.
 */
export async function migrate(database: DatabaseHandle): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file)).sort();
  return database.withSession(async (exec) => {
    const lock = database.kind === 'postgres';
    if (lock) {
      await exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    }
    try {
      await exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await exec('SELECT name FROM schema_migrations')).map((row) => String(row.name)));
      const applied: string[] = [];
      for (const file of files.filter((name) => !done.has(name))) {
        const script = await readFile(MIGRATIONS_DIR + file, 'utf8');
        // File names are checked against the pattern above, so quoting them is safe.
        await exec(`BEGIN;\n${script}\nINSERT INTO schema_migrations (name) VALUES ('${file}');\nCOMMIT;`);
        applied.push(file);
      }
      return applied;
    } catch (error) {
      await exec('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (lock) {
        await exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      }
    }
  });
}
