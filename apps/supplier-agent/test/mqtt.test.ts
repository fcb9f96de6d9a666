import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect as connectAmqp } from 'amqplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amqpRoutingKey, DEFAULT_AMQP_EXCHANGE, mqttTopic, type OrderDispatchedV1 } from '@myb/contracts';
import {
  hasServices,
  requireServiceUrl,
  startSmtpServer,
  type LoopbackSmtpServer,
  waitFor,
} from '@myb/testing';
import {
  DEAD_LETTERS_FILE,
  defaultMqttClientId,
  startAgent,
  type AgentOptions,
  type RunningAgent,
} from '../src/index';
import {
  body,
  dispatchedEvent,
  dropMqttSession,
  publishMqtt,
  readMailFolder,
  recordingLogger,
  startAedes,
  tempDir,
  uniqueSlugs,
} from './support';

const RECIPIENTS = ['ann@bolt.example', 'bob@bolt.example'];

interface Broker {
  url: string;
  publish(merchant: string, supplier: string, payload: Buffer): Promise<void>;
  close(): Promise<void>;
}

interface Target {
  name: string;
  runs: () => boolean;
  protocolVersion: 4 | 5;
  open(): Promise<Broker>;
}

function mqttBroker(url: string, close: () => Promise<void> = () => Promise.resolve()): Broker {
  return {
    url,
    publish: (merchant, supplier, payload) => publishMqtt(url, mqttTopic(merchant, supplier), payload),
    close,
  };
}

const targets: Target[] = [
  {
    name: 'Aedes, embedded (MQTT 3.1.1)',
    runs: () => true,
    protocolVersion: 4,
    async open() {
      const aedes = await startAedes();
      return mqttBroker(aedes.url, () => aedes.close());
    },
  },
  {
    name: 'Mosquitto (MQTT 3.1.1)',
    runs: () => hasServices('supplier agent over Mosquitto', 'mosquitto'),
    protocolVersion: 4,
    open: () => Promise.resolve(mqttBroker(requireServiceUrl('mosquitto'))),
  },
  {
    name: 'Mosquitto (MQTT 5)',
    runs: () => hasServices('supplier agent over Mosquitto, MQTT 5', 'mosquitto'),
    protocolVersion: 5,
    open: () => Promise.resolve(mqttBroker(requireServiceUrl('mosquitto'))),
  },
  {
    // Published over AMQP, as the server does: RabbitMQ hands it to the MQTT subscriber.
    name: "RabbitMQ's MQTT plugin, published over AMQP (MQTT 3.1.1)",
    runs: () => hasServices("supplier agent over RabbitMQ's MQTT plugin", 'rabbitmqMqtt', 'rabbitmq'),
    protocolVersion: 4,
    async open() {
      const connection = await connectAmqp(requireServiceUrl('rabbitmq'));
      const channel = await connection.createConfirmChannel();
      return {
        url: requireServiceUrl('rabbitmqMqtt'),
        async publish(merchant, supplier, payload) {
          channel.publish(DEFAULT_AMQP_EXCHANGE, amqpRoutingKey(merchant, supplier), payload, {
            persistent: true,
          });
          await channel.waitForConfirms();
        },
        close: () => connection.close(),
      };
    },
  },
];

