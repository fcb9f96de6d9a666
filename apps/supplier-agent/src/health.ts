import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect as connectAmqp } from 'amqplib';
import { connectAsync } from 'mqtt';
import nodemailer from 'nodemailer';
import type { AgentOptions } from './agent';
import { defaultMqttClientId } from './mqtt';
import { loadRecipients } from './recipients';

export interface HealthCheck {
  name: 'broker' | 'mail' | 'recipients' | 'state';
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  ok: boolean;
  checks: HealthCheck[];
}

const TIMEOUT_MS = 10_000;

async function check(name: HealthCheck['name'], probe: () => Promise<string>): Promise<HealthCheck> {
  try {
    return { name, ok: true, detail: await probe() };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

async function probeBroker(options: AgentOptions): Promise<string> {
  const { broker } = options;
  if (broker.kind === 'amqp') {
    const connection = await connectAmqp(broker.url, { timeout: TIMEOUT_MS });
    await connection.close();
    return `AMQP ${new URL(broker.url).host} accepts this agent`;
  }
  // A client id of its own: connecting as the agent would take over (and end) a running agent's session.
  const clientId = `${broker.clientId ?? defaultMqttClientId(options.merchant, options.supplier)}-health`;
  const client = await connectAsync(broker.url, {
    clientId,
    clean: true,
    protocolVersion: broker.protocolVersion ?? 4,
    reconnectPeriod: 0,
    connectTimeout: TIMEOUT_MS,
  });
  await client.endAsync();
  return `MQTT ${new URL(broker.url).host} accepts this agent`;
}

async function probeMail(options: AgentOptions): Promise<string> {
  const { mail } = options;
  switch (mail.kind) {
    case 'smtp': {
      const transport = nodemailer.createTransport({
        url: mail.url,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      try {
        await transport.verify();
      } finally {
        transport.close();
      }
      return `SMTP ${new URL(mail.url).host} greets and accepts the login`;
    }
    case 'folder':
      await mkdir(mail.dir, { recursive: true });
      await access(mail.dir, 2);
      return `mail folder ${mail.dir} is writable`;
    case 'mailgun':
      // Sending a test e-mail would reach real people; the key is checked on the first send.
      return `Mailgun domain ${mail.domain} configured (not contacted)`;
  }
}

/**
 * Checks once everything the agent needs — without sending an e-mail or taking a message — so an
 * installer or a supervisor (systemd, a container's health check) can tell a broken setup at once.
 */
export async function checkHealth(options: AgentOptions): Promise<HealthReport> {
  const checks = await Promise.all([
    check('broker', () => probeBroker(options)),
    check('mail', () => probeMail(options)),
    check('recipients', async () => {
      const list = await loadRecipients(options.recipients);
      if (list.emails.length === 0) {
        throw new Error('the recipient list is empty');
      }
      return `${list.emails.length} recipient(s)${list.invalid.length > 0 ? `, ${list.invalid.length} invalid ignored` : ''}`;
    }),
    check('state', async () => {
      await mkdir(options.stateDir, { recursive: true });
      const probe = join(options.stateDir, '.health');
      await writeFile(probe, 'ok');
      await rm(probe);
      return `state folder ${options.stateDir} is writable`;
    }),
  ]);
  return { ok: checks.every((entry) => entry.ok), checks };
}
