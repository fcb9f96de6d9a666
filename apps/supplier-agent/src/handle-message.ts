import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { parseEnvelope } from '@myb/contracts';
import type { Mailer, OutgoingEmail } from '@myb/mail';
import type { HandledRecord } from './handled-record';
import type { AgentLogger } from './logger';
import { classifyMailError, mailRetryDelayMs } from './mail-answers';
import type { ReceiptSender } from './receipts';
import { loadRecipients, type RecipientsOption } from './recipients';
import { renderEmail } from './render';

/** What became of one message; the transport turns it into ack, dead letter or redelivery. */
export type Outcome =
  | { kind: 'emailed'; eventId: string; sent: number; skipped: number }
  /**
   * The message must not come back: its body is unusable, or the mail server refused it for good
   * (5xx) or kept deferring it past the retry limit. It goes to the dead letters with the reason.
   */
  | { kind: 'rejected'; reason: string; eventId?: string }
  /** Worth another try later (mail server login, recipients unreachable, receipt not confirmed): it must come back. */
  | { kind: 'failed'; error: unknown };

export type MessageHandler = (body: Uint8Array, receipts: ReceiptSender) => Promise<Outcome>;

export interface MailRetryOptions {
  /** Tries per recipient for 4xx answers and timeouts, the first included; default 5. */
  maxAttempts: number;
  /** First wait between tries, doubled each time up to a minute, with jitter; default 1000. */
  baseDelayMs: number;
}

export const DEFAULT_MAIL_RETRY: MailRetryOptions = { maxAttempts: 5, baseDelayMs: 1000 };

export interface MessageHandlerDeps {
  merchant: string;
  supplier: string;
  recipients: RecipientsOption;
  mailer: Mailer;
  record: HandledRecord;
  logger: AgentLogger;
  mailRetry?: MailRetryOptions;
  /** Test hook: called at chosen points, so a fault test can end the process exactly there. */
  faultHook?: (point: FaultPoint) => void;
}

/** The points a crash can fall between; `after-send` is the one window that can repeat an e-mail. */
export type FaultPoint = 'after-send' | 'after-record' | 'after-receipt';

/**
 * Stable per (event, recipient), so a mail that went out just before a crash and goes out again
 * after it can still be recognised as the same message by the receiving side.
 */
function messageIdFor(eventId: string, recipient: string): string {
  const digest = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 16);
  return `<${eventId}.${digest}@myb-supplier-agent>`;
}

/** Sends one e-mail, retrying deferrals; returns the reason it gave up, or null when accepted. */
async function sendWithRetries(
  mailer: Mailer,
  email: OutgoingEmail,
  retry: MailRetryOptions,
  logger: AgentLogger,
): Promise<string | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mailer.send(email);
      return null;
    } catch (error) {
      const failure = classifyMailError(error);
      switch (failure.kind) {
        case 'outage':
          // Not the message's fault: the whole message goes back to the broker, to be tried without limit.
          throw error;
        case 'permanent':
          return failure.reason;
        case 'transient': {
          if (attempt >= retry.maxAttempts) {
            return `${failure.reason} (gave up after ${attempt} tries)`;
          }
          const wait = mailRetryDelayMs(attempt, retry.baseDelayMs);
          logger.warn(
            { to: email.to, attempt, wait, reason: failure.reason },
            'e-mail deferred; trying again',
          );
          await delay(wait);
        }
      }
    }
  }
}

/** Best guess at the event id of a body that did not parse, so the server can still show the failure. */
function eventIdOf(body: Uint8Array): string | undefined {
  try {
    const json: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    const id = typeof json === 'object' && json !== null && 'id' in json ? json.id : undefined;
    return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  const { merchant, supplier, mailer, record, logger } = deps;
  const retry = deps.mailRetry ?? DEFAULT_MAIL_RETRY;
  const fault = deps.faultHook ?? (() => undefined);

  async function reject(
    receipts: ReceiptSender,
    reason: string,
    eventId: string | undefined,
    recipients: string[] = [],
  ) {
    if (eventId !== undefined) {
      // Sent before the dead letter is settled: if it cannot be, the message comes back and says it again.
      await receipts({ eventId, stage: 'failed', recipients, reason });
    }
    return { kind: 'rejected' as const, reason, eventId };
  }

  return async (body, receipts) => {
    const parsed = parseEnvelope(body);
    if (!parsed.ok) {
      // The body was unreadable, but its sender may still be ours: tell it, if we can say which event.
      return reject(receipts, parsed.reason, eventIdOf(body)).catch((error: unknown) => ({
        kind: 'failed',
        error,
      }));
    }
    const event = parsed.event;
    if (event.merchant.slug !== merchant || event.supplier.slug !== supplier) {
      // Not ours: a receipt would speak for another supplier, so none is sent.
      return {
        kind: 'rejected',
        reason: `addressed to ${event.merchant.slug}/${event.supplier.slug}, this agent serves ${merchant}/${supplier}`,
      };
    }
    // Not awaited before the e-mail, only before the message is settled: its confirm then comes
    // while the mail server works. Only the merchant's view suffers if it fails.
    const delivered = receipts({ eventId: event.id, stage: 'delivered', recipients: [], reason: null }).catch(
      (error: unknown) => logger.warn({ err: error, eventId: event.id }, 'could not send the delivered receipt'),
    );
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
      const done: string[] = [];
      const refused: { to: string; reason: string }[] = [];
      let sent = 0;
      for (const to of recipients.emails) {
        if (record.has(event.id, to)) {
          done.push(to);
          continue;
        }
        const refusal = await sendWithRetries(
          mailer,
          {
            to,
            ...email,
            messageId: messageIdFor(event.id, to),
            headers: { 'X-MYB-Event-Id': event.id, 'X-MYB-Event-Type': event.type },
          },
          retry,
          logger,
        );
        if (refusal !== null) {
          refused.push({ to, reason: refusal });
          continue;
        }
        fault('after-send');
        await record.add(event.id, to);
        fault('after-record');
        done.push(to);
        sent += 1;
      }
      await delivered;
      if (done.length > 0) {
        await receipts({ eventId: event.id, stage: 'emailed', recipients: done, reason: null });
        fault('after-receipt');
      }
      if (refused.length > 0) {
        const reason = refused.map((entry) => `${entry.to}: ${entry.reason}`).join('; ');
        return await reject(
          receipts,
          reason,
          event.id,
          refused.map((entry) => entry.to),
        );
      }
      return { kind: 'emailed', eventId: event.id, sent, skipped: done.length - sent };
    } catch (error) {
      return { kind: 'failed', error };
    }
  };
}
