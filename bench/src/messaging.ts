import { randomBytes, randomUUID } from 'node:crypto';
import { receiptRoutingKey, receiptTopic, type DeliveryReceiptV1, type ReceiptStage } from '@myb/contracts';
import { defaultAmqpQueue, defaultMqttClientId, deadLetterQueue } from '@myb/supplier-agent';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { LatencyRecorder, sleep, type LatencySummary } from './stats';

/** The socket options the product's own AMQP clients use (Nagle's algorithm off), for like-for-like figures. */
const AMQP_SOCKET = { noDelay: true };

/**
 * When each message id reached a consumer, on this process's monotonic clock (`performance.now()`);
 * more than one time means a duplicate.
 */
export type Receipts = Map<string, number[]>;

function receive(receipts: Receipts, id: string): void {
  const at = performance.now();
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

/** The stages a supplier agent reports for an event it e-mailed, in order: the probe reports the same. */
const AGENT_STAGES: ReceiptStage[] = ['delivered', 'emailed'];
const PROBE_NAME = 'bench-probe';

function receiptBody(merchant: string, supplier: string, eventId: string, stage: ReceiptStage): Buffer {
  const receipt: DeliveryReceiptV1 = {
    id: randomUUID(),
    type: 'delivery.receipt',
    version: 1,
    occurredAt: new Date().toISOString(),
    eventId,
    merchant,
    supplier,
    stage,
    recipients: stage === 'emailed' ? [`orders@${supplier}.example`] : [],
    reason: null,
    agent: PROBE_NAME,
  };
  return Buffer.from(JSON.stringify(receipt));
}

/**
 * Stands where each supplier's agent stands, and answers as it does without sending the e-mail:
 * its durable quorum queue bound to its routing key, prefetch 10, manual acknowledgements; for each
 * message a `delivered` and an `emailed` receipt, published with confirms, then the acknowledgement.
 * It notes each arrival on this process's monotonic clock, which also timed the dispatch's request;
 * the server records each receipt as a step of the event's trail, on the database's clock.
 */
export async function startAmqpProbe(url: string, exchange: string, merchant: string, suppliers: string[]): Promise<Probe> {
  const receipts: Receipts = new Map();
  const connection = await amqp.connect(url, AMQP_SOCKET);
  const channel = await connection.createConfirmChannel();
  await channel.prefetch(10);
  const publishReceipt = (supplier: string, eventId: string, stage: ReceiptStage) =>
    new Promise<void>((resolve, reject) =>
      channel.publish(
        exchange,
        receiptRoutingKey(merchant, supplier),
        receiptBody(merchant, supplier, eventId, stage),
        { persistent: true, type: 'delivery.receipt', contentType: 'application/json' },
        (error: unknown) => (error ? reject(error instanceof Error ? error : new Error('receipt not confirmed')) : resolve()),
      ),
    );
  for (const supplier of suppliers) {
    const queue = defaultAmqpQueue(merchant, supplier);
    await channel.assertQueue(deadLetterQueue(queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.assertQueue(queue, { durable: true, arguments: AGENT_QUEUE_ARGUMENTS(merchant, supplier) });
    await channel.bindQueue(queue, exchange, `${merchant}.${supplier}`);
    await channel.consume(queue, (message) => {
      if (message) {
        const eventId = String(message.properties.messageId);
        receive(receipts, eventId);
        Promise.all(AGENT_STAGES.map((stage) => publishReceipt(supplier, eventId, stage))).then(
          () => channel.ack(message),
          (error: unknown) => console.error('the probe could not publish a receipt', error),
        );
      }
    });
  }
  return { receipts, close: () => connection.close() };
}

/** Deletes the agents' queues of a benchmark shop, and the server's receipts queue, once everything is over. */
export async function deleteAgentQueues(url: string, merchant: string, suppliers: string[], receiptsQueue?: string): Promise<void> {
  const connection = await amqp.connect(url, AMQP_SOCKET);
  try {
    const channel = await connection.createChannel();
    for (const supplier of suppliers) {
      const queue = defaultAmqpQueue(merchant, supplier);
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueue(queue));
    }
    if (receiptsQueue) {
      await channel.deleteQueue(receiptsQueue);
    }
  } finally {
    await connection.close();
  }
}

/** Ends a persistent MQTT session, so the broker keeps nothing queued for it. */
export async function endMqttSession(url: string, clientId: string): Promise<void> {
  const cleaner = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 4 });
  await cleaner.endAsync();
}

