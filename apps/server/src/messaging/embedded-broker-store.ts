import type { Aedes, Client, Subscription } from 'aedes';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import type { Insertable, Kysely } from 'kysely';
import type { Database, MqttOutgoingTable } from '../db/schema';

type Packet = Parameters<MemoryPersistence['outgoingEnqueue']>[1];
/** MQTT 5 adds a subscription identifier, which Aedes keeps but does not type. */
type MqttSubscription = Subscription & { subscriptionIdentifier?: number };

/** The fields of a packet this store reads; Aedes' packet type is a union that hides most of them. */
interface PacketFields {
  cmd?: string;
  topic?: string;
  payload?: Buffer | Uint8Array | string;
  qos?: number;
  messageId?: number;
  brokerId?: string;
  brokerCounter?: number;
  [field: string]: unknown;
}

const fieldsOf = (packet: Packet) => packet as unknown as PacketFields;
const asPacket = (fields: PacketFields) => fields as unknown as Packet;
/** Aedes hands most methods a whole client but reads only its id; so do we when restoring. */
const clientWithId = (id: string) => ({ id }) as Client;

function bytesOf(payload: PacketFields['payload']): Buffer {
  if (payload === undefined) {
    return Buffer.alloc(0);
  }
  if (typeof payload === 'string') {
    return Buffer.from(payload);
  }
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** A packet as two columns: its payload, and every other field in JSON (`omit` names those kept in columns of their own). */
function encode(packet: PacketFields, omit: readonly string[] = []): { fields: string; payload: Buffer } {
  const { payload, ...fields } = packet;
  for (const key of omit) {
    delete fields[key];
  }
  return { fields: JSON.stringify(fields), payload: bytesOf(payload) };
}

/** The inverse of `encode`; Buffers in MQTT 5 properties come back as Buffers. */
function decode(fields: string, payload: Uint8Array): PacketFields {
  const parsed = JSON.parse(fields, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && 'type' in value && value.type === 'Buffer' && 'data' in value && Array.isArray(value.data)
      ? Buffer.from(value.data as number[])
      : value,
  ) as PacketFields;
  return { ...parsed, payload: bytesOf(payload) };
}

type OutgoingKey = readonly [clientId: string, brokerId: string, brokerCounter: number];

type Step =
  | { kind: 'enqueue'; rows: Insertable<MqttOutgoingTable>[] }
  | { kind: 'acknowledge'; keys: OutgoingKey[] }
  | { kind: 'write'; run: (db: Kysely<Database>) => Promise<unknown> };

/** Rows per statement: well under PostgreSQL's 65 535 parameters. */
const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    result.push(items.slice(i, i + CHUNK));
  }
  return result;
}

async function runStep(db: Kysely<Database>, step: Step): Promise<void> {
  switch (step.kind) {
    case 'enqueue':
      for (const rows of chunks(step.rows)) {
        await db
          .insertInto('mqtt_outgoing')
          .values(rows)
          .onConflict((conflict) => conflict.columns(['client_id', 'broker_id', 'broker_counter']).doNothing())
          .execute();
      }
      return;
    case 'acknowledge':
      for (const keys of chunks(step.keys)) {
        await db
          .deleteFrom('mqtt_outgoing')
          .where((eb) =>
            eb(
              eb.refTuple('client_id', 'broker_id', 'broker_counter'),
              'in',
              keys.map(([clientId, brokerId, counter]) => eb.tuple(clientId, brokerId, counter)),
            ),
          )
          .execute();
      }
      return;
    case 'write':
      await step.run(db);
      return;
  }
}

interface Batch {
  done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { done, resolve, reject };
}

/**
 * Writes in the order they are asked for, many to a transaction: whatever arrives while one
 * transaction commits goes into the next (group commit), consecutive enqueues become one INSERT and
 * consecutive acknowledgements one DELETE. Each caller's promise settles when its transaction does.
 */
class WriteQueue {
  #steps: Step[] = [];
  #open: Batch | null = null;
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>) {}

  add(step: Step): Promise<void> {
    const last = this.#steps.at(-1);
    if (last?.kind === 'enqueue' && step.kind === 'enqueue') {
      last.rows.push(...step.rows);
    } else if (last?.kind === 'acknowledge' && step.kind === 'acknowledge') {
      last.keys.push(...step.keys);
    } else {
      this.#steps.push(step);
    }
    if (!this.#open) {
      const batch = newBatch();
      this.#open = batch;
      // setImmediate lets the publishes of one relay batch, all in flight at once, join one transaction.
      this.#tail = this.#tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => this.#commit(batch));
    }
    return this.#open.done;
  }

  async #commit(batch: Batch): Promise<void> {
    const steps = this.#steps;
    this.#steps = [];
    this.#open = null;
    try {
      if (steps.length === 1) {
        await runStep(this.db, steps[0]!);
      } else {
        await this.db.transaction().execute(async (trx) => {
          for (const step of steps) {
            await runStep(trx, step);
          }
        });
      }
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }

  /** Settles once everything asked for so far is written, or has failed. */
  async drain(): Promise<void> {
    while (this.#open) {
      await this.#tail;
    }
    await this.#tail;
  }
}

