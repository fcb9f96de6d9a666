import { randomBytes, randomUUID } from 'node:crypto';
import { defaultAmqpQueue, defaultMqttClientId, deadLetterQueue } from '@myb/supplier-agent';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { LatencyRecorder, sleep, wallClockMs, type LatencySummary } from './stats';

/** The socket options the product's own AMQP clients use (Nagle's algorithm off), for like-for-like figures. */
const AMQP_SOCKET = { noDelay: true };

/** When each event id reached a consumer; more than one time means a duplicate. */
export type Receipts = Map<string, number[]>;

function receive(receipts: Receipts, id: string, at: number): void {
  const times = receipts.get(id);
  if (times) {
    times.push(at);
  } else {
    receipts.set(id, [at]);
  }
}

export interface Probe {
  receipts: Receipts;
  close(): Promise<void>;
}

const AGENT_QUEUE_ARGUMENTS = (merchant: string, supplier: string) => ({
  'x-queue-type': 'quorum',
  'x-dead-letter-exchange': '',
  'x-dead-letter-routing-key': deadLetterQueue(defaultAmqpQueue(merchant, supplier)),
});

/**
 * Stands where each supplier's agent stands: its durable quorum queue bound to its routing key,
 * prefetch 10, manual acknowledgements; it notes when each message arrives and acknowledges it.
 */
export async function startAmqpProbe(url: string, exchange: string, merchant: string, suppliers: string[]): Promise<Probe> {
  const receipts: Receipts = new Map();
  const connection = await amqp.connect(url, AMQP_SOCKET);
  const channel = await connection.createChannel();
  await channel.prefetch(10);
  for (const supplier of suppliers) {
    const queue = defaultAmqpQueue(merchant, supplier);
    await channel.assertQueue(deadLetterQueue(queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.assertQueue(queue, { durable: true, arguments: AGENT_QUEUE_ARGUMENTS(merchant, supplier) });
    await channel.bindQueue(queue, exchange, `${merchant}.${supplier}`);
    await channel.consume(queue, (message) => {
      if (message) {
        receive(receipts, String(message.properties.messageId), wallClockMs());
        channel.ack(message);
      }
    });
  }
  return { receipts, close: () => connection.close() };
}

/** Deletes the agents' queues of a benchmark shop once everything is over. */
export async function deleteAgentQueues(url: string, merchant: string, suppliers: string[]): Promise<void> {
  const connection = await amqp.connect(url, AMQP_SOCKET);
  try {
    const channel = await connection.createChannel();
    for (const supplier of suppliers) {
      const queue = defaultAmqpQueue(merchant, supplier);
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueue(queue));
    }
  } finally {
    await connection.close();
  }
}

/**
 * The MQTT side of an agent: a persistent session (fixed client id, clean false) subscribed at
 * QoS 1 to its topic. Closing ends the session on the broker too, so nothing is left queued.
 */
export async function startMqttProbe(url: string, merchant: string, suppliers: string[]): Promise<Probe> {
  const receipts: Receipts = new Map();
  const clients = await Promise.all(
    suppliers.map(async (supplier) => {
      const clientId = defaultMqttClientId(merchant, supplier);
      const client = await mqtt.connectAsync(url, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 1000 });
      client.on('message', (_topic, payload) => {
        receive(receipts, (JSON.parse(payload.toString()) as { id: string }).id, wallClockMs());
      });
      await client.subscribeAsync(`${merchant}/${supplier}`, { qos: 1 });
      return { client, clientId };
    }),
  );
  return {
    receipts,
    close: async () => {
      for (const { client, clientId } of clients) {
        await client.endAsync();
        const cleaner = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 4 });
        await cleaner.endAsync();
      }
    },
  };
}

/** Waits until every id has arrived or `timeoutMs` passed. */
export async function waitForAll(receipts: Receipts, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ids.some((id) => !receipts.has(id))) {
    await sleep(20);
  }
}

export interface Delivery {
  latency: LatencySummary;
  expected: number;
  lost: number;
  duplicated: number;
  /** The last arrival, for rates over a whole run. */
  lastAt: number;
}

/** Latency of each expected event from its creation time, and what never came or came twice. */
export function deliveryOf(receipts: Receipts, events: { id: string; createdAt: number }[]): Delivery {
  const recorder = new LatencyRecorder();
  let lost = 0;
  let duplicated = 0;
  let lastAt = 0;
  for (const event of events) {
    const times = receipts.get(event.id);
    if (!times) {
      lost += 1;
      continue;
    }
    duplicated += times.length - 1;
    recorder.recordMs(times[0]! - event.createdAt);
    lastAt = Math.max(lastAt, times[0]!);
  }
  return { latency: recorder.summary(), expected: events.length, lost, duplicated, lastAt };
}

