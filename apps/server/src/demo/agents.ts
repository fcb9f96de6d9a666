import { join } from 'node:path';
import { startAgent, type AgentLogger, type RunningAgent } from '@myb/supplier-agent';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { createSuppliersRepository } from '../modules/suppliers/suppliers.repository';

/**
 * Runs one supplier agent per supplier inside the server process, on the same broker, so that
 * `npm start` shows mail arriving without a second program. In production each supplier runs its own.
 */
export async function startDemoAgents(
  db: Kysely<Database>,
  config: Config,
  brokerUrl: string,
  logger: AgentLogger,
): Promise<RunningAgent[]> {
  const suppliers = await createSuppliersRepository(db).listAllWithMerchant();
  const agents = suppliers.map((supplier) =>
    startAgent({
      merchant: supplier.merchant_slug,
      supplier: supplier.slug,
      broker:
        config.broker.kind === 'amqp'
          ? { kind: 'amqp', url: brokerUrl, exchange: config.broker.exchange }
          : { kind: 'mqtt', url: brokerUrl },
      recipients: { kind: 'list', emails: supplier.emails },
      mail: config.mail,
      stateDir: join(config.dataDir, 'agents', `${supplier.merchant_slug}.${supplier.slug}`),
      logger,
    }),
  );
  await Promise.all(agents.map((agent) => agent.ready));
  return agents;
}
