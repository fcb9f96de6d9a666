import { describe, expect, it } from 'vitest';
import { parseEnvelope, serializeEnvelope, type OrderDispatchedV1 } from './envelope';

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
