import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { simpleParser, type ParsedMail } from 'mailparser';
import { connectAsync } from 'mqtt';
import { serializeEnvelope, type OrderDispatchedV1, type PurchaseOrderSentV1, type SupplierEvent } from '@myb/contracts';
import type { AgentLogger } from '../src/index';

/** Slugs no other suite uses, so suites share brokers side by side. */
export function uniqueSlugs(): { merchant: string; supplier: string } {
  const suffix = randomUUID().slice(0, 8);
  return { merchant: `acme-${suffix}`, supplier: `bolt-co-${suffix}` };
}

export function dispatchedEvent(merchant: string, supplier: string, number = 'A-1042'): OrderDispatchedV1 {
  return {
    id: randomUUID(),
    type: 'order.dispatched',
    version: 1,
    occurredAt: new Date().toISOString(),
    merchant: { slug: merchant, name: 'Acme' },
    supplier: { slug: supplier, name: 'Bolt Co' },
    order: { id: randomUUID(), number },
    items: [
      { sku: 'B-10', product: 'Bolts 10mm', quantity: 3 },
      { sku: 'N-10', product: 'Nuts 10mm', quantity: 12 },
    ],
  };
}

export function purchaseOrderEvent(merchant: string, supplier: string, number = 'PO-0007'): PurchaseOrderSentV1 {
  return {
    id: randomUUID(),
    type: 'purchase_order.sent',
    version: 1,
    occurredAt: new Date().toISOString(),
    merchant: { slug: merchant, name: 'Acme' },
    supplier: { slug: supplier, name: 'Bolt Co' },
    purchaseOrder: { id: randomUUID(), number, expectedOn: '2026-12-10', note: null },
    lines: [
      { position: 1, sku: 'B-10', supplierSku: 'BC-1010', product: 'Bolts 10mm', quantity: 24, unitCostMinor: 120, currency: 'EUR' },
      { position: 2, sku: 'N-10', supplierSku: null, product: 'Nuts 10mm', quantity: 3, unitCostMinor: 1999, currency: 'EUR' },
    ],
    replyTo: { routingKey: `receipts.${merchant}.${supplier}`, topic: `receipts/${merchant}/${supplier}` },
  };
}

export function body(event: SupplierEvent): Buffer {
  return Buffer.from(serializeEnvelope(event));
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** Keeps what the agent logs, for tests that wait on it, instead of writing it to stderr. */
export function recordingLogger(): AgentLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `myb-agent-${prefix}-`));
}

/** The `.eml` files of a mail folder, parsed as the server's mail viewer parses them. */
export async function readMailFolder(dir: string): Promise<{ names: string[]; mails: ParsedMail[] }> {
  const names = (await readdir(dir)).sort();
  const emls = names.filter((name) => name.endsWith('.eml'));
  const mails = await Promise.all(emls.map(async (name) => simpleParser(await readFile(join(dir, name)))));
  return { names, mails };
}

export interface EmbeddedMqttBroker {
  url: string;
  close(): Promise<void>;
}

export async function startAedes(): Promise<EmbeddedMqttBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('Aedes server has no TCP address');
  }
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function publishMqtt(url: string, topic: string, payload: Buffer | string): Promise<void> {
  const client = await connectAsync(url, {
    clientId: `myb-test-pub-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 0,
  });
  try {
    await client.publishAsync(topic, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/** Connecting once with a clean session makes the broker drop the agent's persistent one. */
export async function dropMqttSession(url: string, clientId: string, protocolVersion: 4 | 5): Promise<void> {
  const client = await connectAsync(url, { clientId, clean: true, protocolVersion, reconnectPeriod: 0 });
  await client.endAsync();
}
