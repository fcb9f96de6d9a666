import { join } from 'node:path';
import { startAgent, type AgentLogger, type RunningAgent } from '@myb/supplier-agent';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { createSuppliersRepository } from '../modules/suppliers/suppliers.repository';

/** The agents running inside the server, one per supplier, following the suppliers as they change. */
export interface DemoAgents {
  /**
   * Reads the suppliers afresh and starts an agent for each new one, stops the agents of suppliers
   * gone, and moves an agent whose address (shop or supplier slug) changed. Calls made while it
   * works are gathered into one more pass after it. Called on every change the database notifies.
   */
  follow(): void;
  /** Resolves once every pass asked for so far is done and every agent running is subscribed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

interface Running {
  supplierId: string;
  agent: RunningAgent;
}

const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Runs one supplier agent per supplier inside the server process, on the same broker, so that
 * `npm start` shows mail arriving without a second program. In production each supplier runs its own.
 * Each agent reads its supplier's recipients from the database for every message, so a changed
 * e-mail address is used from the next message on, without a restart.
 */
export function runDemoAgents(db: Kysely<Database>, config: Config, brokerUrl: string, logger: AgentLogger): DemoAgents {
  const suppliers = createSuppliersRepository(db);
  const agents = new Map<string, Running>();
  let closed = false;
  let pass: Promise<void> = Promise.resolve();
  let again = false;
  let passing = false;
  let retry: NodeJS.Timeout | undefined;

  function start(key: string, supplier: { id: string; merchant_id: string; merchant_slug: string; slug: string }): Running {
    const agent = startAgent({
      merchant: supplier.merchant_slug,
      supplier: supplier.slug,
      broker:
        config.broker.kind === 'amqp'
          ? { kind: 'amqp', url: brokerUrl, exchange: config.broker.exchange }
          : { kind: 'mqtt', url: brokerUrl },
      recipients: {
        kind: 'read',
        read: async () => (await suppliers.find(supplier.merchant_id, supplier.id))?.emails ?? [],
      },
      mail: config.mail,
      stateDir: join(config.dataDir, 'agents', key),
      logger,
    });
    return { supplierId: supplier.id, agent };
  }

  /** One pass: the agents to match the supplier rows as they are now. */
  async function reconcile(): Promise<void> {
    const wanted = new Map(
      (await suppliers.listAllWithMerchant()).map((supplier) => [`${supplier.merchant_slug}.${supplier.slug}`, supplier]),
    );
    if (closed) {
      return;
    }
    const stopping: Promise<void>[] = [];
    for (const [key, running] of agents) {
      if (wanted.get(key)?.id !== running.supplierId) {
        agents.delete(key);
        logger.info({ agent: key }, 'supplier gone or moved: its agent stops');
        stopping.push(running.agent.close());
      }
    }
    // An agent moved to a new address lets go of the old one before the new one subscribes.
    await Promise.all(stopping);
    // Not waiting for them to subscribe: a pass behind a broker that is down would hold up the next.
    for (const [key, supplier] of wanted) {
      if (!agents.has(key) && !closed) {
        agents.set(key, start(key, supplier));
        logger.info({ agent: key }, 'supplier agent starts');
      }
    }
  }

  function follow(): void {
    if (closed) {
      return;
    }
    if (passing) {
      again = true;
      return;
    }
    passing = true;
    pass = (async () => {
      do {
        again = false;
        try {
          await reconcile();
        } catch (error) {
          logger.error({ err: error }, 'could not read the suppliers to run their agents; trying again shortly');
          clearTimeout(retry);
          retry = setTimeout(follow, RETRY_AFTER_FAILURE_MS);
        }
      } while (again && !closed);
      passing = false;
    })();
  }

  return {
    follow,
    async settled() {
      // A pass may have asked for another; wait until none is running, then for its agents to subscribe.
      while (passing) {
        await pass;
      }
      await Promise.all([...agents.values()].map((running) => running.agent.ready.catch(() => undefined)));
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await pass;
      await Promise.all([...agents.values()].map((running) => running.agent.close()));
      agents.clear();
    },
  };
}
