import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { DatabaseHandle } from './database';
import { reconnecting } from '../messaging/reconnecting';

/** The channel migration 0011's trigger notifies on every transaction that writes outbox events. */
export const OUTBOX_CHANNEL = 'outbox_events';
/** The channel migration 0014's triggers notify on every statement that changes suppliers or shops. */
export const SUPPLIERS_CHANNEL = 'suppliers';
/** The channel migration 0034's triggers notify when they queue products for their reorder rules. */
export const REORDER_CHANNEL = 'reorder_checks';
/** The channel migration 0043's sequencing notifies when it has sequenced live changes. */
export const LIVE_CHANNEL = 'live_changes';
/** The listener's `application_name`, as pg_stat_activity shows it. */
export const OUTBOX_LISTENER_NAME = 'myb-outbox-listener';

export type DatabaseChannel =
  | typeof OUTBOX_CHANNEL
  | typeof SUPPLIERS_CHANNEL
  | typeof REORDER_CHANNEL
  | typeof LIVE_CHANNEL;
/** What to call on a notice of each channel; also called after every (re)connection. */
export type ChannelHandlers = Partial<Record<DatabaseChannel, () => void>>;

export interface DatabaseListener {
  /** Resolves once listening the first time; connection failures are retried in the background. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls each channel's handler whenever any process commits a change that notifies it, and once
 * after every (re)connection, since notices sent while disconnected are gone: a handler reads the
 * state afresh rather than trusting it heard everything. PostgreSQL: LISTEN on a connection of its
 * own (a pooled one would lose the LISTEN when handed back), reconnecting with backoff. PGlite: its
 * one session notifies this process at each commit.
 */
export function listenToDatabase(
  database: Pick<DatabaseHandle, 'kind' | 'listenInProcess'> & { url?: string },
  handlers: ChannelHandlers,
  logger: FastifyBaseLogger,
  /** The connection's `application_name` on PostgreSQL. */
  name = OUTBOX_LISTENER_NAME,
): DatabaseListener {
  const channels = Object.keys(handlers) as DatabaseChannel[];
  const wakeAll = () => channels.forEach((channel) => handlers[channel]?.());
  if (database.kind === 'pglite') {
    const listen = database.listenInProcess;
    if (!listen) {
      throw new Error('this PGlite handle cannot listen');
    }
    const unlistening = Promise.all(channels.map((channel) => listen(channel, () => handlers[channel]?.())));
    const ready = unlistening.then(wakeAll);
    return {
      ready,
      async close() {
        await Promise.all((await unlistening).map((unlisten) => unlisten()));
      },
    };
  }
  if (!database.url) {
    throw new Error('listening on PostgreSQL needs its URL');
  }
  return listenOnPostgres(database.url, handlers, logger, name);
}

function listenOnPostgres(url: string, handlers: ChannelHandlers, logger: FastifyBaseLogger, name: string): DatabaseListener {
  const channels = Object.keys(handlers) as DatabaseChannel[];
  let client: pg.Client | undefined;

  async function open(): Promise<void> {
    const next = new pg.Client({
      connectionString: url,
      application_name: name,
      keepAlive: true,
    });
    next.on('notification', (message) => handlers[message.channel as DatabaseChannel]?.());
    // An 'error' without a handler would end the process; 'end' follows it and reconnects.
    next.on('error', (error) => logger.warn({ err: error }, 'database listener: connection error'));
    next.once('end', () => {
      if (client === next) {
        client = undefined;
      }
      if (!listening.stopped) {
        logger.warn('database listener: connection lost; reconnecting (the relay polls meanwhile)');
        listening.reopen();
      }
    });
    try {
      await next.connect();
      for (const channel of channels) {
        await next.query(`LISTEN ${channel}`);
      }
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
    onOpen: () => channels.forEach((channel) => handlers[channel]?.()),
    onError: (error) =>
      logger.warn({ err: error }, 'database listener: cannot LISTEN; retrying (the relay polls meanwhile)'),
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
