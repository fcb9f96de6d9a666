import type { OrderDispatchedV1, SupplierEvent } from '@myb/contracts';

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

function renderOrderDispatched(event: OrderDispatchedV1): RenderedEmail {
  const { merchant, supplier, order, items } = event;
  const subject = `Order ${order.number} from ${merchant.name} — ${plural(items.length, 'item')}`;
  const text = [
    `${merchant.name} has dispatched order ${order.number} and needs these from ${supplier.name}:`,
    '',
    ...items.map((item) => `- ${item.quantity} × ${item.product} (SKU ${item.sku})`),
    '',
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
<p>Merchant: ${escapeHtml(merchant.name)}<br>Order: ${escapeHtml(order.number)}<br>Event: ${escapeHtml(event.id)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** The e-mail a supplier's people receive for one event; pure, so it is tested without a mail server. */
export function renderEmail(event: SupplierEvent): RenderedEmail {
  switch (event.type) {
    case 'order.dispatched':
      return renderOrderDispatched(event);
  }
}
