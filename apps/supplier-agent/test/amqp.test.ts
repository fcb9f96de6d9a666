import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  MESSAGE_CONTENT_TYPE,
  type OrderDispatchedV1,
} from '@myb/contracts';
import {
  hasServices,
  requireServiceUrl,
  startSmtpServer,
  type LoopbackSmtpServer,
  waitFor,
} from '@myb/testing';
import {
  DEAD_LETTER_REASON_HEADER,
  deadLetterQueue,
  defaultAmqpQueue,
  HANDLED_FILE,
  startAgent,
  type AgentOptions,
  type RunningAgent,
} from '../src/index';
import { body, dispatchedEvent, readMailFolder, recordingLogger, tempDir, uniqueSlugs } from './support';

const RECIPIENTS = ['ann@bolt.example', 'bob@bolt.example'];

describe.skipIf(!hasServices('supplier agent over AMQP', 'rabbitmq'))(
  'supplier agent over AMQP (RabbitMQ)',
  () => {
    let connection: ChannelModel;
    let channel: Channel;
    let smtp: LoopbackSmtpServer;
    let slugs: { merchant: string; supplier: string };
    let queue: string;
    let agent: RunningAgent | undefined;
    let logger: ReturnType<typeof recordingLogger>;

    beforeAll(async () => {
      connection = await connect(requireServiceUrl('rabbitmq'));
      channel = await connection.createChannel();
    });
    afterAll(async () => {
      await connection.close();
    });

    beforeEach(async () => {
      smtp = await startSmtpServer();
      slugs = uniqueSlugs();
      queue = defaultAmqpQueue(slugs.merchant, slugs.supplier);
      logger = recordingLogger();
    });
    afterEach(async () => {
      await agent?.close();
      agent = undefined;
      await smtp.close();
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueue(queue));
    });

    async function start(overrides: Partial<AgentOptions> = {}): Promise<RunningAgent> {
      const running = startAgent({
        ...slugs,
        broker: { kind: 'amqp', url: requireServiceUrl('rabbitmq') },
        recipients: { kind: 'list', emails: RECIPIENTS },
        mail: { kind: 'smtp', url: smtp.url, from: 'agent@bolt.example' },
        stateDir: await tempDir('amqp-state'),
        logger,
        retryDelayMs: 100,
        ...overrides,
      });
      agent = running;
      await running.ready;
      return running;
    }

    function publish(content: Buffer, messageId?: string): void {
      channel.publish(DEFAULT_AMQP_EXCHANGE, amqpRoutingKey(slugs.merchant, slugs.supplier), content, {
        messageId,
        type: 'order.dispatched',
        contentType: MESSAGE_CONTENT_TYPE,
        persistent: true,
        timestamp: Math.floor(Date.now() / 1000),
      });
    }

    function publishEvent(event: OrderDispatchedV1): void {
      publish(body(event), event.id);
    }

    function eventIdsPerRecipient(): string[] {
      return smtp.received
        .map((mail) => `${mail.envelopeTo.join(',')} ${mail.parsed.headers.get('x-myb-event-id') as string}`)
        .sort();
    }

    it('e-mails each recipient once, with the products and quantities', async () => {
      await start();
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      publishEvent(event);

      const mails = await smtp.waitFor(2);
      expect(mails.map((mail) => mail.envelopeTo).sort()).toEqual(RECIPIENTS.map((to) => [to]));
      for (const mail of mails) {
        expect(mail.envelopeFrom).toBe('agent@bolt.example');
        expect(mail.parsed.subject).toBe('Order A-1042 from Acme — 2 items');
        expect(mail.parsed.text).toContain('3 × Bolts 10mm (SKU B-10)');
        expect(mail.parsed.text).toContain('12 × Nuts 10mm (SKU N-10)');
        expect(mail.parsed.html).toContain('Nuts 10mm');
      }
      await waitFor(
        async () => ((await channel.checkQueue(queue)).messageCount === 0 ? true : undefined),
        'an empty queue',
      );
    });

    it('sends no second e-mail for a message delivered twice', async () => {
      await start();
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      const next = dispatchedEvent(slugs.merchant, slugs.supplier, 'A-1043');
      publishEvent(event);
      publishEvent(event);
      // Messages are handled in order, so once the next order is e-mailed the duplicate has been dealt with.
      publishEvent(next);

      await smtp.waitFor(4);
      await waitFor(
        () => (logger.lines.filter((line) => line.msg === 'e-mailed').length === 3 ? true : undefined),
        'three messages',
      );
      expect(eventIdsPerRecipient()).toEqual(
        [event.id, next.id].flatMap((id) => RECIPIENTS.map((to) => `${to} ${id}`)).sort(),
      );
    });

    it('after a crash between e-mail and acknowledgement, e-mails only those not yet e-mailed', async () => {
      const stateDir = await tempDir('amqp-state');
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      // What the record holds when the agent died after e-mailing ann and before acknowledging.
      await writeFile(
        join(stateDir, HANDLED_FILE),
        `${JSON.stringify({ eventId: event.id, recipient: RECIPIENTS[0] })}\n`,
      );
      await start({ stateDir });
      publishEvent(event);

      await smtp.waitFor(1);
      await waitFor(
        () => (logger.lines.some((line) => line.msg === 'e-mailed') ? true : undefined),
        'the message handled',
      );
      expect(eventIdsPerRecipient()).toEqual([`${RECIPIENTS[1]} ${event.id}`]);
    });

    it('moves an unparsable message to <queue>.dead with the reason, and keeps going', async () => {
      await start();
      publish(Buffer.from('this is not JSON'), 'not-an-event');
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      publishEvent(event);

      await smtp.waitFor(2);
      const dead = await waitFor(
        async () => (await channel.get(deadLetterQueue(queue), { noAck: true })) || undefined,
        'a dead letter',
      );
      expect(dead.content.toString()).toBe('this is not JSON');
      expect(dead.properties.messageId).toBe('not-an-event');
      expect(dead.properties.headers?.[DEAD_LETTER_REASON_HEADER]).toBe('body is not JSON');
      expect(eventIdsPerRecipient()).toEqual(RECIPIENTS.map((to) => `${to} ${event.id}`));
    });

    it('hands a message whose e-mail failed back to the broker, and e-mails it once mail works again', async () => {
      const dir = join(await tempDir('amqp-mail'), 'outbox');
      // A file where the mail folder should be makes every send fail until it is removed.
      await writeFile(dir, 'in the way');
      await start({ mail: { kind: 'folder', dir, from: 'agent@bolt.example' } });
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      publishEvent(event);

      await waitFor(
        () => (logger.lines.filter((line) => line.level === 'error').length >= 2 ? true : undefined),
        'two failed attempts',
      );
      await rm(dir);
      const { mails } = await waitFor(async () => {
        const folder = await readMailFolder(dir).catch(() => undefined);
        return folder !== undefined && folder.mails.length >= 2 ? folder : undefined;
      }, 'two .eml files');
      await waitFor(
        () => (logger.lines.some((line) => line.msg === 'e-mailed') ? true : undefined),
        'the message handled',
      );
      expect(mails.map((mail) => mail.headers.get('x-myb-event-id'))).toEqual([event.id, event.id]);
      expect((await readMailFolder(dir)).mails).toHaveLength(2);
    });

    it('reconnects and declares its queue again when the broker cancels it', async () => {
      await start();
      await channel.deleteQueue(queue);
      await waitFor(
        () =>
          logger.lines.filter((line) => line.msg === 'subscribed over AMQP').length === 2 ? true : undefined,
        'a second subscription',
      );
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      publishEvent(event);

      await smtp.waitFor(2);
      expect(eventIdsPerRecipient()).toEqual(RECIPIENTS.map((to) => `${to} ${event.id}`));
    });
  },
);
