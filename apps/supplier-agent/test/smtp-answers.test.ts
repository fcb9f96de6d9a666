import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  amqpRoutingKey,
  DEFAULT_AMQP_EXCHANGE,
  parseReceipt,
  receiptTopic,
  type DeliveryReceiptV1,
} from '@myb/contracts';
import {
  hasServices,
  requireServiceUrl,
  startSmtpServer,
  type SmtpServerOptions,
  waitFor,
} from '@myb/testing';
import {
  DEAD_LETTER_REASON_HEADER,
  DEAD_LETTERS_FILE,
  deadLetterQueue,
  defaultAmqpQueue,
  startAgent,
  type AgentOptions,
} from '../src/index';
import {
  body,
  dispatchedEvent,
  publishMqtt,
  recordingLogger,
  startAedes,
  tempDir,
  uniqueSlugs,
} from './support';

// What the agent does with a mail server's answers, on a real SMTP server that answers as told.

const ANN = 'ann@bolt.example';
const BOB = 'bob@bolt.example';
const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 20 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    await undo();
  }
});

interface Setup {
  slugs: { merchant: string; supplier: string };
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  receipts: DeliveryReceiptV1[];
  stateDir: string;
  publish(event: ReturnType<typeof dispatchedEvent>): Promise<void>;
}

/** An agent on a fresh Aedes broker, a listener on its receipts, and an SMTP server answering as `answer` says. */
async function onAedes(
  answer: SmtpServerOptions['answer'],
  overrides: Partial<AgentOptions> = {},
): Promise<Setup> {
  const broker = await startAedes();
  cleanups.push(() => broker.close());
  const smtp = await startSmtpServer({ answer });
  cleanups.push(() => smtp.close());
  const slugs = uniqueSlugs();
  const receipts: DeliveryReceiptV1[] = [];
  const listener: MqttClient = await connectAsync(broker.url, { reconnectPeriod: 0 });
  cleanups.push(() => listener.endAsync(true));
  listener.on('message', (_topic, payload) => {
    const parsed = parseReceipt(payload);
    if (parsed.ok) {
      receipts.push(parsed.receipt);
    }
  });
  await listener.subscribeAsync(receiptTopic(slugs.merchant, slugs.supplier), { qos: 1 });
  const stateDir = await tempDir('smtp-answers');
  const agent = startAgent({
    ...slugs,
    broker: { kind: 'mqtt', url: broker.url },
    recipients: { kind: 'list', emails: [ANN, BOB] },
    mail: { kind: 'smtp', url: smtp.url, from: 'agent@bolt.example' },
    stateDir,
    logger: recordingLogger(),
    retryDelayMs: 50,
    mailRetry: FAST_RETRY,
    ...overrides,
  });
  cleanups.push(() => agent.close());
  await agent.ready;
  return {
    slugs,
    smtp,
    receipts,
    stateDir,
    publish: (event) => publishMqtt(broker.url, `${slugs.merchant}/${slugs.supplier}`, body(event)),
  };
}

const stagesOf = (receipts: DeliveryReceiptV1[], eventId: string) =>
  receipts.filter((receipt) => receipt.eventId === eventId).map((receipt) => receipt.stage);

