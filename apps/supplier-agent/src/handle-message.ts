import { createHash } from 'node:crypto';
import { parseEnvelope } from '@myb/contracts';
import type { HandledRecord } from './handled-record';
import type { AgentLogger } from './logger';
import type { Mailer } from './mailer';
import { loadRecipients, type RecipientsOption } from './recipients';
import { renderEmail } from './render';

/** What became of one message; the transport turns it into ack, dead letter or redelivery. */
export type Outcome =
  | { kind: 'emailed'; eventId: string; sent: number; skipped: number }
  /** The body can never be handled: it must not come back. */
  | { kind: 'rejected'; reason: string }
  /** Worth another try later (mail server down, recipients unreachable): it must come back. */
  | { kind: 'failed'; error: unknown };

export type MessageHandler = (body: Uint8Array) => Promise<Outcome>;

export interface MessageHandlerDeps {
  merchant: string;
  supplier: string;
  recipients: RecipientsOption;
  mailer: Mailer;
  record: HandledRecord;
  logger: AgentLogger;
}

/**
 * Stable per (event, recipient), so a mail that went out just before a crash and goes out again
 * after it can still be recognised as the same message by the receiving side.
 */
function messageIdFor(eventId: string, recipient: string): string {
  const digest = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 16);
  return `<${eventId}.${digest}@myb-supplier-agent>`;
}

export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  const { merchant, supplier, mailer, record, logger } = deps;
  return async (body) => {
    const parsed = parseEnvelope(body);
    if (!parsed.ok) {
      return { kind: 'rejected', reason: parsed.reason };
    }
    const event = parsed.event;
    if (event.merchant.slug !== merchant || event.supplier.slug !== supplier) {
      return {
        kind: 'rejected',
        reason: `addressed to ${event.merchant.slug}/${event.supplier.slug}, this agent serves ${merchant}/${supplier}`,
      };
    }
    try {
      const recipients = await loadRecipients(deps.recipients);
      if (recipients.invalid.length > 0) {
        logger.warn({ invalid: recipients.invalid }, 'ignoring recipients that are not e-mail addresses');
      }
      if (recipients.emails.length === 0) {
        // Acknowledging with nobody to tell would lose the order silently.
        throw new Error('the recipient list is empty');
      }
      const email = renderEmail(event);
      let sent = 0;
      let skipped = 0;
      for (const to of recipients.emails) {
        if (record.has(event.id, to)) {
          skipped += 1;
          continue;
        }
        await mailer.send({
          to,
          ...email,
          messageId: messageIdFor(event.id, to),
          headers: { 'X-MYB-Event-Id': event.id, 'X-MYB-Event-Type': event.type },
        });
        await record.add(event.id, to);
        sent += 1;
      }
      return { kind: 'emailed', eventId: event.id, sent, skipped };
    } catch (error) {
      return { kind: 'failed', error };
    }
  };
}
