import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseAgentReply,
  purchaseOrderAcknowledgedJsonSchema,
  orderAcknowledgedJsonSchema,
  type PurchaseOrderAcknowledgedV1,
} from './receipt';
import {
  parseEnvelope,
  serializeEnvelope,
  supplierEventJsonSchema,
  type OrderDispatchedV1,
  type PurchaseOrderSentV1,
  type SupplierEventType,
} from './envelope';

const event: OrderDispatchedV1 = {
  id: '0b8f2a4e-7c1d-4e2a-9f3b-5d6c7e8f9a0b',
  type: 'order.dispatched',
  version: 1,
  occurredAt: '2026-11-25T10:00:00.000Z',
  merchant: { slug: 'acme', name: 'Acme' },
  supplier: { slug: 'bolt-co', name: 'Bolt Co' },
  order: { id: '1c9e3b5f-8d2e-4f3a-8a4b-6e7f8a9b0c1d', number: 'A-1042' },
  items: [{ sku: 'B-10', product: 'Bolts 10mm', quantity: 3 }],
};

describe('parseEnvelope', () => {
  it('reads what serializeEnvelope writes, from text or bytes', () => {
    const text = serializeEnvelope(event);
    expect(parseEnvelope(text)).toEqual({ ok: true, event });
    expect(parseEnvelope(new TextEncoder().encode(text))).toEqual({ ok: true, event });
  });

  it('accepts the example of the public contract as written', () => {
    const body =
      '{"id":"0b8f2a4e-7c1d-4e2a-9f3b-5d6c7e8f9a0b","type":"order.dispatched","version":1,"occurredAt":"2026-11-25T10:00:00Z",' +
      '"merchant":{"slug":"acme","name":"Acme"},"supplier":{"slug":"bolt-co","name":"Bolt Co"},' +
      '"order":{"id":"1c9e3b5f-8d2e-4f3a-8a4b-6e7f8a9b0c1d","number":"A-1042"},"items":[{"sku":"B-10","product":"Bolts 10mm","quantity":3}]}';
    expect(parseEnvelope(body).ok).toBe(true);
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x00]), /UTF-8/],
    ['text that is not JSON', '{"id":', /not JSON/],
    ['an unknown type', JSON.stringify({ ...event, type: 'order.exploded' }), /type/],
    ['a future version', JSON.stringify({ ...event, version: 2 }), /version/],
    ['a negative quantity', JSON.stringify({ ...event, items: [{ ...event.items[0], quantity: -3 }] }), /items\.0\.quantity/],
    ['no items', JSON.stringify({ ...event, items: [] }), /items/],
    ['a supplier slug with a dot', JSON.stringify({ ...event, supplier: { slug: 'bolt.co', name: 'B' } }), /supplier\.slug/],
    ['an array', '[]', /body/],
  ])('refuses %s and says why', (_, body, reason) => {
    const parsed = parseEnvelope(body);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});

