import type { FastifyBaseLogger } from 'fastify';
import { listenToDatabase, REORDER_CHANNEL, type DatabaseListener } from '../../db/listener';
import type { DatabaseHandle } from '../../db/database';
import { REORDER_BATCH, type ReorderService } from './reorder.service';

/** After a failed evaluation, the queue is tried again this much later. */
const RETRY_MS = 5_000;
/**
 * How long a notice waits before the queue is taken, so that the products a burst of sales queues are
 * evaluated together, in one transaction per shop, rather than one sale's at a time.
 */
const GATHER_MS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReorderWorker {
  /** Listens for products being queued (in any process) and evaluates them; once now, for what waits. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Evaluates the reorder rules of queued products as they are queued: the triggers of migration 0034
 * notify `reorder_checks` when they queue one, which wakes this worker in every server process
 * (PostgreSQL's LISTEN; PGlite's own notices), and the processes share the queue (each batch is
 * taken with SKIP LOCKED). Once a day, and at start, every product under its minimum is queued
 * again, for what a failure or a change the triggers do not see (a supplier's terms) left behind.
 */
export function createReorderWorker(
  database: Pick<DatabaseHandle, 'kind' | 'listenInProcess' | 'url'>,
  reorder: Pick<ReorderService, 'evaluateQueued' | 'sweep'>,
  logger: FastifyBaseLogger,
): ReorderWorker {
  let listener: DatabaseListener | undefined;
  let draining: Promise<void> = Promise.resolve();
  let running = false;
  let again = false;
  let stopped = false;
  let gathering: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let nightly: NodeJS.Timeout | undefined;

  async function drain(): Promise<void> {
    running = true;
    again = false;
    try {
      // Full batches (a backlog) one after another; a partial one waits for the next gathering, so
      // that under a steady stream of sales the rules are evaluated a few times a second, not per sale.
      while (!stopped && (await reorder.evaluateQueued()) === REORDER_BATCH) {
        // A backlog: the next batch at once.
      }
    } catch (error) {
      logger.warn({ err: error }, 'reorder rules: evaluating the queue failed; trying again shortly');
      retry = setTimeout(kick, RETRY_MS);
      retry.unref();
    } finally {
      running = false;
    }
    // Notices that came while it ran: the queue is taken again after the next gathering.
    if (again) {
      kick();
    }
  }

  function kick(): void {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    gathering ??= setTimeout(() => {
      gathering = undefined;
      draining = drain();
    }, GATHER_MS);
  }

  async function sweep(): Promise<void> {
    try {
      const queued = await reorder.sweep();
      logger.info({ queued }, 'reorder rules: products under their minimum queued by the daily sweep');
    } catch (error) {
      logger.warn({ err: error }, 'reorder rules: the daily sweep failed; it runs again tomorrow');
    }
    kick();
  }

  return {
    async start() {
      listener = listenToDatabase(database, { [REORDER_CHANNEL]: kick }, logger, 'myb-reorder-listener');
      await listener.ready;
      void sweep();
      nightly = setInterval(() => void sweep(), DAY_MS);
      nightly.unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(gathering);
      clearTimeout(retry);
      clearInterval(nightly);
      await listener?.close();
      await draining;
    },
  };
}
