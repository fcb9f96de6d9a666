import { describe, expect, it } from 'vitest';
import type { OrderDispatchedV1, PurchaseOrderSentV1 } from '@myb/contracts';
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

  it('offers the link that acknowledges the order, only when the shop asked for acknowledgement', () => {
    const acknowledgeUrl = 'https://shop.example/order-messages/acknowledge/abc_DEF-123';
    const { text, html } = renderEmail({ ...event, acknowledgeUrl });
    expect(text).toContain(`Please acknowledge that you have this order:\nAcknowledge this order: ${acknowledgeUrl}`);
    expect(html).toContain(`<a href="${acknowledgeUrl}">Acknowledge this order</a>`);
    expect(renderEmail(event).text).not.toContain('Acknowledge');
    expect(renderEmail(event).html).not.toContain('Acknowledge');
  });
});

const purchaseOrder: PurchaseOrderSentV1 = {
  id: '7d1e0c2a-5b4f-4a3e-9c8d-1e2f3a4b5c6d',
  type: 'purchase_order.sent',
  version: 1,
  occurredAt: '2026-12-01T09:00:00.000Z',
  merchant: { slug: 'acme', name: 'Acme & Sons' },
  supplier: { slug: 'bolt-co', name: 'Bolt Co' },
  purchaseOrder: {
    id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    number: 'PO-0007',
    expectedOn: '2026-12-10',
    note: 'Deliver to the <side> door',
  },
  lines: [
    { position: 1, sku: 'B-10', supplierSku: 'BC-1010', product: 'Bolts 10mm', quantity: 24, unitCostMinor: 120, currency: 'EUR' },
    { position: 2, sku: 'N-10', supplierSku: null, product: 'Nuts 10mm', quantity: 3, unitCostMinor: 1999, currency: 'EUR' },
  ],
  replyTo: { routingKey: 'receipts.acme.bolt-co', topic: 'receipts/acme/bolt-co' },
};

describe('renderEmail of a purchase order', () => {
  it('names the purchase order, the merchant and the number of lines in the subject', () => {
    expect(renderEmail(purchaseOrder).subject).toBe('Purchase order PO-0007 from Acme & Sons — 2 lines');
  });

  it('lists each line with both codes, quantity, unit cost and amount, then the total, the date, the note and how to confirm', () => {
    const { text } = renderEmail(purchaseOrder);
    expect(text).toContain('Acme & Sons orders from Bolt Co (purchase order PO-0007):');
    expect(text).toContain('1. 24 × Bolts 10mm (your SKU BC-1010, our SKU B-10) at €1.20: €28.80');
    expect(text).toContain('2. 3 × Nuts 10mm (our SKU N-10) at €19.99: €59.97');
    expect(text).toContain('Total: €88.77');
    expect(text).toContain('Expected by: 10 December 2026');
    expect(text).toContain('Note: Deliver to the <side> door');
    expect(text).toContain('Please reply to confirm the quantities you will deliver and the delivery date.');
    expect(text).toContain(`Event: ${purchaseOrder.id}`);
  });

  it('prints a table in the HTML body, names escaped, and leaves out a date or note not given', () => {
    const { html } = renderEmail(purchaseOrder);
    expect(html).toContain(
      '<tr><td style="text-align:right">1</td><td>Bolts 10mm</td><td>BC-1010</td><td>B-10</td><td style="text-align:right">24</td><td style="text-align:right">€1.20</td><td style="text-align:right">€28.80</td></tr>',
    );
    expect(html).toContain('<td></td><td>N-10</td>');
    expect(html).toContain('€88.77');
    expect(html).toContain('Deliver to the &lt;side&gt; door');
    expect(html).toContain('Acme &amp; Sons');
    const plain = renderEmail({ ...purchaseOrder, purchaseOrder: { ...purchaseOrder.purchaseOrder, expectedOn: null, note: null } });
    expect(plain.text).not.toContain('Expected by');
    expect(plain.text).not.toContain('Note:');
    expect(plain.html).not.toContain('Expected by');
  });

  it('offers the link that confirms the order, when the purchase order carries one', () => {
    const acknowledgeUrl = 'https://shop.example/purchase-orders/acknowledge/abc_DEF-123';
    const { text, html } = renderEmail({ ...purchaseOrder, acknowledgeUrl });
    expect(text).toContain(`Confirm this order: ${acknowledgeUrl}`);
    expect(html).toContain(`<a href="${acknowledgeUrl}">Confirm this order</a>`);
    expect(renderEmail(purchaseOrder).html).not.toContain('Confirm this order');
  });
});
