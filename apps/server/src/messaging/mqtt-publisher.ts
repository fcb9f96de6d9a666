import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { PublishError, withTimeout, type OutboundMessage, type Publisher } from './publisher';

const PUBACK_TIMEOUT_MS = 10_000;

/**
 * Publishes at QoS 1 over MQTT 3.1.1 (the version every broker here speaks, RabbitMQ 3.x's plugin
 * included); `publish` resolves on PUBACK. While disconnected it fails at once rather than queueing
 * in memory: the outbox row is the queue, and it survives a restart.
 */
export function createMqttPublisher(url: string, description = `MQTT ${new URL(url).host}`): Publisher {
  const client: MqttClient = mqtt.connect(url, {
    clientId: `myb-relay-${randomBytes(6).toString('hex')}`,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
  let lastError = 'not connected yet';
  // What a drop without an error event is called; a failed (re)connect then names its own cause
  // (ECONNREFUSED, bad credentials), which 'offline' must not overwrite: the merchant reads it.
  client.on('connect', () => {
    lastError = 'broker went offline';
  });
  client.on('error', (error) => {
    lastError = error.message;
  });
  // How the first connection attempt ends: a publish made before then waits for it, so that it goes
  // out, or fails naming the real cause rather than "not connected yet".
  const firstAttempt = new Promise<void>((resolve) => {
    for (const outcome of ['connect', 'error', 'close'] as const) {
      client.once(outcome, () => resolve());
    }
  });

  return {
    description,

    async publish(message: OutboundMessage) {
      if (!client.connected) {
        await firstAttempt;
      }
      if (!client.connected) {
        throw new PublishError(`MQTT broker unreachable (${lastError})`);
      }
      await withTimeout(client.publishAsync(message.topic, message.body, { qos: 1 }), PUBACK_TIMEOUT_MS, 'waiting for PUBACK');
    },

    close: () => client.endAsync(),
  };
}
