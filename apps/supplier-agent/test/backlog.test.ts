import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttTopic } from '@myb/contracts';
import { hasServices, requireServiceUrl, waitFor } from '@myb/testing';
import { defaultMqttClientId, HANDLED_FILE, startAgent, type AgentOptions } from '../src/index';
import {
  body,
  dispatchedEvent,
  dropMqttSession,
  recordingLogger,
  startAedes,
  tempDir,
  uniqueSlugs,
} from './support';

// An MQTT supplier offline for a while gets its whole backlog on reconnect: persistent session,
// QoS 1, fixed client id — with a backlog larger than Mosquitto's default per-client cap (1000).

const BACKLOG = 1500;
const SHIPPED_MOSQUITTO_CONF = fileURLToPath(
  new URL('../../../deploy/mosquitto/meetyourbusiness.conf', import.meta.url),
);
const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'].find((path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    await undo();
  }
});

async function handledCount(stateDir: string): Promise<number> {
  const text = await readFile(join(stateDir, HANDLED_FILE), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '').length;
}

/**
 * Subscribes an agent once (so the broker holds its session), stops it, publishes `BACKLOG` events,
 * starts it again and returns how many it e-mailed once nothing more arrives for a second.
 */
async function backlogReceived(url: string): Promise<{ received: number; seconds: number }> {
  const slugs = uniqueSlugs();
  const stateDir = await tempDir('backlog-state');
  const options: AgentOptions = {
    ...slugs,
    broker: { kind: 'mqtt', url },
    recipients: { kind: 'list', emails: ['ann@bolt.example'] },
    mail: { kind: 'folder', dir: await tempDir('backlog-mail'), from: 'agent@bolt.example' },
    stateDir,
    logger: recordingLogger(),
    receipts: false,
  };
  cleanups.push(() => dropMqttSession(url, defaultMqttClientId(slugs.merchant, slugs.supplier), 4));
  const first = startAgent(options);
  await first.ready;
  await first.close();

  const publisher = await connectAsync(url, {
    reconnectPeriod: 0,
    clientId: `myb-test-pub-${slugs.supplier}`,
  });
  const topic = mqttTopic(slugs.merchant, slugs.supplier);
  await Promise.all(
    Array.from({ length: BACKLOG }, (_, i) =>
      publisher.publishAsync(topic, body(dispatchedEvent(slugs.merchant, slugs.supplier, `B-${i + 1}`)), {
        qos: 1,
      }),
    ),
  );
  await publisher.endAsync();

  const started = Date.now();
  const second = startAgent(options);
  cleanups.push(() => second.close());
  await second.ready;
  let last = -1;
  let still = 0;
  const received = await waitFor(
    async () => {
      const count = await handledCount(stateDir);
      still = count === last ? still + 1 : 0;
      last = count;
      // Done when all are in, or when nothing came for a second (a broker that dropped the rest).
      return count >= BACKLOG || (count > 0 && still >= 10) ? count : undefined;
    },
    'the backlog',
    120_000,
  );
  return { received, seconds: (Date.now() - started) / 1000 };
}

/** A Mosquitto of the test's own on a free port, with `settings`; the shared one is never touched. */
async function ownMosquitto(settings: string): Promise<string> {
  if (!MOSQUITTO) {
    throw new Error('no mosquitto binary (apt-get install mosquitto)');
  }
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const dir = await tempDir('mosquitto');
  const conf = join(dir, 'mosquitto.conf');
  // As root Mosquitto would switch to its own user, who cannot write the test's folder.
  await writeFile(
    conf,
    `user root\nlistener ${port} 127.0.0.1\nallow_anonymous true\npersistence_location ${dir}/\n${settings}\n`,
  );
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  const url = `mqtt://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) {
      throw new Error(`mosquitto exited: ${stderr}`);
    }
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 }).catch(
      () => undefined,
    );
    await client?.endAsync();
    return client ? true : undefined;
  }, 'mosquitto to listen');
  return url;
}

describe('an MQTT supplier offline for a while gets its backlog on reconnect', () => {
  it(`on the embedded broker (Aedes): all ${BACKLOG}`, { timeout: 120_000 }, async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const { received, seconds } = await backlogReceived(broker.url);
    console.info(`[backlog] Aedes: ${received} of ${BACKLOG} in ${seconds} s`);
    expect(received).toBe(BACKLOG);
  });

  it.skipIf(!hasServices("backlog on RabbitMQ's MQTT plugin", 'rabbitmqMqtt'))(
    `on RabbitMQ's MQTT plugin: all ${BACKLOG}`,
    { timeout: 120_000 },
    async () => {
      const { received, seconds } = await backlogReceived(requireServiceUrl('rabbitmqMqtt'));
      console.info(`[backlog] RabbitMQ MQTT: ${received} of ${BACKLOG} in ${seconds} s`);
      expect(received).toBe(BACKLOG);
    },
  );

  // Mosquitto runs on the machine whenever MQTT_URL is set; its binary is what these start.
  describe.skipIf(!hasServices('backlog on Mosquitto', 'mosquitto'))('on Mosquitto', () => {
    it(`with its defaults, drops everything past 1000 without a word`, { timeout: 120_000 }, async () => {
      const { received } = await backlogReceived(await ownMosquitto(''));
      console.info(`[backlog] Mosquitto with its defaults: ${received} of ${BACKLOG}`);
      expect(received).toBe(1000);
    });

    it(
      `with the configuration the project ships (deploy/mosquitto): all ${BACKLOG}`,
      { timeout: 120_000 },
      async () => {
        const { received, seconds } = await backlogReceived(
          await ownMosquitto(await readFile(SHIPPED_MOSQUITTO_CONF, 'utf8')),
        );
        console.info(
          `[backlog] Mosquitto with deploy/mosquitto/meetyourbusiness.conf: ${received} of ${BACKLOG} in ${seconds} s`,
        );
        expect(received).toBe(BACKLOG);
      },
    );
  });
});
