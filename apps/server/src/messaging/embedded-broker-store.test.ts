import assert from 'node:assert';
import { createRequire } from 'node:module';
import type { Aedes, Client } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it, test } from 'vitest';
import { createTestDatabase, engines, type Engine } from '../../test/helper';
import type { DatabaseHandle } from '../db/database';
import { startEmbeddedBroker } from './embedded-broker';
import { DatabaseBrokerStore } from './embedded-broker-store';

// aedes-persistence ships the suite every Aedes store must pass, written for node:test; `abstract`
// runs it here through a small adapter. The tests after it prove what the suite cannot: that the
// state is in the database, so a new store on it (a restarted server) finds it again.

const require = createRequire(import.meta.url);
const abstract = require('aedes-persistence/abstract.js') as (options: {
  test: (name: string, fn: (t: NodeTestContext) => Promise<void>) => void;
  persistence: () => Promise<DatabaseBrokerStore>;
  testAsync: boolean;
}) => void;

type Assertions = Pick<typeof assert, 'equal' | 'notEqual' | 'deepEqual' | 'ok'>;
interface NodeTestContext {
  plan(count: number): void;
  diagnostic(message: string): void;
  assert: Assertions;
}

/** node:test's `t` on top of vitest: its assertions, counted against `t.plan`. */
function nodeTest(name: string, fn: (t: NodeTestContext) => Promise<void>): void {
  test(name, async () => {
    let planned: number | undefined;
    let made = 0;
    const counted =
      <A extends unknown[]>(check: (...args: A) => void) =>
      (...args: A) => {
        made += 1;
        check(...args);
      };
    await fn({
      plan: (count) => {
        planned = count;
      },
      diagnostic: () => undefined,
      assert: {
        equal: counted(assert.equal),
        notEqual: counted(assert.notEqual),
        deepEqual: counted(assert.deepEqual),
        ok: counted(assert.ok),
      },
    });
    if (planned !== undefined) {
      expect(made, 'assertions made, against t.plan').toBe(planned);
    }
  });
}

const opened = new Map<Engine, Promise<DatabaseHandle>>();
/** One migrated database per engine for the file: PGlite in memory, a scratch one on PostgreSQL. */
function database(engine: Engine): Promise<DatabaseHandle> {
  let handle = opened.get(engine);
  if (!handle) {
    handle = createTestDatabase(engine);
    opened.set(engine, handle);
  }
  return handle;
}

afterAll(async () => {
  for (const handle of opened.values()) {
    await (await handle).close();
  }
});

async function emptyStore(engine: Engine): Promise<DatabaseBrokerStore> {
  const handle = await database(engine);
  await handle.db.deleteFrom('mqtt_subscriptions').execute();
  await handle.db.deleteFrom('mqtt_outgoing').execute();
  await handle.db.deleteFrom('mqtt_retained').execute();
  await handle.db.deleteFrom('mqtt_wills').execute();
  return new DatabaseBrokerStore(handle.db);
}

describe.each(engines())('the aedes-persistence suite on %s', (engine) => {
  abstract({ test: nodeTest, persistence: () => emptyStore(engine), testAsync: true });
});

// ---- what a restart finds ----------------------------------------------------------------------

const broker = (id: string) => ({ id, counter: 0 }) as unknown as Aedes;
const client = (id: string) => ({ id }) as Client;
type Packet = Parameters<DatabaseBrokerStore['outgoingEnqueueCombi']>[1];

function publish(brokerId: string, counter: number, payload: string, qos: 0 | 1 | 2 = 1): Packet {
  return {
    cmd: 'publish',
    topic: 'acme/bolt-co',
    payload: Buffer.from(payload),
    qos,
    retain: false,
    dup: false,
    brokerId,
    brokerCounter: counter,
  };
}

async function streamed<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) {
    items.push(item);
  }
  return items;
}

/** A store on the same tables, as the server builds it when it starts again. */
async function restarted(engine: Engine, before: DatabaseBrokerStore, brokerId = 'broker-after'): Promise<DatabaseBrokerStore> {
  await before.destroy();
  const after = new DatabaseBrokerStore((await database(engine)).db);
  await after.setup(broker(brokerId));
  return after;
}

