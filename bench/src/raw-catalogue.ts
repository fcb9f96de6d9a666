import { fileURLToPath } from 'node:url';
import { startRawServer, type RawServer } from './raw-server';

const SERVER = fileURLToPath(new URL('./raw-catalogue-server.ts', import.meta.url));

/** The bare Fastify + pg catalogue (raw-catalogue-server.ts) as a child process, like the product's server. */
export const startRawCatalogueServer = (databaseUrl: string, poolSize: number): Promise<RawServer> =>
  startRawServer(SERVER, { DATABASE_URL: databaseUrl, POOL_SIZE: String(poolSize) });
