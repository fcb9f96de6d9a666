import { formatMoney, type Sale } from '@myb/contracts';
import { shopTime } from '../../http/csv';
import { escapeHtml, RECEIPT_MAIL_KIND, type AccountEmail } from '../auth/account-mailer';

export const METHOD_LABELS: Record<Sale['tenders'][number]['method'], string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
};

/** An instant on the shop's clock, as the register's mails write it: 2026-12-06 14:05. */
export const shopClock = (instant: Date | string, timeZone: string) =>
  shopTime(instant, timeZone).replace('T', ' ').slice(0, 16);

/** One line of a mailed receipt or report: what, and its amount. */
export type MailRow = [label: string, amount: string];

/** Rows as a mail's text writes them, the amounts in a column. */
export const textRows = (rows: MailRow[]) => rows.map(([label, amount]) => `${label.padEnd(40)} ${amount}`);

/** Rows as a mail's HTML table, the amounts on the right. */
export const htmlRows = (rows: MailRow[]) =>
  `<table style="width:100%;border-collapse:collapse">${rows
    .map(
      ([label, amount]) =>
        `<tr><td>${escapeHtml(label)}</td><td style="text-align:right;white-space:nowrap">${escapeHtml(amount)}</td></tr>`,
    )
    .join('')}</table>`;

/** What a receipt says of a sale besides its lines: what a return gives back and why, who it is for, who approved. */
function saleNotes(sale: Sale): string[] {
  return [
    ...(sale.kind === 'return'
      ? [sale.returnOf ? `Return of ${sale.returnOf.receiptNumber}` : 'Return without a receipt']
      : []),
    ...(sale.returnReason ? [`Reason: ${sale.returnReason}`] : []),
    ...(sale.customer ? [`Customer: ${sale.customer.name}`] : []),
    ...(sale.approvedBy ? [`Discount approved by ${sale.approvedBy.name}`] : []),
  ];
}

/**
 * A sale's receipt as an e-mail, text and HTML: what the printed receipt says — the shop, the
 * receipt's number, register, cashier and time on the shop's clock, what a return gives back, the
 * customer, the lines, discounts, tax per rate, total, payments (a return's refunds) and change.
 */
export function receiptEmail(
  sale: Sale,
  shop: { name: string; address: string; time_zone: string },
  to: string,
): AccountEmail {
  const money = (minor: number) => formatMoney(minor, sale.currency, 'en');
  const when = shopClock(sale.createdAt, shop.time_zone);
  const rows: MailRow[] = [
    ...sale.lines.map((line): MailRow => [
      `${line.quantity} × ${line.product.name} @ ${money(line.unitPriceMinor)}${line.discountMinor ? ` (−${money(line.discountMinor)})` : ''}`,
      money(line.quantity * line.unitPriceMinor - line.discountMinor),
    ]),
    ...(sale.lines.some((line) => line.cartDiscountMinor)
      ? [
          ['Discount', `−${money(sale.lines.reduce((sum, line) => sum + line.cartDiscountMinor, 0))}`] as [
            string,
            string,
          ],
        ]
      : []),
    ...(sale.pricesIncludeTax ? [] : [['Tax', money(sale.taxMinor)] as [string, string]]),
    ['Total', money(sale.totalMinor)],
    ...sale.tenders.map((tender): MailRow => [
      `${METHOD_LABELS[tender.method]}${sale.kind === 'return' ? ' refund' : ''}${tender.reference ? ` (${tender.reference})` : ''}`,
      money(tender.amountMinor),
    ]),
    ...(sale.changeMinor ? [['Change', money(sale.changeMinor)] as [string, string]] : []),
  ];
  const taxes = sale.taxes
    .filter((tax) => tax.taxRate)
    .map((tax) => `${tax.taxRate!.name}: ${money(tax.taxMinor)} on ${money(tax.netMinor)}`);
  const taxNote = sale.pricesIncludeTax ? 'Prices include tax.' : 'Tax added to prices.';
  const head = [shop.name, ...shop.address.split('\n').filter(Boolean)];
  const details = [
    `Receipt ${sale.receiptNumber} · ${sale.register.name} · ${sale.cashier.name} · ${when}`,
    ...saleNotes(sale),
  ];
  const keep = sale.kind === 'sale' ? ['Keep this receipt for a return: its number finds the sale.'] : [];
  const text = [...head, '', ...details, '', ...textRows(rows), '', ...taxes, taxNote, '', ...keep].join('\n');
  const html = `<div style="font-family:monospace;max-width:32em">
<p><strong>${head.map(escapeHtml).join('<br>')}</strong></p>
<p>${details.map(escapeHtml).join('<br>')}</p>
${htmlRows(rows)}
<p>${[...taxes, taxNote].map(escapeHtml).join('<br>')}</p>
${keep.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}
</div>`;
  return {
    to,
    subject: `Your ${sale.kind === 'return' ? 'return receipt' : 'receipt'} ${sale.receiptNumber} from ${shop.name}`,
    text,
    html,
    kind: RECEIPT_MAIL_KIND,
  };
}
