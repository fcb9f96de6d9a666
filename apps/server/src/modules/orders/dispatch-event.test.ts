import { parseEnvelope } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { orderDispatchedEvents, type DispatchedLine } from './dispatch-event';

const order = {
  id: '1c9e3b5f-8d2e-4f3a-8a4b-6e7f8a9b0c1d',
  number: 'A-1042',
  merchant: { id: 'm-1', slug: 'acme', name: 'Acme' },
  occurredAt: new Date('2026-11-25T10:00:00Z'),
};
const line = (supplierSlug: string, sku: string, quantity: number): DispatchedLine => ({
  supplierId: `id-${supplierSlug}`,
  supplierSlug,
  supplierName: supplierSlug.toUpperCase(),
  needsAcknowledgement: false,
  acknowledgeWithinHours: 4,
  sku,
  product: `Product ${sku}`,
  quantity,
});
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('orderDispatchedEvents', () => {
  it('writes one event per supplier, each with only what that supplier supplies', () => {
    const events = orderDispatchedEvents(order, [line('bolt-co', 'B-10', 3), line('toolworks', 'T-1', 1), line('bolt-co', 'N-10', 2)], newId);
    expect(events.map((e) => [e.routingKey, e.topic])).toEqual([
      ['acme.bolt-co', 'acme/bolt-co'],
      ['acme.toolworks', 'acme/toolworks'],
    ]);
    const [bolt] = events;
    expect(bolt!.payload).toMatchObject({
      items: [
        { sku: 'B-10', product: 'Product B-10', quantity: 3 },
        { sku: 'N-10', product: 'Product N-10', quantity: 2 },
      ],
    });
  });

  it('produces bodies that satisfy the public contract, with the event id as the row id', () => {
    for (const event of orderDispatchedEvents(order, [line('bolt-co', 'B-10', 3)], newId)) {
      const parsed = parseEnvelope(JSON.stringify(event.payload));
      expect(parsed.ok).toBe(true);
      expect(parsed.ok && parsed.event.id).toBe(event.id);
    }
  });

  it('writes nothing for an order no supplier supplies', () => {
    expect(orderDispatchedEvents(order, [], newId)).toEqual([]);
  });

  it('gives acknowledgeUrl only to the suppliers asked to acknowledge, and the body still satisfies the contract', () => {
    const events = orderDispatchedEvents(
      order,
      [line('bolt-co', 'B-10', 3), line('toolworks', 'T-1', 1)],
      newId,
      new Map([['id-toolworks', 'https://shop.example/order-messages/acknowledge/abc']]),
    );
    expect(events.map((event) => (event.payload as { acknowledgeUrl?: string }).acknowledgeUrl)).toEqual([
      undefined,
      'https://shop.example/order-messages/acknowledge/abc',
    ]);
    expect(JSON.stringify(events[0]!.payload)).not.toContain('acknowledgeUrl');
    for (const event of events) {
      expect(parseEnvelope(JSON.stringify(event.payload)).ok).toBe(true);
    }
  });
});
