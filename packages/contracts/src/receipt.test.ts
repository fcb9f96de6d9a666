import { describe, expect, it } from 'vitest';
import { parseReceipt, receiptRoutingKey, receiptTopic, type DeliveryReceiptV1 } from './receipt';
import { amqpRoutingKey } from './routing';

const receipt: DeliveryReceiptV1 = {
  id: '6a1d1c7e-0a43-4f43-9d5e-2b9e8f0c1d2e',
  type: 'delivery.receipt',
  version: 1,
  occurredAt: '2026-11-25T10:00:01.000Z',
  eventId: '0b8f2a4e-7c1d-4e2a-9f3b-5d6c7e8f9a0b',
  merchant: 'acme',
  supplier: 'bolt-co',
  stage: 'emailed',
  recipients: ['ann@bolt.example'],
  reason: null,
  agent: 'myb-agent-acme-bolt-co',
};

describe('delivery receipts', () => {
  it('travel on three-word keys that no two-word event key can equal', () => {
    expect(receiptRoutingKey('acme', 'bolt-co')).toBe('receipts.acme.bolt-co');
    expect(receiptTopic('acme', 'bolt-co')).toBe('receipts/acme/bolt-co');
    // Even a shop called "receipts" keeps its events on two words.
    expect(amqpRoutingKey('receipts', 'bolt-co').split('.')).toHaveLength(2);
    expect(() => receiptRoutingKey('a.b', 'bolt-co')).toThrow(/not a slug/);
  });

  it('parse back what was sent, and say why they refuse the rest', () => {
    expect(parseReceipt(JSON.stringify(receipt))).toEqual({ ok: true, receipt });
    expect(parseReceipt('{')).toEqual({ ok: false, reason: 'body is not UTF-8 JSON' });
    const wrong = parseReceipt(JSON.stringify({ ...receipt, stage: 'lost' }));
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toMatch(/stage/);
  });
});
