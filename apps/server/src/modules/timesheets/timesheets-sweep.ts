import type { FastifyBaseLogger } from 'fastify';
import type { TimesheetsService } from './timesheets.service';

/** How often entries left open are looked for; a clock-in or clock-out checks the person's at once. */
const SWEEP_EVERY_MS = 5 * 60 * 1000;

export interface TimesheetSweep {
  /** Sweeps now, then every five minutes. */
  start(): void;
  /** Sweeps now, after any sweep under way; how many entries it closed (tests make time pass in SQL, then call it). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The closing of time entries left open past their shop's maximum shift length, in this process. */
    timesheetSweep: TimesheetSweep;
  }
}

/**
 * Closes time entries left open past their shop's maximum shift length, at that length and flagged,
 * when the server starts and every five minutes, in every server process: each entry is closed by one
 * conditional update, so sweeps running side by side close it once.
 */
export function createTimesheetSweep(
  timesheets: Pick<TimesheetsService, 'closeStale'>,
  logger: FastifyBaseLogger,
): TimesheetSweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  function sweep(): Promise<number> {
    const once = running.then(() => timesheets.closeStale());
    running = once.then(
      (closed) => {
        if (closed > 0) {
          logger.info({ closed }, 'closed time entries left open past the longest shift');
        }
      },
      (error: unknown) =>
        logger.warn({ err: error }, 'closing time entries left open failed; trying again in five minutes'),
    );
    return once;
  }

  return {
    start() {
      void sweep().catch(() => undefined);
      timer = setInterval(() => void sweep().catch(() => undefined), SWEEP_EVERY_MS);
      timer.unref();
    },
    runOnce: sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
