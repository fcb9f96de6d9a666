import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amqpRoutingKey, DEFAULT_AMQP_EXCHANGE } from '@myb/contracts';
import {
  hasServices,
  requireServiceUrl,
  startSmtpServer,
  type LoopbackSmtpServer,
  type ReceivedMail,
  waitFor,
} from '@myb/testing';
import { deadLetterQueue, defaultAmqpQueue, HANDLED_FILE, startAgent, type RunningAgent } from '../src/index';
import type { FaultPoint } from '../src/handle-message';
import { FAULT_VARIABLE } from '../src/fault-hook';
import { body, dispatchedEvent, recordingLogger, tempDir, uniqueSlugs } from './support';

// The agent killed with SIGKILL (what `kill -9` sends) at chosen points of handling, as a child
// process, then started again: for N events with unique ids, count what was lost and duplicated.

const BIN = fileURLToPath(new URL('../bin/supplier-agent.mjs', import.meta.url));
const RECIPIENTS = ['ann@bolt.example', 'bob@bolt.example'];

function eventIdOf(mail: ReceivedMail): string {
  const header = mail.parsed.headers.get('x-myb-event-id');
  return typeof header === 'string' ? header : '';
}
const EVENTS = 12;
/** Dies at the 5th time it reaches the point: in the middle of the run, with e-mails before and after. */
const KILL_AT = 5;

interface Counts {
  delivered: number;
  lost: number;
  duplicated: number;
}

/** Per (event, recipient) pair expected: e-mailed once, never, or more than once. */
function count(smtp: LoopbackSmtpServer, eventIds: string[]): Counts {
  const sent = new Map<string, number>();
  for (const mail of smtp.received) {
    const key = `${eventIdOf(mail)} ${mail.envelopeTo[0] ?? ''}`;
    sent.set(key, (sent.get(key) ?? 0) + 1);
  }
  const pairs = eventIds.flatMap((id) => RECIPIENTS.map((to) => `${id} ${to}`));
  return {
    delivered: pairs.filter((pair) => (sent.get(pair) ?? 0) >= 1).length,
    lost: pairs.filter((pair) => !sent.has(pair)).length,
    duplicated: pairs.reduce((sum, pair) => sum + Math.max(0, (sent.get(pair) ?? 0) - 1), 0),
  };
}

