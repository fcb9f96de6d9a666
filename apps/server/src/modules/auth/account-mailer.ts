import { randomUUID } from 'node:crypto';
import { createMailer, type MailOption } from '@myb/mail';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Marks the server's own e-mails to account holders. In the mail folder they sit next to the
 * suppliers' e-mails, and the Mail view shows them to admins only: a reset link is a key to an account.
 */
export const ACCOUNT_MAIL_HEADER = 'X-MeetYourBusiness-Mail';
export const ACCOUNT_MAIL_KIND = 'account';
/** A receipt e-mailed to a customer: the shop's staff may read it in the Mail view. */
export const RECEIPT_MAIL_KIND = 'receipt';
/** A register shift's X or Z report e-mailed by its staff: read in the Mail view like a receipt. */
export const SHIFT_REPORT_MAIL_KIND = 'shift-report';
/** A shop's owner and managers told a supplier has not acknowledged a purchase order: read like a receipt. */
export const PURCHASING_MAIL_KIND = 'purchasing';

/** Text put into an e-mail's HTML as text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface AccountEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What it is, in its header: an account's (the default), a receipt, a shift's report, or about purchasing. */
  kind?:
    | typeof ACCOUNT_MAIL_KIND
    | typeof RECEIPT_MAIL_KIND
    | typeof SHIFT_REPORT_MAIL_KIND
    | typeof PURCHASING_MAIL_KIND;
}

export interface AccountMailer {
  send(email: AccountEmail): Promise<void>;
  close(): void;
}

/**
 * E-mail the server sends itself (password resets), through the same transports as the supplier
 * agents: SMTP, or `.eml` files in the mail folder the Mail view shows. Without a transport (API
 * tests that do not look at mail) a message is only logged as not sent.
 */
export function createAccountMailer(option: MailOption | null, log: FastifyBaseLogger): AccountMailer {
  if (option === null) {
    return {
      send: async (email) => {
        log.warn({ to: email.to, subject: email.subject }, 'no mail transport configured; e-mail not sent');
      },
      close: () => undefined,
    };
  }
  const mailer = createMailer(option);
  return {
    send: ({ kind = ACCOUNT_MAIL_KIND, ...email }) =>
      mailer.send({
        ...email,
        messageId: `<${randomUUID()}@meetyourbusiness>`,
        headers: { [ACCOUNT_MAIL_HEADER]: kind },
      }),
    close: () => mailer.close(),
  };
}