describe('the agent and its mail server', () => {
  it('tries a deferred (451) recipient again with backoff and e-mails it exactly once when it is accepted', async () => {
    const setup = await onAedes((recipient, previous) =>
      recipient === ANN && previous < 2 ? { code: 451, message: '4.3.0 greylisted, try later' } : undefined,
    );
    const event = dispatchedEvent(setup.slugs.merchant, setup.slugs.supplier);
    await setup.publish(event);

    await waitFor(
      () => (stagesOf(setup.receipts, event.id).includes('emailed') ? true : undefined),
      'the emailed receipt',
    );
    expect(setup.smtp.received.map((mail) => mail.envelopeTo[0]).sort()).toEqual([ANN, BOB]);
    const emailed = setup.receipts.find((receipt) => receipt.stage === 'emailed');
    expect(emailed?.recipients.sort()).toEqual([ANN, BOB]);
    expect(stagesOf(setup.receipts, event.id)).toEqual(['delivered', 'emailed']);
  });

  it('does not retry a refused (550) recipient: the others are e-mailed, it becomes a dead letter and a failed receipt', async () => {
    const setup = await onAedes((recipient) =>
      recipient === BOB ? { code: 550, message: '5.1.1 no such mailbox' } : undefined,
    );
    const event = dispatchedEvent(setup.slugs.merchant, setup.slugs.supplier);
    await setup.publish(event);

    await waitFor(
      () => (stagesOf(setup.receipts, event.id).includes('failed') ? true : undefined),
      'the failed receipt',
    );
    expect(setup.smtp.received.map((mail) => mail.envelopeTo[0])).toEqual([ANN]);
    expect(stagesOf(setup.receipts, event.id)).toEqual(['delivered', 'emailed', 'failed']);
    const failed = setup.receipts.find((receipt) => receipt.stage === 'failed');
    expect(failed?.recipients).toEqual([BOB]);
    expect(failed?.reason).toMatch(/^bob@bolt\.example: mail server refused: 550 5\.1\.1 no such mailbox/);
    // The receipt goes out before the dead letter is written (if the write fails, the message comes back).
    const letters = await waitFor(async () => {
      const text = await readFile(join(setup.stateDir, DEAD_LETTERS_FILE), 'utf8').catch(() => '');
      return text.endsWith('\n') ? text.trim().split('\n') : undefined;
    }, 'the dead letter');
    expect(letters).toHaveLength(1);
    expect((JSON.parse(letters[0]!) as { reason: string }).reason).toBe(failed?.reason);
  });

  it('gives a recipient deferred every time up after the configured number of tries, as a dead letter with the reason', async () => {
    let offered = 0;
    const setup = await onAedes((recipient) => {
      if (recipient === ANN) {
        offered += 1;
        return { code: 421, message: '4.7.0 too busy' };
      }
      return undefined;
    });
    const event = dispatchedEvent(setup.slugs.merchant, setup.slugs.supplier);
    await setup.publish(event);

    await waitFor(
      () => (stagesOf(setup.receipts, event.id).includes('failed') ? true : undefined),
      'the failed receipt',
    );
    expect(offered).toBe(FAST_RETRY.maxAttempts);
    expect(setup.smtp.received.map((mail) => mail.envelopeTo[0])).toEqual([BOB]);
    expect(setup.receipts.find((receipt) => receipt.stage === 'failed')?.reason).toMatch(
      /421 4\.7\.0 too busy \(gave up after 4 tries\)$/,
    );
  });
});

describe.skipIf(!hasServices('SMTP answers over AMQP', 'rabbitmq'))(
  'the agent and its mail server, over AMQP',
  () => {
    it('moves a message refused with 550 to <queue>.dead with the reason, once, and acknowledges it', async () => {
      const url = requireServiceUrl('rabbitmq');
      const smtp = await startSmtpServer({ answer: () => ({ code: 550, message: '5.7.1 relaying denied' }) });
      cleanups.push(() => smtp.close());
      const slugs = uniqueSlugs();
      const queue = defaultAmqpQueue(slugs.merchant, slugs.supplier);
      const connection = await connect(url);
      cleanups.push(() => connection.close());
      const channel = await connection.createChannel();
      cleanups.push(async () => {
        await channel.deleteQueue(queue);
        await channel.deleteQueue(deadLetterQueue(queue));
      });
      const agent = startAgent({
        ...slugs,
        broker: { kind: 'amqp', url },
        recipients: { kind: 'list', emails: [ANN] },
        mail: { kind: 'smtp', url: smtp.url, from: 'agent@bolt.example' },
        stateDir: await tempDir('smtp-answers-amqp'),
        logger: recordingLogger(),
        retryDelayMs: 50,
        mailRetry: FAST_RETRY,
      });
      cleanups.push(() => agent.close());
      await agent.ready;
      const event = dispatchedEvent(slugs.merchant, slugs.supplier);
      channel.publish(DEFAULT_AMQP_EXCHANGE, amqpRoutingKey(slugs.merchant, slugs.supplier), body(event), {
        messageId: event.id,
        persistent: true,
      });

      const dead = await waitFor(
        async () => (await channel.get(deadLetterQueue(queue), { noAck: true })) || undefined,
        'a dead letter',
      );
      expect(dead.properties.messageId).toBe(event.id);
      expect(String(dead.properties.headers?.[DEAD_LETTER_REASON_HEADER])).toMatch(
        /^ann@bolt\.example: mail server refused: 550 5\.7\.1 relaying denied/,
      );
      expect(smtp.received).toHaveLength(0);
      // Acknowledged: nothing is left on the main queue, and it never comes back.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
      expect((await channel.checkQueue(deadLetterQueue(queue))).messageCount).toBe(0);
    });
  },
);
