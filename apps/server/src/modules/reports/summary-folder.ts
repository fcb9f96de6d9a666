import type { FastifyBaseLogger } from 'fastify';
import { FOLD_BATCH, type ReportsRepository } from './reports.repository';

/** Between two folds. Readers add what is pending, so this only bounds how much they add. */
const FOLD_EVERY_MS = 2_000;

export interface SummaryFolder {
  start(): Promise<void>;
  /** Folds everything pending now, after any fold under way (tests and benchmarks call it). */
  foldAll(): Promise<void>;
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The folding of pending sales figures into the summaries running in this process. */
    salesSummaries: SummaryFolder;
  }
}

/**
 * Moves the figures sales leave pending into the sales summaries, every two seconds, in every server
 * process: each fold takes rows no other fold holds (SKIP LOCKED), so processes share the work.
 */
export function createSummaryFolder(
  reports: Pick<ReportsRepository, 'fold'>,
  logger: FastifyBaseLogger,
): SummaryFolder {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function foldPending(): Promise<void> {
    while ((await reports.fold()) >= FOLD_BATCH && !stopped) {
      // A backlog: the next batch at once.
    }
  }

  function schedule(): void {
    if (!stopped) {
      timer = setTimeout(tick, FOLD_EVERY_MS);
      timer.unref();
    }
  }

  function tick(): void {
    running = running
      .then(foldPending)
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'sales summaries: folding failed; trying again shortly'),
      )
      .finally(schedule);
  }

  return {
    async start() {
      tick();
    },
    async foldAll() {
      const once = running.then(foldPending);
      running = once.catch(() => undefined);
      await once;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
