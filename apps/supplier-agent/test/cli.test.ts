import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAsync } from 'mqtt';
import { mqttTopic, parsePresence, presenceTopic, type AgentPresenceV1 } from '@myb/contracts';
import { waitFor } from '@myb/testing';
import { defaultMqttClientId } from '../src/index';
import {
  body,
  dispatchedEvent,
  publishMqtt,
  readMailFolder,
  startAedes,
  tempDir,
  uniqueSlugs,
  type EmbeddedMqttBroker,
} from './support';

const BIN = fileURLToPath(new URL('../bin/supplier-agent.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('supplier agent CLI', () => {
  let broker: EmbeddedMqttBroker | undefined;

  afterEach(async () => {
    await broker?.close();
  });

  it('prints --help with every flag and its environment variable', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    const { stdout } = cli.output();
    for (const flag of [
      '--amqp-url',
      '--mqtt-url',
      '--merchant',
      '--supplier',
      '--exchange',
      '--queue',
      '--client-id',
      '--recipients-file',
      '--recipients-url',
      '--recipients',
      '--api-token',
      '--smtp-url',
      '--mail-dir',
      '--from',
      '--state-dir',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('AGENT_AMQP_URL');
  });

  it('refuses to start without a broker', async () => {
    const cli = run([
      '--merchant',
      'acme',
      '--supplier',
      'bolt-co',
      '--from',
      'agent@bolt.example',
      '--recipients',
      'ann@bolt.example',
      '--mail-dir',
      '/tmp/x',
    ]);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toContain('give a broker: --amqp-url or --mqtt-url');
  });

  it('runs from environment variables, e-mails, and exits cleanly on SIGTERM', async () => {
    broker = await startAedes();
    const slugs = uniqueSlugs();
    const dir = join(await tempDir('cli-mail'), 'mail');
    const cli = run([], {
      AGENT_MQTT_URL: broker.url,
      AGENT_MERCHANT: slugs.merchant,
      AGENT_SUPPLIER: slugs.supplier,
      AGENT_RECIPIENTS: 'ann@bolt.example,bob@bolt.example',
      AGENT_MAIL_DIR: dir,
      AGENT_FROM: 'agent@bolt.example',
      AGENT_STATE_DIR: await tempDir('cli-state'),
    });
    await waitFor(
      () => (cli.output().stderr.includes('"msg":"ready"') ? true : undefined),
      'the CLI to subscribe',
    );
    await publishMqtt(
      broker.url,
      mqttTopic(slugs.merchant, slugs.supplier),
      body(dispatchedEvent(slugs.merchant, slugs.supplier)),
    );
    await waitFor(
      async () => ((await readMailFolder(dir).catch(() => undefined))?.mails.length === 2 ? true : undefined),
      'two .eml files',
    );

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('announces itself online, and its last will says offline when it is killed with SIGKILL', async () => {
    broker = await startAedes();
    const slugs = uniqueSlugs();
    const watcher = await connectAsync(broker.url, { reconnectPeriod: 0 });
    const heard: AgentPresenceV1[] = [];
    watcher.on('message', (_topic, payload) => {
      const parsed = parsePresence(payload);
      if (parsed.ok) {
        heard.push(parsed.presence);
      }
    });
    await watcher.subscribeAsync(presenceTopic(slugs.merchant, slugs.supplier), { qos: 1 });
    try {
      const cli = run([], {
        AGENT_MQTT_URL: broker.url,
        AGENT_MERCHANT: slugs.merchant,
        AGENT_SUPPLIER: slugs.supplier,
        AGENT_RECIPIENTS: 'ann@bolt.example',
        AGENT_MAIL_DIR: join(await tempDir('cli-mail'), 'mail'),
        AGENT_FROM: 'agent@bolt.example',
        AGENT_STATE_DIR: await tempDir('cli-state'),
      });
      const online = await waitFor(() => heard.find((p) => p.status === 'online'), 'an online announcement');
      expect(online.agent).toBe(defaultMqttClientId(slugs.merchant, slugs.supplier));
      cli.child.kill('SIGKILL');
      await cli.exited;
      const offline = await waitFor(() => heard.find((p) => p.status === 'offline'), 'the last will');
      // The will belongs to the session that went online: same `since`.
      expect(offline.since).toBe(online.since);
    } finally {
      await watcher.endAsync();
    }
  });
});