describe.skipIf(!hasServices('supplier agent killed with SIGKILL', 'rabbitmq'))(
  'the agent killed at chosen points',
  () => {
    let connection: ChannelModel;
    let channel: Channel;
    const children: ChildProcess[] = [];
    const queues: string[] = [];

    beforeAll(async () => {
      connection = await connect(requireServiceUrl('rabbitmq'));
      channel = await connection.createChannel();
    });
    afterAll(async () => {
      await connection.close();
    });
    afterEach(async () => {
      for (const child of children.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
        }
      }
      for (const queue of queues.splice(0)) {
        await channel.deleteQueue(queue);
        await channel.deleteQueue(deadLetterQueue(queue));
      }
    });

    function runAgent(
      slugs: { merchant: string; supplier: string },
      smtpUrl: string,
      stateDir: string,
      killAt?: string,
    ) {
      const child = spawn(
        process.execPath,
        [
          BIN,
          '--amqp-url',
          requireServiceUrl('rabbitmq'),
          '--merchant',
          slugs.merchant,
          '--supplier',
          slugs.supplier,
          '--recipients',
          RECIPIENTS.join(','),
          '--smtp-url',
          smtpUrl,
          '--from',
          'agent@bolt.example',
          '--state-dir',
          stateDir,
          '--retry-delay',
          '100',
        ],
        { env: { ...process.env, [FAULT_VARIABLE]: killAt ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(signal ?? code)),
      );
      const ready = waitFor(() => (/"msg":"ready"/.test(stderr) ? true : undefined), 'the agent to be ready');
      return { exited, ready, log: () => stderr };
    }

    for (const [point, expectedDuplicates] of [
      ['after-send', 1],
      ['after-record', 0],
      ['after-receipt', 0],
    ] as const) {
      it(`killed ${point}: nothing lost, ${expectedDuplicates === 1 ? 'exactly the one e-mail in the window sent twice' : 'no e-mail sent twice'}`, async () => {
        const smtp = await startSmtpServer();
        try {
          const slugs = uniqueSlugs();
          queues.push(defaultAmqpQueue(slugs.merchant, slugs.supplier));
          const stateDir = await tempDir(`fault-${point}`);
          const first = runAgent(slugs, smtp.url, stateDir, `${point}:${KILL_AT}`);
          await first.ready;
          const events = Array.from({ length: EVENTS }, () =>
            dispatchedEvent(slugs.merchant, slugs.supplier),
          );
          for (const event of events) {
            channel.publish(
              DEFAULT_AMQP_EXCHANGE,
              amqpRoutingKey(slugs.merchant, slugs.supplier),
              body(event),
              {
                messageId: event.id,
                persistent: true,
              },
            );
          }
          expect(await first.exited).toBe('SIGKILL');
          const beforeRestart = smtp.received.length;

          const second = runAgent(slugs, smtp.url, stateDir);
          await second.ready;
          const ids = events.map((event) => event.id);
          await waitFor(
            () => (count(smtp, ids).lost === 0 ? true : undefined),
            `every e-mail after the restart (agent log: ${second.log()})`,
            30_000,
          );
          // Whatever would come twice comes with the redelivery; give it the time to show up.
          await new Promise((resolve) => setTimeout(resolve, 500));
          const counts = count(smtp, ids);
          console.info(
            `[faults] agent killed ${point}: e-mails before the kill ${beforeRestart}, counts ${JSON.stringify(counts)}`,
          );
          expect(counts).toEqual({
            delivered: EVENTS * RECIPIENTS.length,
            lost: 0,
            duplicated: expectedDuplicates,
          });
          if (expectedDuplicates > 0) {
            // The copy is recognisable: the same Message-ID as the first.
            const ids = smtp.received.map((mail) => mail.parsed.messageId);
            expect(new Set(ids).size).toBe(ids.length - expectedDuplicates);
          }
          const record = (await readFile(join(stateDir, HANDLED_FILE), 'utf8')).trim().split('\n');
          expect(record).toHaveLength(EVENTS * RECIPIENTS.length);
        } finally {
          await smtp.close();
        }
      });
    }

    it('measures the window: from the mail server accepting an e-mail to its record being on disk', async () => {
      const smtp = await startSmtpServer();
      const slugs = uniqueSlugs();
      queues.push(defaultAmqpQueue(slugs.merchant, slugs.supplier));
      const marks: { point: FaultPoint; at: bigint }[] = [];
      let agent: RunningAgent | undefined;
      try {
        agent = startAgent({
          ...slugs,
          broker: { kind: 'amqp', url: requireServiceUrl('rabbitmq') },
          recipients: { kind: 'list', emails: RECIPIENTS },
          mail: { kind: 'smtp', url: smtp.url, from: 'agent@bolt.example' },
          stateDir: await tempDir('fault-window'),
          logger: recordingLogger(),
          faultHook: (point) => marks.push({ point, at: process.hrtime.bigint() }),
        });
        await agent.ready;
        const events = Array.from({ length: 30 }, () => dispatchedEvent(slugs.merchant, slugs.supplier));
        for (const event of events) {
          channel.publish(
            DEFAULT_AMQP_EXCHANGE,
            amqpRoutingKey(slugs.merchant, slugs.supplier),
            body(event),
            {
              persistent: true,
            },
          );
        }
        await smtp.waitFor(events.length * RECIPIENTS.length, 30_000);
        // The last record is written just after the last e-mail was accepted.
        await waitFor(
          () =>
            marks.filter((mark) => mark.point === 'after-record').length === events.length * RECIPIENTS.length
              ? true
              : undefined,
          'the last record',
        );
        const windows: number[] = [];
        for (let i = 0; i < marks.length; i += 1) {
          const mark = marks[i]!;
          const next = marks[i + 1];
          if (mark.point === 'after-send' && next?.point === 'after-record') {
            windows.push(Number(next.at - mark.at) / 1e6);
          }
        }
        windows.sort((a, b) => a - b);
        const at = (q: number) => windows[Math.min(windows.length - 1, Math.floor(q * windows.length))]!;
        console.info(
          `[faults] window after SMTP accepted, before the record is fsync'd, over ${windows.length} e-mails: ` +
            `median ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${windows.at(-1)!.toFixed(2)} ms`,
        );
        expect(windows).toHaveLength(events.length * RECIPIENTS.length);
        // An fsync of one line: milliseconds on any disk; a second would mean something is wrong.
        expect(windows.at(-1)).toBeLessThan(1000);
      } finally {
        await agent?.close();
        await smtp.close();
      }
    });
  },
);