/**
 * The MQTT side of an agent: a persistent session (fixed client id, clean false) subscribed at
 * QoS 1 to its topic, answering each message with the agent's receipts at QoS 1 (see
 * startAmqpProbe). Closing ends the session on the broker too, so nothing is left queued.
 */
export async function startMqttProbe(url: string, merchant: string, suppliers: string[]): Promise<Probe> {
  const receipts: Receipts = new Map();
  const clients = await Promise.all(
    suppliers.map(async (supplier) => {
      const clientId = defaultMqttClientId(merchant, supplier);
      const client = await mqtt.connectAsync(url, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 1000 });
      client.on('message', (_topic, payload) => {
        const eventId = (JSON.parse(payload.toString()) as { id: string }).id;
        receive(receipts, eventId);
        for (const stage of AGENT_STAGES) {
          client
            .publishAsync(receiptTopic(merchant, supplier), receiptBody(merchant, supplier, eventId, stage), { qos: 1 })
            .catch((error: unknown) => console.error('the probe could not publish a receipt', error));
        }
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
        await endMqttSession(url, clientId);
      }
    },
  };
}

/** Waits until every id has arrived or `timeoutMs` passed. */
export async function waitForAll(receipts: Receipts, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && ids.some((id) => !receipts.has(id))) {
    await sleep(20);
  }
}

/**
 * One event as its trail in the database tells it, every time from the database's clock: from the
 * outbox row's `created_at` (the statement that closed the order) to the step the latency ends at,
 * and when the last of its receipts was recorded.
 */
export interface TrailEvent {
  id: string;
  orderId: string;
  /** Milliseconds from the event's creation to the step measured; null when that step was never recorded. */
  latencyMs: number | null;
  /** Epoch milliseconds on the database's clock. */
  createdAtMs: number;
  lastReceiptAtMs: number | null;
  /** Receipts recorded for it (agents' steps: delivered, e-mailed, failed). */
  receipts: number;
}

export const NO_RECEIPT = "had no receipt recorded (the server's receipts consumer did not record it)";
export const NEVER_ARRIVED = 'never arrived';
export const NOT_TIMED = 'had no request timed in this process';

export interface Delivery {
  /** From the dispatch's request to the arrival, both on this process's monotonic clock. */
  latency: LatencySummary;
  /** From the outbox row's `created_at` to the step on the event's trail, both on the database's clock. */
  trail: LatencySummary;
  expected: number;
  lost: number;
  duplicated: number;
}

/**
 * Of each expected event: its latency from its order's request (`sentAt`, this process's monotonic
 * clock) to its first arrival (the same clock), and from the database's trail; whether it arrived never
 * or more than once. A value that cannot be taken (nothing arrived, no step recorded) is a failed
 * measurement, never a fast one.
 */
export function deliveryOf(arrivals: Receipts, events: TrailEvent[], sentAt?: Map<string, number>): Delivery {
  const latency = new LatencyRecorder();
  const trail = new LatencyRecorder();
  let lost = 0;
  let duplicated = 0;
  for (const event of events) {
    const times = arrivals.get(event.id);
    if (times) {
      duplicated += times.length - 1;
    } else {
      lost += 1;
    }
    const sent = sentAt?.get(event.orderId);
    if (sentAt) {
      if (sent === undefined) {
        latency.fail(NOT_TIMED);
      } else if (times === undefined) {
        latency.fail(NEVER_ARRIVED);
      } else {
        latency.recordMs(times[0]! - sent);
      }
    }
    if (event.latencyMs === null) {
      trail.fail(NO_RECEIPT);
    } else {
      trail.recordMs(event.latencyMs);
    }
  }
  return { latency: latency.summary(), trail: trail.summary(), expected: events.length, lost, duplicated };
}

