import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
  /** Wall-clock milliseconds, sub-millisecond precise, when the server accepted the mail; for latency measurements. */
  acceptedAt: number;
}

/** The event an agent's e-mail is about, from its `X-MYB-Event-Id` header; '' when it has none. */
export function mailEventId(mail: ReceivedMail): string {
  const header = mail.parsed.headers.get('x-myb-event-id');
  return typeof header === 'string' ? header : '';
}

export interface LoopbackSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` mails have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A refusal the server gives to RCPT TO, as a real one would: `451` (try later) or `550` (never). */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface SmtpServerOptions {
  /**
   * Asked for every RCPT TO, with how many times this address was offered before (0 the first
   * time); a refusal is answered with its code, anything else accepts the recipient.
   */
  answer?: (recipient: string, previousTries: number) => SmtpRefusal | undefined;
  /** How long the server takes to accept each mail's DATA, as a distant mail server does; default 0. */
  acceptDelayMs?: number;
}

/** A real SMTP server on 127.0.0.1 and a free port, keeping every mail it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<LoopbackSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const tries = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Agents keep their connection open between e-mails (a pooled transport), as they would with a
    // real server; closing answers those with 421 after half a second rather than after 30 s.
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      const previous = tries.get(recipient) ?? 0;
      tries.set(recipient, previous + 1);
      const refusal = options.answer?.(recipient, previous);
      if (refusal) {
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (options.acceptDelayMs) {
            await new Promise((resolve) => setTimeout(resolve, options.acceptDelayMs));
          }
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            parsed,
            acceptedAt: performance.timeOrigin + performance.now(),
          });
          waiters.forEach((wake) => wake());
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('SMTP server has no TCP address');
  }
  const port = address.port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mails within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
