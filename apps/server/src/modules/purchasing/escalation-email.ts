import { escapeHtml, PURCHASING_MAIL_KIND, type AccountEmail } from '../auth/account-mailer';
import { shopTime } from '../../http/csv';
import type { SentPurchaseOrderRow } from './escalation.repository';

/** 2026-12-07 14:00, on the shop's clock. */
const shopClock = (instant: Date, timeZone: string) =>
  shopTime(instant, timeZone).replace('T', ' ').slice(0, 16);

/**
 * Tells the shop's owner and managers that a supplier has still not acknowledged a purchase order,
 * though it was sent again at its deadline: when it was sent and due on the shop's clock, and the
 * purchase order's page, where its lines can go to backup suppliers in one action.
 */
export function unacknowledgedEmail(
  order: Pick<
    SentPurchaseOrderRow,
    | 'number'
    | 'supplier_name'
    | 'merchant_name'
    | 'time_zone'
    | 'sent_at'
    | 'acknowledgement_due_at'
    | 'line_count'
  >,
  to: string[],
  pageUrl: string,
): AccountEmail {
  const when = (instant: Date | null) =>
    instant === null ? 'unknown' : shopClock(new Date(instant), order.time_zone);
  const lines = order.line_count === 1 ? '1 line' : `${order.line_count} lines`;
  const paragraphs = [
    `${order.supplier_name} has not acknowledged ${order.number} (${lines}), which ${order.merchant_name} sent at ${when(order.sent_at)}.`,
    `It was due by ${when(order.acknowledgement_due_at)}, and has been sent again since; it is still not acknowledged.`,
    `Call ${order.supplier_name}, or open the purchase order and send its lines to each product's backup supplier in one go:`,
  ];
  return {
    to: to.join(', '),
    subject: `${order.number} is not acknowledged by ${order.supplier_name}`,
    text: `${paragraphs.join('\n\n')}\n${pageUrl}\n`,
    html: `${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
<p><a href="${escapeHtml(pageUrl)}">Open ${escapeHtml(order.number)}</a></p>`,
    kind: PURCHASING_MAIL_KIND,
  };
}
