import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';

/** The demo shops and their suppliers (apps/server/src/demo/seed.ts): one agent queue each. */
const DEMO_ROUTES = [
  ['acme', 'bolt-co'],
  ['acme', 'toolworks'],
  ['green-grocer', 'fresh-farms'],
  ['green-grocer', 'orchard-direct'],
] as const;

/** The demo agents' queues and their dead-letter queues (apps/supplier-agent/src/amqp.ts). */
export const DEMO_AGENT_QUEUES = DEMO_ROUTES.flatMap(([merchant, supplier]) => {
  const queue = `myb.${merchant}.${supplier}`;
  return [queue, `${queue}.dead`];
});

export interface PrivateExchange {
  name: string;
  /** The server's receipts queue for this run (`RECEIPTS_QUEUE`), so runs never read each other's receipts. */
  receiptsQueue: string;
  /** Deletes the exchange, the receipts queue and the demo agents' queues; call once the server has stopped. */
  remove(): Promise<void>;
}

async function withChannel<T>(url: string, work: (channel: amqp.Channel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    return await work(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function deleteAgentQueues(channel: amqp.Channel): Promise<void> {
  for (const queue of DEMO_AGENT_QUEUES) {
    await channel.deleteQueue(queue);
  }
}

/**
 * A topic exchange of this run's own, so the demo's fixed routing keys (`acme.bolt-co`…) do not
 * reach, or come from, another suite on the same broker. Declared as the agent declares it (durable),
 * and deleted afterwards. The demo agents' queues are deleted before (a crashed run may have left
 * messages in them) and after.
 */
export async function declarePrivateExchange(url: string): Promise<PrivateExchange> {
  const name = `myb.e2e.${Date.now()}.${randomBytes(4).toString('hex')}`;
  await withChannel(url, async (channel) => {
    await deleteAgentQueues(channel);
    await channel.assertExchange(name, 'topic', { durable: true, autoDelete: false });
  });
  const receiptsQueue = `${name}.receipts`;
  return {
    name,
    receiptsQueue,
    remove: () =>
      withChannel(url, async (channel) => {
        await deleteAgentQueues(channel);
        await channel.deleteQueue(receiptsQueue);
        await channel.deleteExchange(name);
      }),
  };
}
