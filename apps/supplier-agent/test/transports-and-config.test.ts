import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReceipt, receiptTopic, type DeliveryReceiptV1 } from '@myb/contracts';
import { waitFor } from '@myb/testing';
import { startAgent, type HealthReport } from '../src/index';
import {
  body,
  dispatchedEvent,
  publishMqtt,
  recordingLogger,
  startAedes,
  tempDir,
  uniqueSlugs,
} from './support';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) {
    await undo();
  }
});

interface MailgunCall {
  authorization: string | undefined;
  path: string;
  fields: Record<string, string>;
}

/** A stand-in for Mailgun's messages endpoint on loopback, answering each call with `answer(n)`. */
async function fakeMailgun(answer: (call: number) => number): Promise<{ url: string; calls: MailgunCall[] }> {
  const calls: MailgunCall[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const form = await new Response(Buffer.concat(chunks), {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    }).formData();
    return Object.fromEntries(
      [...form.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : value.name]),
    );
  };
  const server = createServer((request, response) => {
    void read(request).then((fields) => {
      calls.push({ authorization: request.headers.authorization, path: request.url ?? '', fields });
      const status = answer(calls.length);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          status === 200
            ? { id: '<x@mailgun>', message: 'Queued. Thank you.' }
            : { message: `status ${status}` },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function agentOnMailgun(mailgunUrl: string) {
  const broker = await startAedes();
  cleanups.push(() => broker.close());
  const slugs = uniqueSlugs();
  const receipts: DeliveryReceiptV1[] = [];
  const listener = await connectAsync(broker.url, { reconnectPeriod: 0 });
  cleanups.push(() => listener.endAsync(true));
  listener.on('message', (_topic, payload) => {
    const parsed = parseReceipt(payload);
    if (parsed.ok) {
      receipts.push(parsed.receipt);
    }
  });
  await listener.subscribeAsync(receiptTopic(slugs.merchant, slugs.supplier), { qos: 1 });
  const agent = startAgent({
    ...slugs,
    broker: { kind: 'mqtt', url: broker.url },
    recipients: { kind: 'list', emails: ['ann@bolt.example'] },
    mail: {
      kind: 'mailgun',
      apiKey: 'key-123',
      domain: 'mg.bolt.example',
      from: 'orders@mg.bolt.example',
      baseUrl: mailgunUrl,
    },
    stateDir: await tempDir('mailgun'),
    logger: recordingLogger(),
    mailRetry: { maxAttempts: 3, baseDelayMs: 20 },
  });
  cleanups.push(() => agent.close());
  await agent.ready;
  const event = dispatchedEvent(slugs.merchant, slugs.supplier);
  await publishMqtt(broker.url, `${slugs.merchant}/${slugs.supplier}`, body(event));
  return { event, receipts };
}

describe("Mailgun's HTTP API as the agent's transport", () => {
  it('posts the e-mail with the key, the headers and the stable Message-ID; a 429 is tried again', async () => {
    const mailgun = await fakeMailgun((call) => (call === 1 ? 429 : 200));
    const { event, receipts } = await agentOnMailgun(mailgun.url);
    await waitFor(() => receipts.find((receipt) => receipt.stage === 'emailed'), 'the emailed receipt');
    expect(mailgun.calls).toHaveLength(2);
    const call = mailgun.calls[1]!;
    expect(call.path).toBe('/v3/mg.bolt.example/messages');
    expect(call.authorization).toBe(`Basic ${Buffer.from('api:key-123').toString('base64')}`);
    expect(call.fields).toMatchObject({
      from: 'orders@mg.bolt.example',
      to: 'ann@bolt.example',
      'h:X-MYB-Event-Id': event.id,
    });
    expect(call.fields.subject).toContain(event.order.number);
    expect(call.fields['h:Message-Id']).toMatch(
      new RegExp(`^<${event.id}\\.[0-9a-f]{16}@myb-supplier-agent>$`),
    );
  });

  it('gives up at once on a 400, as a failed receipt with the reason', async () => {
    const mailgun = await fakeMailgun(() => 400);
    const { receipts } = await agentOnMailgun(mailgun.url);
    const failed = await waitFor(
      () => receipts.find((receipt) => receipt.stage === 'failed'),
      'the failed receipt',
    );
    expect(mailgun.calls).toHaveLength(1);
    expect(failed.reason).toMatch(/^ann@bolt\.example: Mailgun answered 400/);
  });
});

const BIN = fileURLToPath(new URL('../bin/supplier-agent.mjs', import.meta.url));

function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, output: () => ({ stdout, stderr }) };
}

describe('the agent command: a config file, and a health check', () => {
  it('reads its settings from --config and reports every check healthy', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const dir = await tempDir('config');
    const config = join(dir, 'agent.json');
    await writeFile(
      config,
      JSON.stringify({
        mqttUrl: broker.url,
        ...uniqueSlugs(),
        recipients: ['ann@bolt.example', 'bob@bolt.example'],
        mailDir: join(dir, 'mail'),
        from: 'agent@bolt.example',
        stateDir: join(dir, 'state'),
        heartbeat: 10,
      }),
    );
    const cli = runCli(['--config', config, '--health']);
    expect(await cli.exited, cli.output().stderr).toBe(0);
    const report = JSON.parse(cli.output().stdout) as HealthReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((entry) => [entry.name, entry.ok])).toEqual([
      ['broker', true],
      ['mail', true],
      ['recipients', true],
      ['state', true],
    ]);
    expect(report.checks.find((entry) => entry.name === 'recipients')?.detail).toBe('2 recipient(s)');
  });

  it('lets a variable win over the file, and fails the check that fails, with exit code 1', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const dir = await tempDir('config-bad');
    const config = join(dir, 'agent.json');
    await writeFile(
      config,
      JSON.stringify({
        mqttUrl: broker.url,
        ...uniqueSlugs(),
        recipients: 'ann@bolt.example',
        from: 'a@b.example',
        stateDir: dir,
      }),
    );
    // Nothing listens on port 1 of loopback.
    const cli = runCli(['--health'], { AGENT_CONFIG: config, AGENT_SMTP_URL: 'smtp://127.0.0.1:1' });
    expect(await cli.exited).toBe(1);
    const report = JSON.parse(cli.output().stdout) as HealthReport;
    expect(report.ok).toBe(false);
    expect(report.checks.find((entry) => entry.name === 'mail')).toMatchObject({ ok: false });
    expect(report.checks.find((entry) => entry.name === 'broker')).toMatchObject({ ok: true });
  });

  it('refuses a config file with a setting it does not know', async () => {
    const dir = await tempDir('config-typo');
    const config = join(dir, 'agent.json');
    await writeFile(config, JSON.stringify({ mqtUrl: 'mqtt://127.0.0.1:1883' }));
    const cli = runCli(['--config', config]);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toMatch(/is not valid: .*mqtUrl/);
  });
});
