import { escapeHtml, PURCHASING_MAIL_KIND, type AccountEmail } from '../auth/account-mailer';
import { shopTime } from '../../http/csv';

/** 2026-12-07 14:00, on the shop's clock. */
const shopClock = (instant: Date, timeZone: string) =>
  shopTime(instant, timeZone).replace('T', ' ').slice(0, 16);

/** What was sent and not acknowledged, as the e-mail to the shop tells of it. */
export interface Unacknowledged {
  /** How the shop knows it: "PO-0007", "order A-1042". */
  what: string;
  supplierName: string;
  merchantName: string;
  timeZone: string;
  sentAt: Date | null;
  dueAt: Date | null;
  lineCount: number;
  /** What the shop can do, ending in a colon before the page's address. */
  remedy: string;
  /** The page's link text. */
  open: string;
}

/**
 * Tells the shop's owner and managers that a supplier has still not acknowledged something sent to
 * it, though it was sent again at its deadline: when it was sent and due on the shop's clock, and the
 * page where the shop can act on it.
 */
export function unacknowledgedEmail(about: Unacknowledged, to: string[], pageUrl: string): AccountEmail {
  const when = (instant: Date | null) =>
    instant === null ? 'unknown' : shopClock(new Date(instant), about.timeZone);
  const lines = about.lineCount === 1 ? '1 line' : `${about.lineCount} lines`;
  const paragraphs = [
    `${about.supplierName} has not acknowledged ${about.what} (${lines}), which ${about.merchantName} sent at ${when(about.sentAt)}.`,
    `It was due by ${when(about.dueAt)}, and has been sent again since; it is still not acknowledged.`,
    about.remedy,
  ];
  return {
    to: to.join(', '),
    subject: `${about.what} is not acknowledged by ${about.supplierName}`,
    text: `${paragraphs.join('\n\n')}\n${pageUrl}\n`,
    html: `${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
<p><a href="${escapeHtml(pageUrl)}">${escapeHtml(about.open)}</a></p>`,
    kind: PURCHASING_MAIL_KIND,
  };
}