describe.each(engines())('a store after a restart, on %s', (engine) => {
  it('finds the persistent subscriptions, and no others', async () => {
    const store = await emptyStore(engine);
    await store.setup(broker('broker-before'));
    await store.addSubscriptions(client('agent'), [
      { topic: 'acme/bolt-co', qos: 1 },
      { topic: 'acme/toolworks', qos: 0 },
    ]);
    await store.addSubscriptions(client('gone'), [{ topic: 'acme/#', qos: 1 }]);
    await store.cleanSubscriptions(client('gone'));
    await store.addSubscriptions(client('unsubscribed'), [{ topic: 'x/y', qos: 1 }, { topic: 'x/z', qos: 2 }]);
    await store.removeSubscriptions(client('unsubscribed'), ['x/y']);

    const after = await restarted(engine, store);
    expect(await after.subscriptionsByClient(client('agent'))).toEqual([
      { topic: 'acme/bolt-co', qos: 1 },
      { topic: 'acme/toolworks', qos: 0 },
    ]);
    expect(await after.subscriptionsByClient(client('gone'))).toEqual([]);
    expect(await after.subscriptionsByClient(client('unsubscribed'))).toEqual([{ topic: 'x/z', qos: 2 }]);
    expect(await after.subscriptionsByTopic('acme/bolt-co')).toEqual([
      expect.objectContaining({ clientId: 'agent', topic: 'acme/bolt-co', qos: 1 }),
    ]);
    expect(await after.countOffline()).toEqual({ subsCount: 2, clientsCount: 2 });
    await after.destroy();
  });

  it('finds the queue of each session in order, less what was acknowledged', async () => {
    const store = await emptyStore(engine);
    await store.setup(broker('broker-before'));
    const agent = client('agent');
    // Concurrent, as the relay publishes a batch: they share transactions and keep their order.
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        store.outgoingEnqueueCombi([{ clientId: 'agent' }, { clientId: 'other' }], publish('broker-before', i + 1, `m${i + 1}`)),
      ),
    );
    // The first three are delivered and acknowledged; the fourth is in flight.
    for (let i = 1; i <= 4; i += 1) {
      const sent = { ...publish('broker-before', i, `m${i}`), messageId: 100 + i } as Packet;
      await store.outgoingUpdate(agent, sent);
      if (i <= 3) {
        await store.outgoingClearMessageId(agent, { cmd: 'puback', messageId: 100 + i } as Packet);
      }
    }

    const after = await restarted(engine, store);
    const queued = await streamed(after.outgoingStream(agent));
    expect(queued.map((packet) => (packet as { payload: Buffer }).payload.toString())).toEqual(
      Array.from({ length: 247 }, (_, i) => `m${i + 4}`),
    );
    // A QoS 1 message goes out again under a new message id, keeping its broker's id and counter.
    expect(queued[0]).toMatchObject({ cmd: 'publish', topic: 'acme/bolt-co', qos: 1, brokerId: 'broker-before', brokerCounter: 4 });
    expect((queued[0] as { messageId?: number }).messageId).toBeUndefined();
    expect(await streamed(after.outgoingStream(client('other')))).toHaveLength(250);

    // Acknowledged after the restart, under the id it was sent again with: gone for good.
    await after.outgoingUpdate(agent, { ...queued[0], messageId: 7 } as Packet);
    expect(await after.outgoingClearMessageId(agent, { cmd: 'puback', messageId: 7 } as Packet)).toMatchObject({ brokerCounter: 4 });
    const again = await restarted(engine, after, 'broker-third');
    expect(await streamed(again.outgoingStream(agent))).toHaveLength(246);
    await again.destroy();
  });

  it('keeps a QoS 2 message through PUBREL, and its message id', async () => {
    const store = await emptyStore(engine);
    await store.setup(broker('broker-before'));
    const agent = client('agent');
    await store.outgoingEnqueueCombi([{ clientId: 'agent' }], publish('broker-before', 1, 'exactly once', 2));
    await store.outgoingEnqueueCombi([{ clientId: 'agent' }], publish('broker-before', 2, 'second', 2));
    await store.outgoingUpdate(agent, { ...publish('broker-before', 1, 'exactly once', 2), messageId: 41 });
    await store.outgoingUpdate(agent, { ...publish('broker-before', 2, 'second', 2), messageId: 42 });
    await store.outgoingUpdate(agent, { cmd: 'pubrel', messageId: 41 } as Packet);

    const after = await restarted(engine, store);
    const queued = await streamed(after.outgoingStream(agent));
    expect(queued).toMatchObject([
      { cmd: 'pubrel', messageId: 41 },
      { cmd: 'publish', messageId: 42, payload: Buffer.from('second') },
    ]);
    await after.outgoingClearMessageId(agent, { cmd: 'pubcomp', messageId: 41 } as Packet);
    const again = await restarted(engine, after, 'broker-third');
    expect(await streamed(again.outgoingStream(agent))).toMatchObject([{ cmd: 'publish', messageId: 42 }]);
    await again.destroy();
  });

  it('finds retained messages and wills, the wills still of the broker that is gone', async () => {
    const store = await emptyStore(engine);
    await store.setup(broker('broker-before'));
    await store.storeRetained({ ...publish('broker-before', 1, 'kept'), topic: 'status/a', retain: true } as Packet);
    await store.storeRetained({ ...publish('broker-before', 2, 'dropped'), topic: 'status/b', retain: true } as Packet);
    await store.storeRetained({ ...publish('broker-before', 3, ''), topic: 'status/b', retain: true } as Packet);
    await store.putWill(client('agent'), { cmd: 'publish', topic: 'presence', payload: Buffer.from('offline'), qos: 1, retain: false } as Packet);
    await store.putWill(client('left'), { cmd: 'publish', topic: 'presence', payload: Buffer.from('bye'), qos: 1, retain: false } as Packet);
    await store.delWill(client('left'));

    const after = await restarted(engine, store);
    expect(await streamed(after.createRetainedStream('status/#'))).toMatchObject([
      { topic: 'status/a', payload: Buffer.from('kept'), retain: true },
    ]);
    expect(await after.getWill(client('left'))).toBeUndefined();
    expect(await streamed(after.streamWill({ 'broker-after': Date.now() }))).toMatchObject([
      { clientId: 'agent', brokerId: 'broker-before', topic: 'presence', payload: Buffer.from('offline') },
    ]);
    await after.destroy();
  });
});