export interface RawMessaging {
  /** Publish to consume, at `rate` messages per second. */
  steady: LatencySummary;
  /** Messages per second through publish, confirm and consume, `window` unconfirmed at most. */
  saturation: number;
}

/** Sends `count` messages at `rate` per second, on schedule whatever the answers take. */
async function paced(rate: number, count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  const start = wallClockMs();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / rate - wallClockMs();
    if (wait > 0) {
      await sleep(wait);
    }
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
}

/** Sends `count` messages as fast as confirms allow, `window` at most awaiting theirs. */
async function windowed(count: number, window: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < count) {
        await send(next++);
      }
    }),
  );
}

interface Raw {
  publish(body: Buffer): Promise<void>;
  received: Receipts;
  close(): Promise<void>;
}

async function measureRaw(raw: Raw, options: { rate: number; steadyCount: number; saturationCount: number; window: number }) {
  const sentAt = new Map<string, number>();
  const send = (tag: string) => async () => {
    const id = `${tag}-${randomUUID()}`;
    sentAt.set(id, wallClockMs());
    await raw.publish(Buffer.from(JSON.stringify({ id })));
    return id;
  };
  const steadyIds: string[] = [];
  await paced(options.rate, options.steadyCount, async () => steadyIds.push(await send('steady')()));
  await waitForAll(raw.received, steadyIds, 30_000);
  const steady = deliveryOf(
    raw.received,
    steadyIds.map((id) => ({ id, createdAt: sentAt.get(id)! })),
  );
  const saturationIds: string[] = [];
  const started = wallClockMs();
  await windowed(options.saturationCount, options.window, async () => saturationIds.push(await send('saturation')()));
  await waitForAll(raw.received, saturationIds, 60_000);
  const saturation = deliveryOf(
    raw.received,
    saturationIds.map((id) => ({ id, createdAt: sentAt.get(id)! })),
  );
  await raw.close();
  return { steady: steady.latency, saturation: saturation.expected / ((saturation.lastAt - started) / 1000) };
}

/**
 * The raw limit of the AMQP path with amqplib, as the relay and the agent use it: a persistent,
 * mandatory publish with a publisher confirm to a topic exchange, a quorum queue, a consumer with
 * manual acknowledgements on another connection.
 */
export async function rawAmqp(url: string, options: { rate: number; steadyCount: number; saturationCount: number; window: number }): Promise<RawMessaging> {
  const tag = `bench-raw-${randomBytes(4).toString('hex')}`;
  const queue = `myb.${tag}`;
  const publisher = await amqp.connect(url, AMQP_SOCKET);
  const consumer = await amqp.connect(url, AMQP_SOCKET);
  const confirm = await publisher.createConfirmChannel();
  const channel = await consumer.createChannel();
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(queue, 'amq.topic', `${tag}.raw`);
  await channel.prefetch(10);
  const received: Receipts = new Map();
  await channel.consume(queue, (message) => {
    if (message) {
      receive(received, (JSON.parse(message.content.toString()) as { id: string }).id, wallClockMs());
      channel.ack(message);
    }
  });
  const result = await measureRaw(
    {
      received,
      publish: (body) =>
        new Promise<void>((resolve, reject) =>
          confirm.publish('amq.topic', `${tag}.raw`, body, { persistent: true, mandatory: true, contentType: 'application/json' }, (error) =>
            error ? reject(new Error(String(error))) : resolve(),
          ),
        ),
      close: async () => {
        await channel.deleteQueue(queue);
        await consumer.close();
        await publisher.close();
      },
    },
    options,
  );
  return result;
}

/** The raw limit of the MQTT path with mqtt.js: QoS 1 publish resolved on PUBACK, a persistent QoS 1 subscriber. */
export async function rawMqtt(url: string, options: { rate: number; steadyCount: number; saturationCount: number; window: number }): Promise<RawMessaging> {
  const tag = `bench-raw-${randomBytes(4).toString('hex')}`;
  const topic = `${tag}/raw`;
  const received: Receipts = new Map();
  const subscriber = await mqtt.connectAsync(url, { clientId: `${tag}-sub`, clean: false, protocolVersion: 4 });
  subscriber.on('message', (_topic, payload) => receive(received, (JSON.parse(payload.toString()) as { id: string }).id, wallClockMs()));
  await subscriber.subscribeAsync(topic, { qos: 1 });
  const publisher = await mqtt.connectAsync(url, { clientId: `${tag}-pub`, clean: true, protocolVersion: 4 });
  return measureRaw(
    {
      received,
      publish: async (body) => {
        await publisher.publishAsync(topic, body, { qos: 1 });
      },
      close: async () => {
        await publisher.endAsync();
        await subscriber.endAsync();
        const cleaner = await mqtt.connectAsync(url, { clientId: `${tag}-sub`, clean: true, protocolVersion: 4 });
        await cleaner.endAsync();
      },
    },
    options,
  );
}
