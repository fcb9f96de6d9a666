import { formatMoney, type OrderDispatchedV1, type PurchaseOrderSentV1, type SupplierEvent } from '@myb/contracts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the shop asks when it wants an order acknowledged, and the link that does it (absent otherwise). */
const ACKNOWLEDGE_ORDER = 'Please acknowledge that you have this order:';

function renderOrderDispatched(event: OrderDispatchedV1): RenderedEmail {
  const { merchant, supplier, order, items } = event;
  const link = event.acknowledgeUrl;
  const subject = `Order ${order.number} from ${merchant.name} — ${plural(items.length, 'item')}`;
  const text = [
    `${merchant.name} has dispatched order ${order.number} and needs these from ${supplier.name}:`,
    '',
    ...items.map((item) => `- ${item.quantity} × ${item.product} (SKU ${item.sku})`),
    '',
    ...(link ? [ACKNOWLEDGE_ORDER, `Acknowledge this order: ${link}`, ''] : []),
    `Merchant: ${merchant.name}`,
    `Order: ${order.number}`,
    `Event: ${event.id}`,
    '',
  ].join('\n');
  const rows = items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.product)}</td><td>${escapeHtml(item.sku)}</td><td style="text-align:right">${item.quantity}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html><body>
<p>${escapeHtml(merchant.name)} has dispatched order <strong>${escapeHtml(order.number)}</strong> and needs these from ${escapeHtml(supplier.name)}:</p>
<table border="1" cellpadding="4" cellspacing="0">
<thead><tr><th>Product</th><th>SKU</th><th>Quantity</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${link ? `<p>${escapeHtml(ACKNOWLEDGE_ORDER)} <a href="${escapeHtml(link)}">Acknowledge this order</a></p>\n` : ''}<p>Merchant: ${escapeHtml(merchant.name)}<br>Order: ${escapeHtml(order.number)}<br>Event: ${escapeHtml(event.id)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** Amounts as the supplier reads them, in English like the rest of the mail, whatever the device's locale. */
const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en');

/** "6 December 2026", unmistakable in any country, for a YYYY-MM-DD day. */
function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * A purchase order as a supplier can read and print it: each line with the supplier's code beside
 * the shop's, quantity, unit cost and amount, the total, the date expected and the shop's note.
 */
function renderPurchaseOrderSent(event: PurchaseOrderSentV1): RenderedEmail {
  const { merchant, supplier, purchaseOrder, lines } = event;
  // One currency per shop: every line carries the same.
  const currency = lines[0]!.currency;
  const amountOf = (line: PurchaseOrderSentV1['lines'][number]) => line.quantity * line.unitCostMinor;
  const total = lines.reduce((sum, line) => sum + amountOf(line), 0);
  const codes = (line: PurchaseOrderSentV1['lines'][number]) =>
    line.supplierSku === null ? `our SKU ${line.sku}` : `your SKU ${line.supplierSku}, our SKU ${line.sku}`;
  const expected = purchaseOrder.expectedOn === null ? null : longDate(purchaseOrder.expectedOn);
  // The link confirms without a reply to read; purchase orders sent before links existed have none.
  const link = event.acknowledgeUrl;
  const confirm = link
    ? 'Please confirm the quantities you will deliver and the delivery date:'
    : 'Please reply to confirm the quantities you will deliver and the delivery date.';
  const subject = `Purchase order ${purchaseOrder.number} from ${merchant.name} — ${plural(lines.length, 'line')}`;
  const text = [
    `${merchant.name} orders from ${supplier.name} (purchase order ${purchaseOrder.number}):`,
    '',
    ...lines.map(
      (line) =>
        `${line.position}. ${line.quantity} × ${line.product} (${codes(line)}) at ${money(line.unitCostMinor, currency)}: ${money(amountOf(line), currency)}`,
    ),
    '',
    `Total: ${money(total, currency)}`,
    ...(expected ? [`Expected by: ${expected}`] : []),
    ...(purchaseOrder.note ? [`Note: ${purchaseOrder.note}`] : []),
    '',
    confirm,
    ...(link ? [`Confirm this order: ${link}`] : []),
    '',
    `Merchant: ${merchant.name}`,
    `Purchase order: ${purchaseOrder.number}`,
    `Event: ${event.id}`,
    '',
  ].join('\n');
  const cell = (value: string, right = false) => `<td${right ? ' style="text-align:right"' : ''}>${escapeHtml(value)}</td>`;
  const rows = lines
    .map((line) =>
      [
        '<tr>',
        cell(String(line.position), true),
        cell(line.product),
        cell(line.supplierSku ?? ''),
        cell(line.sku),
        cell(String(line.quantity), true),
        cell(money(line.unitCostMinor, currency), true),
        cell(money(amountOf(line), currency), true),
        '</tr>',
      ].join(''),
    )
    .join('\n');
  const html = `<!doctype html>
<html><body>
<p>${escapeHtml(merchant.name)} orders from ${escapeHtml(supplier.name)}: purchase order <strong>${escapeHtml(purchaseOrder.number)}</strong>.</p>
<table border="1" cellpadding="4" cellspacing="0">
<thead><tr><th>#</th><th>Product</th><th>Your SKU</th><th>Our SKU</th><th>Quantity</th><th>Unit cost</th><th>Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="6" style="text-align:right">Total</th><th style="text-align:right">${escapeHtml(money(total, currency))}</th></tr></tfoot>
</table>
${expected ? `<p>Expected by: <strong>${escapeHtml(expected)}</strong></p>\n` : ''}${purchaseOrder.note ? `<p>Note: ${escapeHtml(purchaseOrder.note)}</p>\n` : ''}<p>${escapeHtml(confirm)}${link ? ` <a href="${escapeHtml(link)}">Confirm this order</a>` : ''}</p>
<p>Merchant: ${escapeHtml(merchant.name)}<br>Purchase order: ${escapeHtml(purchaseOrder.number)}<br>Event: ${escapeHtml(event.id)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** The e-mail a supplier's people receive for one event; pure, so it is tested without a mail server. */
export function renderEmail(event: SupplierEvent): RenderedEmail {
  switch (event.type) {
    case 'order.dispatched':
      return renderOrderDispatched(event);
    case 'purchase_order.sent':
      return renderPurchaseOrderSent(event);
  }
}