for (const target of targets) {
  describe.skipIf(!target.runs())(`supplier agent over ${target.name}`, () => {
    let broker: Broker;
    let smtp: LoopbackSmtpServer;
    let slugs: { merchant: string; supplier: string };
    let agent: RunningAgent | undefined;
    let logger: ReturnType<typeof recordingLogger>;
    let stateDir: string;

    beforeAll(async () => {
      broker = await target.open();
    });
    afterAll(async () => {
      await broker.close();
    });

    beforeEach(async () => {
      smtp = await startSmtpServer();
      slugs = uniqueSlugs();
      logger = recordingLogger();
      stateDir = await tempDir('mqtt-state');
    });
    afterEach(async () => {
      await agent?.close();
      agent = undefined;
      await smtp.close();
      await dropMqttSession(
        broker.url,
        defaultMqttClientId(slugs.merchant, slugs.supplier),
        target.protocolVersion,
      );
    });

    async function start(overrides: Partial<AgentOptions> = {}): Promise<RunningAgent> {
      const running = startAgent({
        ...slugs,
        broker: { kind: 'mqtt', url: broker.url, protocolVersion: target.protocolVersion },
        recipients: { kind: 'list', emails: RECIPIENTS },
        mail: { kind: 'smtp', url: smtp.url, from: 'agent@bolt.example' },
        stateDir,
        logger,
        retryDelayMs: 100,
        ...overrides,
      });
      agent = running;
      await running.ready;
      return running;
    }

    const publishEvent = (event: OrderDispatchedV1) =>
      broker.publish(slugs.merchant, slugs.supplier, body(event));
    const handled = (count: number) => () =>
      logger.lines.filter((line) => line.msg === 'e-mailed').length >= count ? true : undefined;

    function eventIdsPerRecipient(): string[] {
      return smtp.received
        .map((mail) => `${mail.envelopeTo.join(',')} ${mail.parsed.headers.get('x-myb-event-id') as string}`)
        .sort();
    }

    it('e-mails each recipient once, with the products and quantities', async () => {
      await start();
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      await publishEvent(event);

      const mails = await smtp.waitFor(2);
      expect(mails.map((mail) => mail.envelopeTo).sort()).toEqual(RECIPIENTS.map((to) => [to]));
      for (const mail of mails) {
        expect(mail.parsed.subject).toBe('Order A-1042 from Acme — 2 items');
        expect(mail.parsed.text).toContain('3 × Bolts 10mm (SKU B-10)');
        expect(mail.parsed.text).toContain('12 × Nuts 10mm (SKU N-10)');
      }
    });

    it('sends no second e-mail for a message delivered twice', async () => {
      await start();
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      const next = dispatchedEvent(slugs.merchant, slugs.supplier, 'A-1043');
      await publishEvent(event);
      await publishEvent(event);
      // Messages are handled in order, so once the next order is e-mailed the duplicate has been dealt with.
      await publishEvent(next);

      await smtp.waitFor(4);
      await waitFor(handled(3), 'three messages');
      expect(eventIdsPerRecipient()).toEqual(
        [event.id, next.id].flatMap((id) => RECIPIENTS.map((to) => `${to} ${id}`)).sort(),
      );
    });

    it('keeps an unparsable message in dead-letters.jsonl with the reason, and keeps going', async () => {
      await start();
      await broker.publish(slugs.merchant, slugs.supplier, Buffer.from('{"type":"order.dispatched"}'));
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      await publishEvent(event);

      await smtp.waitFor(2);
      const lines = (await readFile(join(stateDir, DEAD_LETTERS_FILE), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(1);
      const letter = JSON.parse(lines[0]!) as { topic: string; reason: string; payloadBase64: string };
      expect(letter.topic).toBe(mqttTopic(slugs.merchant, slugs.supplier));
      expect(letter.reason).toMatch(/^body is not a known event: /);
      expect(Buffer.from(letter.payloadBase64, 'base64').toString()).toBe('{"type":"order.dispatched"}');
      expect(eventIdsPerRecipient()).toEqual(RECIPIENTS.map((to) => `${to} ${event.id}`));
    });

    it('leaves a message whose e-mail failed unacknowledged, and e-mails it once mail works again', async () => {
      const dir = join(await tempDir('mqtt-mail'), 'outbox');
      // A file where the mail folder should be makes every send fail until it is removed.
      await writeFile(dir, 'in the way');
      await start({ mail: { kind: 'folder', dir, from: 'agent@bolt.example' } });
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      await publishEvent(event);

      await waitFor(
        () => (logger.lines.some((line) => line.level === 'error') ? true : undefined),
        'a failed attempt',
      );
      await rm(dir);
      await waitFor(handled(1), 'the message handled after reconnecting');
      const { mails } = await readMailFolder(dir);
      expect(mails.map((mail) => mail.headers.get('x-myb-event-id'))).toEqual([event.id, event.id]);
    });

    it('receives what was published while it was stopped (persistent session)', async () => {
      const first = await start();
      await first.close();
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      await publishEvent(event);
      await start();

      await smtp.waitFor(2);
      expect(eventIdsPerRecipient()).toEqual(RECIPIENTS.map((to) => `${to} ${event.id}`));
    });
  });
}