describe('the embedded broker', () => {
  it('confirms the relay’s publish only once the message is committed for every offline session', async () => {
    // PGlite has one connection, which lets this test hold the database busy.
    const handle = await database('pglite');
    await (await emptyStore('pglite')).destroy();
    const embedded = await startEmbeddedBroker('127.0.0.1', 0, handle.db);
    let release: () => void = () => undefined;
    try {
      const agent = await mqtt.connectAsync(embedded.url, { clientId: 'offline-agent', clean: false, protocolVersion: 4, reconnectPeriod: 0 });
      await agent.subscribeAsync('acme/bolt-co', { qos: 1 });
      await agent.endAsync();

      // The database is busy (a transaction holds PGlite's one connection) while the relay publishes.
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const started = new Promise<void>((resolve) => (holding = resolve));
      const blocker = handle.db.transaction().execute(async () => {
        holding();
        await held;
      });
      await started;
      let confirmed = false;
      const publishing = embedded.publisher
        .publish({
          id: 'e1',
          type: 'order.dispatched',
          routingKey: 'acme.bolt-co',
          topic: 'acme/bolt-co',
          body: Buffer.from('{"id":"e1"}'),
          timestamp: new Date(),
        })
        .then(() => {
          confirmed = true;
        });
      // Proving that something does not happen takes a wait; the commit it waits for cannot come.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(confirmed, 'confirmed while the queue row could not be written').toBe(false);

      release();
      await blocker;
      await publishing;
      const rows = await handle.db.selectFrom('mqtt_outgoing').select(['client_id', 'payload']).execute();
      expect(rows.map((row) => [row.client_id, Buffer.from(row.payload).toString()])).toEqual([['offline-agent', '{"id":"e1"}']]);
    } finally {
      release();
      await embedded.close();
    }
  });
});
