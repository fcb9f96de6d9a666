import { setTimeout as delay } from 'node:timers/promises';
import { connect, type IPublishPacket } from 'mqtt';
import { mqttTopic, presenceTopic, receiptTopic } from '@myb/contracts';
import { appendDeadLetter } from './dead-letters';
import { buildPresence } from './presence';
import { buildReceipt, noReceipts, type ReceiptSender } from './receipts';
import { deferred, type Subscription, type SubscriptionContext } from './subscription';
import { createWorkLine } from './work-line';

export interface MqttBrokerOption {
  kind: 'mqtt';
  url: string;
  /** Fixed, so the broker keeps the persistent session; default `myb-agent-<merchant>-<supplier>`. */
  clientId?: string;
  /** 4 is MQTT 3.1.1, which every broker here speaks (Aedes and RabbitMQ 3.x know no MQTT 5); default 4. */
  protocolVersion?: 4 | 5;
}

const RECONNECT_PERIOD_MS = 2_000;
// MQTT 5 ends a session at disconnect unless asked otherwise; brokers cap this at their own maximum.
const SESSION_EXPIRY_NEVER = 0xffffffff;
const RECEIPT_PUBACK_TIMEOUT_MS = 10_000;

export function defaultMqttClientId(merchant: string, supplier: string): string {
  return `myb-agent-${merchant}-${supplier}`;
}

export function subscribeMqtt(broker: MqttBrokerOption, context: SubscriptionContext): Subscription {
  const { merchant, supplier, handle, logger, retryDelayMs, stateDir } = context;
  const topic = mqttTopic(merchant, supplier);
  const clientId = broker.clientId ?? defaultMqttClientId(merchant, supplier);
  const protocolVersion = broker.protocolVersion ?? 4;
  const ready = deferred();
  const line = createWorkLine((error) =>
    logger.warn({ err: error, topic }, 'message left unacknowledged; the broker will deliver it again'),
  );
  let closing = false;

  const client = connect(broker.url, {
    clientId,
    clean: false,
    protocolVersion,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_NEVER } } : {}),
  });

  // Receipts go out on a connection of their own: mqtt.js reads no packet of a connection while a
  // message of it is being handled, so the PUBACK of a receipt sent on the same one would never be read.
  // The same connection carries presence, with an `offline` last will the broker publishes if this
  // agent vanishes without a word. Not retained: the server's persistent session queues what it
  // missed, and retained messages would outlive every test and every device on a shared broker.
  const since = new Date();
  const presence = (status: 'online' | 'offline') =>
    buildPresence(merchant, supplier, clientId, status, since, context.heartbeatSeconds);
  const receiptClient = context.receipts
    ? connect(broker.url, {
        clientId: `${clientId}-receipts`,
        clean: true,
        protocolVersion,
        reconnectPeriod: RECONNECT_PERIOD_MS,
        will: {
          topic: presenceTopic(merchant, supplier),
          payload: presence('offline'),
          qos: 1,
          retain: false,
        },
      })
    : undefined;
  receiptClient?.on('error', (error) =>
    logger.warn({ err: error, clientId }, 'MQTT receipt connection error'),
  );
  const announce = async (status: 'online' | 'offline') => {
    await receiptClient?.publishAsync(presenceTopic(merchant, supplier), presence(status), {
      qos: 1,
      retain: false,
    });
  };
  receiptClient?.on('connect', () => {
    announce('online').catch((error: unknown) => logger.warn({ err: error }, 'could not announce presence'));
  });
  const heartbeat = setInterval(() => {
    if (receiptClient?.connected) {
      announce('online').catch((error: unknown) => logger.warn({ err: error }, 'could not send a heartbeat'));
    }
  }, context.heartbeatSeconds * 1000);
  const sendReceipt: ReceiptSender = receiptClient
    ? async (report) => {
        const receipt = buildReceipt(merchant, supplier, clientId, report);
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            receiptClient.publishAsync(receiptTopic(merchant, supplier), JSON.stringify(receipt), { qos: 1 }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no PUBACK for the receipt within ${RECEIPT_PUBACK_TIMEOUT_MS} ms`)),
                RECEIPT_PUBACK_TIMEOUT_MS,
              );
            }),
          ]);
        } finally {
          clearTimeout(timer);
        }
      }
    : noReceipts;

  async function settle(packet: IPublishPacket, acknowledge: () => void): Promise<void> {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const outcome = await handle(payload, sendReceipt);
    switch (outcome.kind) {
      case 'emailed':
        logger.info(
          { eventId: outcome.eventId, sent: outcome.sent, skipped: outcome.skipped, topic },
          'e-mailed',
        );
        acknowledge();
        return;
      case 'rejected':
        logger.warn(
          { reason: outcome.reason, eventId: outcome.eventId, topic },
          'message written to dead-letters.jsonl',
        );
        await appendDeadLetter(stateDir, { topic: packet.topic, reason: outcome.reason, payload });
        acknowledge();
        return;
      case 'failed':
        logger.error(
          { err: outcome.error, topic },
          `e-mail failed; reconnecting in ${retryDelayMs} ms to have it again`,
        );
        await delay(retryDelayMs);
        if (!closing) {
          // MQTT redelivers an unacknowledged message only on a new connection of the same session.
          client.stream.destroy();
        }
        return;
    }
  }

  // mqtt.js sends the PUBACK when this callback is called (README: handleMessage), for MQTT 3.1.1
  // and 5 alike, and reads no further packet until then. customHandleAcks would be MQTT 5 only.
  client.handleMessage = (packet, callback) => {
    void line.run(() => settle(packet, () => callback()));
  };

  client.on('error', (error) => logger.warn({ err: error, clientId }, 'MQTT client error'));
  client.on('offline', () => {
    if (!closing) {
      logger.warn({ clientId }, 'MQTT connection lost; reconnecting');
    }
  });
  client.once('connect', () => {
    // Later reconnects find the session (and its subscription) on the broker, or mqtt.js resubscribes.
    client.subscribeAsync(topic, { qos: 1 }).then(
      (granted) => {
        const qos = granted[0]?.qos;
        if (qos !== 1) {
          const error = new Error(`the broker granted QoS ${String(qos)} on ${topic}, not 1`);
          logger.error({ err: error, clientId }, 'cannot subscribe over MQTT');
          ready.reject(error);
          return;
        }
        logger.info({ topic, clientId }, 'subscribed over MQTT');
        ready.resolve();
      },
      (error: unknown) => {
        logger.error({ err: error, clientId }, 'cannot subscribe over MQTT');
        ready.reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

  return {
    ready: ready.promise,
    async close() {
      closing = true;
      ready.reject(new Error('the agent closed before it subscribed'));
      await line.stop();
      // Not forced when connected: the PUBACK just queued goes out before DISCONNECT. Either way
      // the session stays on the broker.
      await client.endAsync(!client.connected);
      clearInterval(heartbeat);
      if (receiptClient?.connected) {
        // A clean stop says so; the last will is only for a stop that could not.
        await Promise.race([announce('offline'), delay(2000)]).catch(() => undefined);
      }
      await receiptClient?.endAsync(!receiptClient.connected);
    },
  };
}
