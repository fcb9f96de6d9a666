import type { FastifyBaseLogger } from 'fastify';
import type { Publisher } from '../messaging/publisher';
import type { OutboxRepository, OutboxRow } from './outbox.repository';

export interface RelayOptions {
  outbox: OutboxRepository;
  publisher: Publisher;
  logger: FastifyBaseLogger;
  batchSize?: number;
  /** How long a claimed event is ours; a relay that dies lets it go after this. */
  leaseMs?: number;
  /** Poll interval when idle; a dispatch in this process wakes the relay at once through `kick`. */
  idlePollMs?: number;
}

export interface OutboxRelay {
  start(): void;
  kick(): void;
  /** Publishes every due event once; returns how many were published. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** 1 s, 2 s, 4 s … capped at a minute, with ±20 % jitter so relays do not retry in lockstep. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Publishes what the outbox holds and marks it sent. A crash between the broker's confirm and the
 * mark leaves the lease to expire, and the event is published again: at least once, never lost.
 */
export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const { outbox, publisher, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const idlePollMs = options.idlePollMs ?? 1000;
  let running = false;
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
      await outbox.markPublished(row.id);
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = retryDelayMs(row.attempts);
      logger.warn({ eventId: row.id, routingKey: row.routing_key, attempts: row.attempts, reason }, 'publish failed; will retry');
      await outbox.markRetry(row.id, reason, delay);
      return false;
    }
  }

  async function runOnce(): Promise<number> {
    let published = 0;
    for (;;) {
      const rows = await outbox.claimDue(batchSize, leaseMs);
      if (rows.length === 0) {
        return published;
      }
      // Confirms are pipelined: the whole batch is in flight at once.
      const results = await Promise.all(rows.map(publishOne));
      published += results.filter(Boolean).length;
      if (results.some((ok) => !ok)) {
        return published;
      }
    }
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
            await runOnce();
          } catch (error) {
            logger.error({ err: error }, 'outbox relay could not read the outbox');
          }
          if (running) {
            await sleep();
          }
        }
      })();
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
      wake?.();
      await loop;
    },
  };
}
