import { loadConfig, loadDotEnv } from '../config';
import { openDatabase } from './database';
import { migrate } from './migrate';

// `npm run migrate`: applies pending migrations to the configured database and exits.
loadDotEnv();
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const applied = await migrate(database);
  console.log(applied.length > 0 ? `applied ${applied.join(', ')}` : 'the database is up to date');
} finally {
  await database.close();
}
