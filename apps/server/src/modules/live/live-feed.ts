import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../../db/database';
import { LIVE_CHANNEL, listenToDatabase, type DatabaseListener } from '../../db/listener';
import { changesBetween, SEQUENCE_BATCH, type LiveChangeRow, type LiveRepository } from './live.repository';

/**
 * Between two sequencings when nothing wakes the feed: a change written in any process reaches the
 * streams of every process within this (and at once in the process that sequences it, which then
 * notifies the others).
 */
const SEQUENCE_EVERY_MS = 250;
const RETRY_MS = 2_000;

export type LiveListener = (changes: LiveChangeRow[]) => void;

export interface LiveFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The last change handed to the listeners: a stream opened now hears every change after it. */
  lastId(): number;
  /** Hears each batch of changes, in order, as this process reads them; answers the unsubscribing. */
  subscribe(listener: LiveListener): () => void;
  /** How many listen (streams open in this process). */
  listeners(): number;
  /** Sequences what is pending and hands out what is new, after any round under way (tests). */
  flush(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What this process's live streams hear. */
    liveFeed: LiveFeed;
  }
}

/**
 * The live changes of this process: a few times a second it sequences what writers left pending (one
 * process at a time does it, `sequence_live_changes`), reads the changes after the last one it read,
 * and hands them to every open stream. Another process's sequencing notifies `live_changes`
 * (PostgreSQL's LISTEN; PGlite's own notices), which starts a round at once.
 */
export function createLiveFeed(
  database: Pick<DatabaseHandle, 'kind' | 'listenInProcess' | 'url'>,
  live: Pick<LiveRepository, 'sequence' | 'lastId' | 'changesBetween'>,
  logger: FastifyBaseLogger,
): LiveFeed {
  const listeners = new Set<LiveListener>();
  let last = 0;
  let listener: DatabaseListener | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  async function round(): Promise<void> {
    while (((await live.sequence()) ?? 0) >= SEQUENCE_BATCH && !stopped) {
      // A backlog: the next batch at once.
    }
    for await (const batch of changesBetween(live, last, Number.MAX_SAFE_INTEGER)) {
      last = batch.at(-1)!.id;
      for (const hear of listeners) {
        hear(batch);
      }
    }
  }

  function run(): Promise<void> {
    if (stopped) {
      return Promise.resolve();
    }
    if (running) {
      again = true;
      return running;
    }
    clearTimeout(timer);
    running = round()
      .then(
        () => schedule(SEQUENCE_EVERY_MS),
        (error: unknown) => {
          logger.warn({ err: error }, 'live changes: a round failed; trying again shortly');
          schedule(RETRY_MS);
        },
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  }

  function schedule(ms: number): void {
    if (!stopped) {
      timer = setTimeout(() => void run(), ms);
      timer.unref();
    }
  }

  return {
    async start() {
      last = await live.lastId();
      listener = listenToDatabase(
        database,
        { [LIVE_CHANNEL]: () => void run() },
        logger,
        'myb-live-listener',
      );
      await listener.ready;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await listener?.close();
      await running;
    },
    lastId: () => last,
    subscribe(hear) {
      listeners.add(hear);
      return () => listeners.delete(hear);
    },
    listeners: () => listeners.size,
    async flush() {
      await running;
      await run();
    },
  };
}
