import type { FastifyBaseLogger } from 'fastify';
import type { Publisher } from '../../messaging/publisher';
import type { EventsRepository, OutboxRow } from './events.repository';

export interface RelayOptions {
  outbox: EventsRepository;
  publisher: Publisher;
  logger: FastifyBaseLogger;
  /** Events claimed at a time; up to twice this many await their confirm at once. */
  batchSize?: number;
  /** How long a claimed event is ours; a relay that dies lets it go after this. */
  leaseMs?: number;
  /**
   * Poll interval when idle. A dispatch wakes the relay at once through `kick`: in this process
   * directly, from other processes through PostgreSQL's NOTIFY (see db/listener.ts).
   */
  idlePollMs?: number;
}

export interface OutboxRelay {
  start(): void;
  kick(): void;
  /**
   * Publishes events this process wrote already leased to itself (`write` with `claimForMs`),
   * without claiming them; a relay that is stopped leaves them to the lease.
   */
  take(rows: OutboxRow[]): void;
  /** Publishes every due event once; returns how many were published. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** How long a claimed event is ours unless told otherwise. */
export const DEFAULT_LEASE_MS = 30_000;

/** 1 s, 2 s, 4 s … capped at a minute, with ±20 % jitter so relays do not retry in lockstep. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Collects the ids of confirmed events and marks them in one statement per round trip: while one
 * UPDATE runs, the confirms that arrive meanwhile wait for the next. `add` resolves once the id's
 * row is marked, and rejects if its statement failed (the row then stays leased, and is published
 * again once the lease lapses).
 */
function createMarker(outbox: EventsRepository) {
  let waiting: { id: string; done: () => void; failed: (error: unknown) => void }[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await outbox.markPublished(batch.map((entry) => entry.id));
        batch.forEach((entry) => entry.done());
      } catch (error) {
        batch.forEach((entry) => entry.failed(error));
      }
    }
    flushing = false;
  }

  return {
    add(id: string): Promise<void> {
      return new Promise<void>((done, failed) => {
        waiting.push({ id, done, failed });
        if (!flushing) {
          void flush();
        }
      });
    },
  };
}

/**
 * Publishes what the outbox holds and marks it sent, only after the broker's confirm. A crash
 * between the confirm and the mark leaves the lease to expire, and the event is published again:
 * at least once, never lost.
 *
 * Claims and confirms overlap: an event committed while others await their confirm is claimed at
 * once, not after them, and confirmed events are marked in batches (createMarker).
 */
export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const { outbox, publisher, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const maxInFlight = batchSize * 2;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const idlePollMs = options.idlePollMs ?? 1000;
  const marker = createMarker(outbox);
  const inFlight = new Set<Promise<boolean>>();
  let running = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  let kicked = false;
  let loop: Promise<void> | undefined;

  async function publishOne(row: OutboxRow): Promise<boolean> {
    try {
      await publisher.publish({
        id: row.id,
        type: row.type,
        routingKey: row.routing_key,
        topic: row.topic,
        body: Buffer.from(JSON.stringify(row.payload)),
        timestamp: row.created_at,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = retryDelayMs(row.attempts);
      logger.warn({ eventId: row.id, routingKey: row.routing_key, attempts: row.attempts, reason }, 'publish failed; will retry');
      await outbox.markRetry(row.id, reason, delay);
      return false;
    }
    await marker.add(row.id);
    return true;
  }

  function track(work: Promise<boolean>): Promise<boolean> {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, (error: unknown) => {
      forget();
      logger.error({ err: error }, 'outbox relay could not record a publish; the event is published again after its lease');
    });
    return work;
  }

  /**
   * Claims due events until none is left, publishing each as it is claimed, and adds the publishes
   * it started to `started` without waiting for them. Stops claiming after a failed publish, so a
   * broker that is down is not offered the whole backlog at once.
   */
  async function claimAll(started: Promise<boolean>[] = []): Promise<void> {
    let failed = false;
    for (;;) {
      while (inFlight.size > maxInFlight - batchSize && !failed) {
        await Promise.race(inFlight).catch(() => undefined);
      }
      if (failed) {
        break;
      }
      const rows = await outbox.claimDue(batchSize, leaseMs);
      for (const row of rows) {
        started.push(
          track(
            publishOne(row).then((ok) => {
              failed ||= !ok;
              return ok;
            }),
          ),
        );
      }
      if (rows.length < batchSize) {
        break;
      }
    }
  }

  async function runOnce(): Promise<number> {
    const started: Promise<boolean>[] = [];
    await claimAll(started);
    const results = await Promise.all(started);
    return results.filter(Boolean).length;
  }

  function sleep(): Promise<void> {
    if (kicked) {
      kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, idlePollMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  return {
    runOnce,
    start() {
      if (running) {
        return;
      }
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await claimAll();
          } catch (error) {
            logger.error({ err: error }, 'outbox relay could not read the outbox');
          }
          if (running) {
            await sleep();
          }
        }
      })();
    },
    take(rows) {
      if (stopped) {
        return;
      }
      for (const row of rows) {
        void track(publishOne(row));
      }
    },
    kick() {
      if (wake) {
        wake();
      } else {
        kicked = true;
      }
    },
    async stop() {
      running = false;
      stopped = true;
      wake?.();
      await loop;
      await Promise.allSettled(inFlight);
    },
  };
}
