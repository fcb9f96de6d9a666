import amqp from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { deploymentId } from '../db/deployment';
import type { Database } from '../db/schema';

/** The receipts queue every deployment shared before each had its own. */
export const LEGACY_RECEIPTS_QUEUE = 'myb.receipts';

/**
 * The AMQP queue this server reads agents' receipts from: the one configured (`RECEIPTS_QUEUE`), or
 * `myb.receipts.<deployment id>`. Every server process on one database reads the same queue (each
 * receipt goes to one of them); another database is another deployment, with a queue of its own. A
 * topic exchange copies each receipt to every queue bound to its key, so each deployment on a virtual
 * host gets its own copy and none takes another's.
 */
export async function receiptsQueueFor(db: Kysely<Database>, configured: string | undefined): Promise<string> {
  return configured ?? `${LEGACY_RECEIPTS_QUEUE}.${await deploymentId(db)}`;
}

/**
 * Says so when the queue of earlier versions is still on the broker while this server reads another:
 * it still receives a copy of every receipt, which nobody reads. Only a warning: a deployment of an
 * earlier version on the same virtual host may still be reading it.
 */
export async function warnOfLegacyReceiptsQueue(url: string, queue: string, logger: FastifyBaseLogger): Promise<void> {
  if (queue === LEGACY_RECEIPTS_QUEUE) {
    return;
  }
  const connection = await amqp.connect(url, { clientProperties: { connection_name: 'myb-receipts-check' } });
  try {
    const channel = await connection.createChannel();
    // A queue that does not exist closes the channel with 404: nothing to say.
    channel.on('error', () => undefined);
    const legacy = await channel.checkQueue(LEGACY_RECEIPTS_QUEUE).catch(() => undefined);
    if (legacy) {
      logger.warn(
        { queue: LEGACY_RECEIPTS_QUEUE, messages: legacy.messageCount, consumers: legacy.consumerCount, readingFrom: queue },
        `The queue ${LEGACY_RECEIPTS_QUEUE}, which earlier versions read receipts from, still exists (${legacy.messageCount} receipts waiting, ${legacy.consumerCount} readers) and receives a copy of every receipt. This server reads ${queue}. Once no server of an earlier version uses it, delete it (rabbitmqctl delete_queue ${LEGACY_RECEIPTS_QUEUE}).`,
      );
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}
