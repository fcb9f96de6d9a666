import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

/** The channel migration 0011's trigger notifies on every transaction that writes outbox events. */
export const OUTBOX_CHANNEL = 'outbox_events';
/** The listener's `application_name`, as pg_stat_activity shows it. */
export const OUTBOX_LISTENER_NAME = 'myb-outbox-listener';

export interface OutboxListener {
  /** Resolves once listening the first time; connection failures are retried in the background. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * Calls `wake` whenever any process commits outbox events on this PostgreSQL database, through
 * LISTEN on a connection of its own (a pooled one would lose the LISTEN when handed back). Also
 * calls it after every (re)connection, since notices sent while disconnected are gone; the
 * relay's poll covers the time it takes to reconnect.
 */
export function listenForOutboxEvents(url: string, wake: () => void, logger: FastifyBaseLogger): OutboxListener {
  let closing = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function open(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: OUTBOX_LISTENER_NAME, keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) {
        wake();
      }
    });
    // An 'error' without a handler would end the process; 'end' follows it and reconnects.
    next.on('error', (error) => logger.warn({ err: error }, 'outbox listener: connection error'));
    next.once('end', () => {
      if (client === next) {
        client = undefined;
      }
      if (!closing) {
        logger.warn('outbox listener: connection lost; reconnecting (the relay polls meanwhile)');
        schedule(0);
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  }

  function schedule(failures: number): void {
    if (closing || timer !== undefined) {
      return;
    }
    timer = setTimeout(
      () => {
        timer = undefined;
        open().then(
          () => {
            if (closing) {
              void client?.end().catch(() => undefined);
              return;
            }
            markReady();
            wake();
          },
          (error: unknown) => {
            logger.warn({ err: error }, 'outbox listener: cannot LISTEN; retrying (the relay polls meanwhile)');
            schedule(failures + 1);
          },
        );
      },
      failures === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1)),
    );
  }
  schedule(0);

  return {
    ready,
    async close() {
      closing = true;
      clearTimeout(timer);
      timer = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