/** Messages the broker moved for a set of events, and over which window of the database's clock. */
export interface PipelineRate {
  /** Events plus their receipts, each published with a confirm and consumed once. */
  messages: number;
  /** From the first event's creation to the last receipt recorded, on the database's clock; null when it cannot be told. */
  windowMs: number | null;
  /** Why the window could not be told, if it could not. */
  unmeasured?: string;
}

export function pipelineRate(events: TrailEvent[]): PipelineRate {
  const messages = events.length + events.reduce((sum, event) => sum + event.receipts, 0);
  const missing = events.filter((event) => event.lastReceiptAtMs === null).length;
  if (events.length === 0) {
    return { messages, windowMs: null, unmeasured: 'no events' };
  }
  if (missing > 0) {
    return { messages, windowMs: null, unmeasured: `${missing} of ${events.length} events ${NO_RECEIPT}` };
  }
  const first = Math.min(...events.map((event) => event.createdAtMs));
  const last = Math.max(...events.map((event) => event.lastReceiptAtMs!));
  if (!(last > first)) {
    return { messages, windowMs: null, unmeasured: 'the last receipt was recorded before the first event was created' };
  }
  return { messages, windowMs: last - first };
}

export interface RawMessaging {
  /** From publishing a message to its consumer holding it, at `rate` messages per second. */
  steady: LatencySummary;
  /** Messages per second (each message and its receipt, each confirmed and consumed), `window` unconfirmed at most. */
  saturation: number;
}