/**
 * Aedes' in-memory persistence, written through to the server's database so that a restart keeps
 * what the broker promised: the subscriptions of persistent sessions, the QoS 1/2 messages queued
 * for them until acknowledged (their PUBLISH and, for QoS 2, their PUBREL), retained messages and
 * last wills. Reads are served from memory; `setup` loads the tables before the broker listens.
 *
 * A method that gates an acknowledgement (an enqueue before the publisher's confirm, a subscription
 * before SUBACK) returns only once its row is committed. The dedup table of inbound QoS 2 packets
 * stays in memory: losing it in a restart can repeat one such message, never lose it.
 */
export class DatabaseBrokerStore extends MemoryPersistence {
  readonly #db: Kysely<Database>;
  readonly #writes: WriteQueue;

  constructor(db: Kysely<Database>) {
    super();
    this.#db = db;
    this.#writes = new WriteQueue(db);
  }

  override async setup(broker: Aedes): Promise<void> {
    await super.setup(broker);
    await this.#restore();
  }

  async #restore(): Promise<void> {
    const db = this.#db;
    const subscriptions = new Map<string, Subscription[]>();
    for (const row of await db.selectFrom('mqtt_subscriptions').selectAll().execute()) {
      const list = subscriptions.get(row.client_id) ?? [];
      list.push({ ...(JSON.parse(row.options) as object), topic: row.topic, qos: row.qos } as Subscription);
      subscriptions.set(row.client_id, list);
    }
    for (const [clientId, subs] of subscriptions) {
      await super.addSubscriptions(clientWithId(clientId), subs);
    }
    for (const row of await db.selectFrom('mqtt_retained').selectAll().execute()) {
      await super.storeRetained(asPacket(decode(row.fields, row.payload)));
    }
    for (const row of await db.selectFrom('mqtt_wills').selectAll().execute()) {
      const will = decode(row.fields, row.payload);
      const brokerId = will.brokerId;
      await super.putWill(clientWithId(row.client_id), asPacket(will));
      // putWill stamps this broker's id on the packet it keeps; the will belongs to the broker that
      // is gone, which is what lets Aedes publish it if its client does not come back.
      will.brokerId = brokerId;
    }
    const outgoing = await db.selectFrom('mqtt_outgoing').selectAll().orderBy('seq').execute();
    for (const row of outgoing) {
      const packet = { ...decode(row.fields, row.payload), brokerId: row.broker_id, brokerCounter: Number(row.broker_counter) };
      await super.outgoingEnqueue({ clientId: row.client_id }, asPacket(packet));
      if (row.message_id !== null) {
        await super.outgoingUpdate(clientWithId(row.client_id), asPacket({ ...packet, messageId: row.message_id }));
      }
    }
  }

  override async storeRetained(packet: Packet): Promise<void> {
    const { topic = '', payload } = fieldsOf(packet);
    if (bytesOf(payload).length === 0) {
      await this.#write((db) => db.deleteFrom('mqtt_retained').where('topic', '=', topic).execute());
    } else {
      const row = { topic, ...encode(fieldsOf(packet)) };
      await this.#write((db) =>
        db
          .insertInto('mqtt_retained')
          .values(row)
          .onConflict((conflict) => conflict.column('topic').doUpdateSet({ fields: row.fields, payload: row.payload }))
          .execute(),
      );
    }
    await super.storeRetained(packet);
  }

  override async addSubscriptions(client: Client, subs: Subscription[]): Promise<void> {
    // One row per topic: a later subscription to the same topic in one SUBSCRIBE replaces the earlier.
    const rows = new Map(
      subs.map(({ topic, qos, rh, rap, nl, subscriptionIdentifier }: MqttSubscription) => [
        topic,
        { client_id: client.id, topic, qos, options: JSON.stringify({ rh, rap, nl, subscriptionIdentifier }) },
      ]),
    );
    if (rows.size > 0) {
      await this.#write((db) =>
        db
          .insertInto('mqtt_subscriptions')
          .values([...rows.values()])
          .onConflict((conflict) =>
            conflict.columns(['client_id', 'topic']).doUpdateSet((eb) => ({
              qos: eb.ref('excluded.qos'),
              options: eb.ref('excluded.options'),
            })),
          )
          .execute(),
      );
    }
    await super.addSubscriptions(client, subs);
  }

  override async removeSubscriptions(client: Client, topics: string[]): Promise<void> {
    if (topics.length > 0) {
      await this.#write((db) =>
        db.deleteFrom('mqtt_subscriptions').where('client_id', '=', client.id).where('topic', 'in', topics).execute(),
      );
    }
    await super.removeSubscriptions(client, topics);
  }

  override async cleanSubscriptions(client: Client): Promise<void> {
    // Every clean-session CONNECT comes here; only a client that had a persistent session costs a write.
    if ((await super.subscriptionsByClient(client)).length > 0) {
      await this.#write((db) => db.deleteFrom('mqtt_subscriptions').where('client_id', '=', client.id).execute());
    }
    await super.cleanSubscriptions(client);
  }

  override async outgoingEnqueue(sub: { clientId: string }, packet: Packet): Promise<void> {
    await this.outgoingEnqueueCombi([sub], packet);
  }

  override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: Packet): Promise<void> {
    if (subs.length > 0) {
      const fields = fieldsOf(packet);
      const encoded = encode(fields, ['brokerId', 'brokerCounter', 'messageId']);
      await this.#writes.add({
        kind: 'enqueue',
        rows: subs.map(({ clientId }) => ({
          client_id: clientId,
          broker_id: fields.brokerId ?? '',
          broker_counter: fields.brokerCounter ?? 0,
          message_id: null,
          ...encoded,
        })),
      });
    }
    await super.outgoingEnqueueCombi(subs, packet);
  }

  override async outgoingUpdate(client: Client, packet: Packet): Promise<void> {
    await super.outgoingUpdate(client, packet);
    const { cmd, qos, messageId = null, brokerId = '', brokerCounter = 0 } = fieldsOf(packet);
    if (cmd === 'pubrel') {
      // QoS 2: the PUBREL takes the place of the PUBLISH it answers, found by message id.
      const { fields } = encode(fieldsOf(packet), ['messageId']);
      await this.#write((db) =>
        db
          .updateTable('mqtt_outgoing')
          .set({ fields })
          .where('client_id', '=', client.id)
          .where('message_id', '=', messageId)
          .execute(),
      );
    } else if (qos === 2) {
      await this.#write((db) =>
        db
          .updateTable('mqtt_outgoing')
          .set({ message_id: messageId })
          .where('client_id', '=', client.id)
          .where('broker_id', '=', brokerId)
          .where('broker_counter', '=', brokerCounter)
          .execute(),
      );
    }
    // A QoS 1 message's id is not kept: after a restart it is sent again under a new one.
  }

  override async outgoingClearMessageId(client: Client, packet: Packet): Promise<Packet> {
    const removed = await super.outgoingClearMessageId(client, packet);
    // Clean sessions have nothing queued; their acknowledgements end here.
    if (removed === undefined) {
      return removed;
    }
    const { cmd, messageId = null, brokerId = '', brokerCounter = 0 } = fieldsOf(removed);
    if (cmd === 'pubrel') {
      await this.#write((db) =>
        db.deleteFrom('mqtt_outgoing').where('client_id', '=', client.id).where('message_id', '=', messageId).execute(),
      );
    } else {
      await this.#writes.add({ kind: 'acknowledge', keys: [[client.id, brokerId, brokerCounter]] });
    }
    return removed;
  }

  override async putWill(client: Client, packet: Packet): Promise<void> {
    await super.putWill(client, packet);
    const row = { client_id: client.id, ...encode(fieldsOf(packet)) };
    await this.#write((db) =>
      db
        .insertInto('mqtt_wills')
        .values(row)
        .onConflict((conflict) => conflict.column('client_id').doUpdateSet({ fields: row.fields, payload: row.payload }))
        .execute(),
    );
  }

  override async delWill(client: Client) {
    const will = await super.delWill(client);
    if (will !== undefined) {
      await this.#write((db) => db.deleteFrom('mqtt_wills').where('client_id', '=', client.id).execute());
    }
    return will;
  }

  /** Writes what is still queued, then lets go; the database stays open (it is the server's). */
  override async destroy(): Promise<void> {
    await this.#writes.drain();
    await super.destroy();
  }

  #write(run: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
    return this.#writes.add({ kind: 'write', run });
  }
}
