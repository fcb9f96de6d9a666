import type { FastifyBaseLogger } from 'fastify';
import type { EscalationService } from './escalation.service';

/** The longest the scheduler sleeps: anything sent meanwhile is due an hour later at the soonest. */
const MAX_SLEEP_MS = 5 * 60 * 1000;
/** After a step failed (the mail server down, say), it is tried again no sooner than this. */
const RETRY_MS = 60 * 1000;
/** Between two runs at least this, so a step due now that keeps failing cannot spin. */
const MIN_SLEEP_MS = 1000;

export interface EscalationScheduler {
  /** Runs what is due now, then sleeps until the next step is due, five minutes at most. */
  start(): Promise<void>;
  /** Takes the steps due now, after any run under way (tests make time pass in SQL, then call it). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The escalation of unacknowledged purchase orders and order messages running in this process. */
    escalation: EscalationScheduler;
  }
}

/**
 * One scheduler for every kind escalated (purchase orders, dispatched orders' messages): wakes when
 * the next step of an unacknowledged one's escalation is due (read from the
 * database) and at least every five minutes, in every server process: each step is recorded once, in
 * the transaction that takes it, so processes running side by side never take one twice.
 */
export function createEscalationScheduler(
  escalation: Pick<EscalationService, 'runDue' | 'nextDueInMs'>,
  logger: FastifyBaseLogger,
): EscalationScheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  /** One run, then the next wake-up: at once for a full batch, later after a failure. */
  async function run(): Promise<void> {
    let sleep = MAX_SLEEP_MS;
    try {
      const { looked, failed } = await escalation.runDue();
      const next = await escalation.nextDueInMs();
      sleep = Math.min(next ?? MAX_SLEEP_MS, MAX_SLEEP_MS);
      if (failed > 0) {
        sleep = Math.max(sleep, RETRY_MS);
      } else if (looked === 0 && sleep === 0) {
        // Due, yet nothing was: an acknowledgement took it meanwhile; look again shortly.
        sleep = MIN_SLEEP_MS;
      }
    } catch (error) {
      sleep = RETRY_MS;
      logger.warn(
        { err: error },
        'escalating what suppliers have not acknowledged failed; trying again in a minute',
      );
    }
    if (!stopped) {
      clearTimeout(timer);
      timer = setTimeout(wake, Math.max(sleep, MIN_SLEEP_MS));
      timer.unref();
    }
  }

  function wake(): void {
    running = running.then(run);
  }

  return {
    async start() {
      wake();
    },
    async runOnce() {
      const once = running.then(() => escalation.runDue());
      running = once.then(
        () => undefined,
        () => undefined,
      );
      await once;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
