import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { reconnecting } from '../messaging/reconnecting';

/** The channel migration 0011's trigger notifies on every transaction that writes outbox events. */
export const OUTBOX_CHANNEL = 'outbox_events';
/** The listener's `application_name`, as pg_stat_activity shows it. */
export const OUTBOX_LISTENER_NAME = 'myb-outbox-listener';

export interface OutboxListener {
  /** Resolves once listening the first time; connection failures are retried in the background. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `wake` whenever any process commits outbox events on this PostgreSQL database, through
 * LISTEN on a connection of its own (a pooled one would lose the LISTEN when handed back). Also
 * calls it after every (re)connection, since notices sent while disconnected are gone; the
 * relay's poll covers the time it takes to reconnect.
 */
export function listenForOutboxEvents(
  url: string,
  wake: () => void,
  logger: FastifyBaseLogger,
): OutboxListener {
  let client: pg.Client | undefined;

  async function open(): Promise<void> {
    const next = new pg.Client({
      connectionString: url,
      application_name: OUTBOX_LISTENER_NAME,
      keepAlive: true,
    });
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
      if (!listening.stopped) {
        logger.warn('outbox listener: connection lost; reconnecting (the relay polls meanwhile)');
        listening.reopen();
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
    if (listening.stopped) {
      // Closed while connecting: nobody will end this one.
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  }

  const listening = reconnecting(open, {
    onOpen: wake,
    onError: (error) =>
      logger.warn({ err: error }, 'outbox listener: cannot LISTEN; retrying (the relay polls meanwhile)'),
  });

  return {
    ready: listening.ready,
    async close() {
      listening.stop();
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