/** Sends `count` messages at `rate` per second, on schedule whatever the answers take. */
async function paced(rate: number, count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  const start = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
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

/**
 * The raw path, both ends in this process: `publish` sends a message with a confirm; the far side
 * notes its arrival in `arrived`, consumes it and publishes a receipt back with a confirm, as the
 * pipeline's agent does; `returned` notes when each receipt came back.
 */
interface Raw {
  publish(body: Buffer): Promise<void>;
  arrived: Receipts;
  returned: Receipts;
  close(): Promise<void>;
}

async function measureRaw(raw: Raw, options: { rate: number; steadyCount: number; saturationCount: number; window: number }) {
  const sentAt = new Map<string, number>();
  const send = (tag: string) => async () => {
    const id = `${tag}-${randomUUID()}`;
    sentAt.set(id, performance.now());
    await raw.publish(Buffer.from(JSON.stringify({ id })));
    return id;
  };
  const steadyIds: string[] = [];
  await paced(options.rate, options.steadyCount, async () => steadyIds.push(await send('steady')()));
  await waitForAll(raw.returned, steadyIds, 30_000);
  const steady = new LatencyRecorder();
  for (const id of steadyIds) {
    const arrived = raw.arrived.get(id)?.[0];
    if (arrived === undefined) {
      steady.fail(NEVER_ARRIVED);
    } else {
      steady.recordMs(arrived - sentAt.get(id)!);
    }
  }
  const saturationIds: string[] = [];
  const started = performance.now();
  await windowed(options.saturationCount, options.window, async () => saturationIds.push(await send('saturation')()));
  await waitForAll(raw.returned, saturationIds, 60_000);
  const back = saturationIds.flatMap((id) => raw.returned.get(id)?.slice(0, 1) ?? []);
  await raw.close();
  // Each id is two messages: it and its receipt.
  return { steady: steady.summary(), saturation: (2 * back.length) / ((Math.max(...back) - started) / 1000) };
}

/**
 * The raw limit of the AMQP path with amqplib, as the relay, the agent and the server use it: a
 * persistent, mandatory publish with a publisher confirm to a topic exchange and a quorum queue; a
 * consumer (prefetch 10, manual acknowledgements, on another connection) that publishes a receipt the
 * same way and acknowledges once it is confirmed; a consumer of the receipts' quorum queue.
 */
export async function rawAmqp(url: string, options: { rate: number; steadyCount: number; saturationCount: number; window: number }): Promise<RawMessaging> {
  const tag = `bench-raw-${randomBytes(4).toString('hex')}`;
  const [queue, receiptsQueue] = [`myb.${tag}`, `myb.${tag}.receipts`];
  const publisher = await amqp.connect(url, AMQP_SOCKET);
  const consumer = await amqp.connect(url, AMQP_SOCKET);
  const confirm = await publisher.createConfirmChannel();
  const back = await publisher.createChannel();
  const channel = await consumer.createConfirmChannel();
  for (const [name, key] of [
    [queue, `${tag}.raw`],
    [receiptsQueue, `${tag}.receipt`],
  ] as const) {
    await channel.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(name, 'amq.topic', key);
  }
  const publishTo = (target: amqp.ConfirmChannel, key: string, body: Buffer) =>
    new Promise<void>((resolve, reject) =>
      target.publish('amq.topic', key, body, { persistent: true, mandatory: true, contentType: 'application/json' }, (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('publish not confirmed')) : resolve(),
      ),
    );
  await channel.prefetch(10);
  const arrived: Receipts = new Map();
  await channel.consume(queue, (message) => {
    if (message) {
      receive(arrived, (JSON.parse(message.content.toString()) as { id: string }).id);
      publishTo(channel, `${tag}.receipt`, message.content).then(
        () => channel.ack(message),
        (error: unknown) => console.error('raw AMQP: a receipt was not confirmed', error),
      );
    }
  });
  const returned: Receipts = new Map();
  await back.prefetch(50);
  await back.consume(receiptsQueue, (message) => {
    if (message) {
      receive(returned, (JSON.parse(message.content.toString()) as { id: string }).id);
      back.ack(message);
    }
  });
  return measureRaw(
    {
      arrived,
      returned,
      publish: (body) => publishTo(confirm, `${tag}.raw`, body),
      close: async () => {
        await channel.deleteQueue(queue);
        await channel.deleteQueue(receiptsQueue);
        await consumer.close();
        await publisher.close();
      },
    },
    options,
  );
}

/**
 * The raw limit of the MQTT path with mqtt.js: QoS 1 publish resolved on PUBACK; a persistent QoS 1
 * subscriber that publishes a receipt back at QoS 1; the publisher subscribed to the receipts.
 */
export async function rawMqtt(url: string, options: { rate: number; steadyCount: number; saturationCount: number; window: number }): Promise<RawMessaging> {
  const tag = `bench-raw-${randomBytes(4).toString('hex')}`;
  const [topic, receiptsTopic] = [`${tag}/raw`, `${tag}/receipt`];
  const arrived: Receipts = new Map();
  const returned: Receipts = new Map();
  const subscriber = await mqtt.connectAsync(url, { clientId: `${tag}-sub`, clean: false, protocolVersion: 4 });
  subscriber.on('message', (_topic, payload) => {
    receive(arrived, (JSON.parse(payload.toString()) as { id: string }).id);
    subscriber.publishAsync(receiptsTopic, payload, { qos: 1 }).catch((error: unknown) => console.error('raw MQTT: a receipt was not acknowledged', error));
  });
  await subscriber.subscribeAsync(topic, { qos: 1 });
  const publisher = await mqtt.connectAsync(url, { clientId: `${tag}-pub`, clean: false, protocolVersion: 4 });
  publisher.on('message', (_topic, payload) => receive(returned, (JSON.parse(payload.toString()) as { id: string }).id));
  await publisher.subscribeAsync(receiptsTopic, { qos: 1 });
  return measureRaw(
    {
      arrived,
      returned,
      publish: async (body) => {
        await publisher.publishAsync(topic, body, { qos: 1 });
      },
      close: async () => {
        await publisher.endAsync();
        await subscriber.endAsync();
        await endMqttSession(url, `${tag}-sub`);
        await endMqttSession(url, `${tag}-pub`);
      },
    },
    options,
  );
}
