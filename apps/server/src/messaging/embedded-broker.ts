import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DatabaseBrokerStore } from './embedded-broker-store';
import { PublishError, withTimeout, type Publisher } from './publisher';

const PUBLISH_TIMEOUT_MS = 10_000;

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** True when the configured port was taken and another one was chosen. */
  movedFrom?: number;
  /** Publishes inside the process; see `inProcessPublisher`. */
  publisher: Publisher;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The relay's way into the embedded broker. Over a socket, Aedes answers a QoS 1 PUBLISH with its
 * PUBACK before it has queued the message for the persistent sessions, so a crash in between would
 * lose a message the outbox has marked published. `Aedes.publish` calls back only after the queue
 * is written (to the database, by the store), and that is when the relay hears it is done.
 */
function inProcessPublisher(aedes: Aedes, store: DatabaseBrokerStore, description: string): Publisher {
  return {
    description,
    publish: async (message) => {
      // Like AMQP's `mandatory`: a message no persistent session takes would be dropped, and the outbox
      // would call it published. It stays pending instead, and goes once an agent has subscribed (an
      // agent started a moment after its supplier was added, say). Only persistent sessions count, as
      // only they are sure to get it: a watcher on a clean session receives it once an agent is there.
      if ((await store.subscriptionsByTopic(message.topic)).length === 0) {
        throw new PublishError(
          `no supplier agent has subscribed to ${message.topic} on the embedded broker yet; it is sent once one has`,
        );
      }
      return withTimeout(
        new Promise<void>((resolve, reject) => {
          aedes.publish(
            { cmd: 'publish', topic: message.topic, payload: message.body, qos: 1, retain: false, dup: false },
            (error) => (error ? reject(new PublishError(`embedded MQTT broker: ${error.message}`)) : resolve()),
          );
        }),
        PUBLISH_TIMEOUT_MS,
        'waiting for the embedded broker',
      );
    },
    close: async () => undefined,
  };
}

/**
 * An MQTT broker inside the server process, so `npm start` needs nothing installed. Outside MQTT
 * clients can connect to it too. Its sessions, queued messages, retained messages and wills live
 * in the server's database (`DatabaseBrokerStore`), so they survive a restart. If the port is taken
 * (machines that run Mosquitto hold 1883) it moves to a free port and says so.
 */
export async function startEmbeddedBroker(host: string, port: number, db: Kysely<Database>): Promise<EmbeddedBroker> {
  const store = new DatabaseBrokerStore(db);
  // Aedes' other defaults fit: it caps no session's queue (`queueLimit` counts what a client sends
  // before its CONNACK), and `maxClientsIdLength` binds MQTT 3.1 clients only, not 3.1.1 or 5.
  const aedes = await Aedes.createBroker({ persistence: store });
  const server = createServer((socket) => aedes.handle(socket));
  let actualPort: number;
  let movedFrom: number | undefined;
  try {
    actualPort = await listen(server, port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) {
      throw error;
    }
    movedFrom = port;
    actualPort = await listen(server, 0, host);
  }
  const url = `mqtt://${host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    movedFrom,
    publisher: inProcessPublisher(aedes, store, `embedded MQTT broker ${url}`),
    close: async () => {
      // The listener stops taking connections at once but closes only when the last one ends,
      // so the broker closes the clients still connected (outside agents) meanwhile.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
      await store.destroy();
    },
  };
}
