import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttTopic } from '@myb/contracts';
import { waitFor } from '@myb/testing';
import { startAgent, type RunningAgent } from '../src/index';
import {
  body,
  dispatchedEvent,
  publishMqtt,
  purchaseOrderEvent,
  readMailFolder,
  recordingLogger,
  startAedes,
  tempDir,
  uniqueSlugs,
  type EmbeddedMqttBroker,
} from './support';

describe('supplier agent writing mail to a folder', () => {
  let broker: EmbeddedMqttBroker | undefined;
  let agent: RunningAgent | undefined;

  afterEach(async () => {
    await agent?.close();
    await broker?.close();
  });

  it('writes one .eml file per recipient, named to sort by time, that mailparser reads', async () => {
    broker = await startAedes();
    const slugs = uniqueSlugs();
    const dir = join(await tempDir('folder-mail'), 'mail');
    agent = startAgent({
      ...slugs,
      broker: { kind: 'mqtt', url: broker.url },
      recipients: { kind: 'list', emails: ['ann@bolt.example', 'bob@bolt.example'] },
      mail: { kind: 'folder', dir, from: 'agent@bolt.example' },
      stateDir: await tempDir('folder-state'),
      logger: recordingLogger(),
    });
    await agent.ready;
    const event = dispatchedEvent(slugs.merchant, slugs.supplier);
    await publishMqtt(broker.url, mqttTopic(slugs.merchant, slugs.supplier), body(event));

    const { names, mails } = await waitFor(async () => {
      const folder = await readMailFolder(dir).catch(() => undefined);
      return folder !== undefined && folder.mails.length === 2 ? folder : undefined;
    }, 'two .eml files');
    expect(names.every((name) => /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-.+\.eml$/.test(name))).toBe(
      true,
    );
    expect(
      mails.map((mail) => (Array.isArray(mail.to) ? mail.to : [mail.to]).map((to) => to?.text)).sort(),
    ).toEqual([['ann@bolt.example'], ['bob@bolt.example']]);
    for (const mail of mails) {
      expect(mail.from?.text).toBe('agent@bolt.example');
      expect(mail.subject).toBe('Order A-1042 from Acme — 2 items');
      expect(mail.text).toContain('3 × Bolts 10mm (SKU B-10)');
      expect(mail.html).toContain('<td>Nuts 10mm</td>');
      expect(mail.messageId).toMatch(new RegExp(`^<${event.id}\\.[0-9a-f]{16}@myb-supplier-agent>$`));
    }
  });

  it('e-mails a purchase order to each recipient, with its lines, costs and expected date, and sends no dead letter', async () => {
    broker = await startAedes();
    const slugs = uniqueSlugs();
    const dir = join(await tempDir('folder-mail'), 'mail');
    const stateDir = await tempDir('folder-state');
    const logger = recordingLogger();
    agent = startAgent({
      ...slugs,
      broker: { kind: 'mqtt', url: broker.url },
      recipients: { kind: 'list', emails: ['ann@bolt.example', 'bob@bolt.example'] },
      mail: { kind: 'folder', dir, from: 'agent@bolt.example' },
      stateDir,
      logger,
    });
    await agent.ready;
    const event = purchaseOrderEvent(slugs.merchant, slugs.supplier);
    await publishMqtt(broker.url, mqttTopic(slugs.merchant, slugs.supplier), body(event));

    const { mails } = await waitFor(async () => {
      const folder = await readMailFolder(dir).catch(() => undefined);
      return folder !== undefined && folder.mails.length === 2 ? folder : undefined;
    }, 'two .eml files');
    for (const mail of mails) {
      expect(mail.subject).toBe('Purchase order PO-0007 from Acme — 2 lines');
      expect(mail.text).toContain('1. 24 × Bolts 10mm (your SKU BC-1010, our SKU B-10) at €1.20: €28.80');
      expect(mail.text).toContain('Expected by: 10 December 2026');
      expect(mail.text).toContain('Please reply to confirm');
      expect(mail.html).toContain('<td>Nuts 10mm</td>');
      expect(mail.headers.get('x-myb-event-type')).toBe('purchase_order.sent');
    }
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect((await readdir(stateDir)).includes('dead-letters.jsonl')).toBe(false);
  });
});