const purchaseOrder: PurchaseOrderSentV1 = {
  id: '7d1e0c2a-5b4f-4a3e-9c8d-1e2f3a4b5c6d',
  type: 'purchase_order.sent',
  version: 1,
  occurredAt: '2026-12-01T09:00:00.000Z',
  merchant: { slug: 'acme', name: 'Acme' },
  supplier: { slug: 'bolt-co', name: 'Bolt Co' },
  purchaseOrder: { id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', number: 'PO-0007', expectedOn: '2026-12-10', note: null },
  lines: [
    { position: 1, sku: 'B-10', supplierSku: 'BC-1010', product: 'Bolts 10mm', quantity: 24, unitCostMinor: 120, currency: 'EUR' },
  ],
  replyTo: { routingKey: 'receipts.acme.bolt-co', topic: 'receipts/acme/bolt-co' },
};

describe('parseEnvelope of a purchase order', () => {
  it('reads what serializeEnvelope writes, and keeps reading when fields are added', () => {
    expect(parseEnvelope(serializeEnvelope(purchaseOrder))).toEqual({ ok: true, event: purchaseOrder });
    const later = { ...purchaseOrder, paymentTerms: 'net 30', lines: [{ ...purchaseOrder.lines[0], packSize: 50 }] };
    expect(parseEnvelope(JSON.stringify(later))).toEqual({ ok: true, event: purchaseOrder });
  });

  it.each([
    ['a negative cost', { lines: [{ ...purchaseOrder.lines[0], unitCostMinor: -1 }] }, /lines\.0\.unitCostMinor/],
    ['a currency that is not a code', { lines: [{ ...purchaseOrder.lines[0], currency: 'euro' }] }, /lines\.0\.currency/],
    ['a date with a time', { purchaseOrder: { ...purchaseOrder.purchaseOrder, expectedOn: '2026-12-10T00:00:00Z' } }, /purchaseOrder\.expectedOn/],
    ['no lines', { lines: [] }, /lines/],
    ['no reply address', { replyTo: undefined }, /replyTo/],
  ])('refuses %s and says why', (_, change, reason) => {
    const parsed = parseEnvelope(JSON.stringify({ ...purchaseOrder, ...change }));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});

describe("the README's messaging contract", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const jsonBlocks = [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => match[1]!);

  it.each(['order.dispatched', 'purchase_order.sent'] as const)('gives examples of %s that parse', (type) => {
    const examples = jsonBlocks.filter((block) => block.includes(`"type": "${type}"`));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(parseEnvelope(example)).toMatchObject({ ok: true });
    }
  });

  it.each(['order.dispatched', 'purchase_order.sent'] as SupplierEventType[])('documents the JSON Schema of %s as the code makes it', (type) => {
    const marker = `<!-- json-schema: ${type} -->\n\`\`\`json\n`;
    const start = readme.indexOf(marker);
    expect(start, `the README has a block after ${marker.trim()}`).toBeGreaterThan(-1);
    const block = readme.slice(start + marker.length, readme.indexOf('\n```', start + marker.length));
    expect(JSON.parse(block)).toEqual(supplierEventJsonSchema(type));
  });

  it('gives an example of purchase_order.acknowledged that parses, and its JSON Schema as the code makes it', () => {
    const examples = jsonBlocks.filter((block) => block.includes('"type": "purchase_order.acknowledged"'));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(parseAgentReply(example)).toMatchObject({ ok: true, reply: { type: 'purchase_order.acknowledged' } });
    }
    const marker = '<!-- json-schema: purchase_order.acknowledged -->\n```json\n';
    const start = readme.indexOf(marker);
    expect(start, `the README has a block after ${marker.trim()}`).toBeGreaterThan(-1);
    const block = readme.slice(start + marker.length, readme.indexOf('\n```', start + marker.length));
    expect(JSON.parse(block)).toEqual(purchaseOrderAcknowledgedJsonSchema());
  });

  it('gives an example of order.acknowledged that parses, and its JSON Schema as the code makes it', () => {
    const examples = jsonBlocks.filter((block) => block.includes('"type": "order.acknowledged"'));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(parseAgentReply(example)).toMatchObject({ ok: true, reply: { type: 'order.acknowledged' } });
    }
    const marker = '<!-- json-schema: order.acknowledged -->\n```json\n';
    const start = readme.indexOf(marker);
    expect(start, `the README has a block after ${marker.trim()}`).toBeGreaterThan(-1);
    const block = readme.slice(start + marker.length, readme.indexOf('\n```', start + marker.length));
    expect(JSON.parse(block)).toEqual(orderAcknowledgedJsonSchema());
  });
});

const acknowledgement: PurchaseOrderAcknowledgedV1 = {
  id: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
  type: 'purchase_order.acknowledged',
  version: 1,
  occurredAt: '2026-12-01T11:30:00.000Z',
  purchaseOrder: { id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', number: 'PO-0007' },
  merchant: 'acme',
  supplier: 'bolt-co',
  deliveryOn: '2026-12-12',
  lines: [{ sku: 'B-10', quantity: 20 }],
};

describe('parseAgentReply', () => {
  it('reads a purchase order acknowledgement by its type, and a delivery receipt as parseReceipt does', () => {
    expect(parseAgentReply(JSON.stringify(acknowledgement))).toEqual({ ok: true, reply: acknowledgement });
    const receipt = {
      id: '6a1d1c7e-0a43-4f43-9d5e-2b9e8f0c1d2e',
      type: 'delivery.receipt',
      version: 1,
      occurredAt: '2026-11-25T10:00:01.000Z',
      eventId: '0b8f2a4e-7c1d-4e2a-9f3b-5d6c7e8f9a0b',
      merchant: 'acme',
      supplier: 'bolt-co',
      stage: 'delivered',
      recipients: [],
      reason: null,
      agent: null,
    };
    expect(parseAgentReply(JSON.stringify(receipt))).toEqual({ ok: true, reply: receipt });
  });

  it.each([
    ['a negative quantity', { lines: [{ sku: 'B-10', quantity: -1 }] }, /not a purchase order acknowledgement: lines\.0\.quantity/],
    ['a day with a time', { deliveryOn: '2026-12-12T08:00:00Z' }, /deliveryOn/],
    ['no lines', { lines: [] }, /lines/],
    ['an unknown type', { type: 'purchase_order.rejected' }, /not a delivery receipt/],
  ])('refuses %s and says why', (_, change, reason) => {
    const parsed = parseAgentReply(JSON.stringify({ ...acknowledgement, ...change }));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});
