import { describe, expect, it } from 'vitest';
import type { OrderDispatchedV1 } from '@myb/contracts';
import { renderEmail } from './render';

const event: OrderDispatchedV1 = {
  id: '5f0c8a52-3f7e-4b8e-9a51-0c2f3f1d9b11',
  type: 'order.dispatched',
  version: 1,
  occurredAt: '2026-11-25T12:00:00.000Z',
  merchant: { slug: 'acme', name: 'Acme & Sons' },
  supplier: { slug: 'bolt-co', name: 'Bolt Co' },
  order: { id: '0b8f7a3e-1111-4c22-8d33-444455556666', number: 'A-1042' },
  items: [
    { sku: 'B-10', product: 'Bolts <10mm>', quantity: 3 },
    { sku: 'N-10', product: 'Nuts 10mm', quantity: 12 },
  ],
};

describe('renderEmail', () => {
  it('names the order, the merchant and the number of lines in the subject', () => {
    expect(renderEmail(event).subject).toBe('Order A-1042 from Acme & Sons — 2 items');
    expect(renderEmail({ ...event, items: [event.items[0]!] }).subject).toBe(
      'Order A-1042 from Acme & Sons — 1 item',
    );
  });

  it('lists every item with product, SKU and quantity, and the merchant, order and event in the text', () => {
    const { text } = renderEmail(event);
    expect(text).toContain('3 × Bolts <10mm> (SKU B-10)');
    expect(text).toContain('12 × Nuts 10mm (SKU N-10)');
    expect(text).toContain('Merchant: Acme & Sons');
    expect(text).toContain('Order: A-1042');
    expect(text).toContain(`Event: ${event.id}`);
  });

  it('escapes names in the HTML body', () => {
    const { html } = renderEmail(event);
    expect(html).toContain('<td>Bolts &lt;10mm&gt;</td><td>B-10</td><td style="text-align:right">3</td>');
    expect(html).toContain('Acme &amp; Sons');
    expect(html).not.toContain('<10mm>');
    expect(html).toContain(event.id);
  });
});
