import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type MailOption =
  /**
   * `smtp://` or `smtps://user:pass@host:port`, as nodemailer reads it. `timeoutMs` bounds each
   * phase (connect, greeting, a silent socket); default 30 s, where nodemailer would wait minutes.
   */
  | { kind: 'smtp'; url: string; from: string; timeoutMs?: number }
  /** Each e-mail becomes an RFC 822 `.eml` file in `dir`, for the server's mail viewer. */
  | { kind: 'folder'; dir: string; from: string }
  /**
   * Mailgun's HTTP API: POST `<baseUrl>/v3/<domain>/messages`. `baseUrl` defaults to the US region,
   * `https://api.mailgun.net`; the EU region is `https://api.eu.mailgun.net`.
   */
  | { kind: 'mailgun'; apiKey: string; domain: string; from: string; baseUrl?: string; timeoutMs?: number };

/**
 * A refusal from a transport that does not speak SMTP, already classified, so the retry rules
 * (mail-answers.ts) treat every transport alike.
 */
export class MailSendError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent' | 'outage',
    message: string,
  ) {
    super(message);
  }
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the e-mail, or its file is in place. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

const DEFAULT_SMTP_TIMEOUT_MS = 30_000;

/**
 * Pooled: the connection (greeting, EHLO, STARTTLS, login) is opened once and kept for the next
 * e-mails, instead of once per e-mail; the agent sends one e-mail at a time, so one connection is
 * all it needs. An idle connection the server or `timeoutMs` closes is opened again when needed.
 */
function smtpMailer(url: string, from: string, timeoutMs = DEFAULT_SMTP_TIMEOUT_MS): Mailer {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 1,
    // nodemailer's pool opens a new connection after 100 e-mails by default: a slow e-mail every
    // hundred, for nothing; the server or `timeoutMs` still closes a connection left idle.
    maxMessages: Infinity,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(email) {
      await transport.sendMail({ from, ...email });
    },
    close: () => transport.close(),
  };
}

/** Sorts by time in a plain directory listing, and stays valid on every file system. */
function sortableTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function folderMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(email) {
      const info = await transport.sendMail({ from, ...email });
      if (!Buffer.isBuffer(info.message)) {
        throw new Error('nodemailer stream transport returned a stream although buffer was asked for');
      }
      // Created on every send so a folder removed under a running agent comes back instead of failing forever.
      await mkdir(dir, { recursive: true });
      const safeRecipient = email.to.toLowerCase().replace(/[^a-z0-9@._-]/g, '_');
      const name = `${sortableTimestamp(new Date())}-${safeRecipient}-${randomUUID().slice(0, 8)}.eml`;
      // Written under a name the viewer ignores, then renamed, so it never reads half a message.
      const temporary = join(dir, `.${name}.tmp`);
      try {
        await writeFile(temporary, info.message, { flush: true });
        await rename(temporary, join(dir, name));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

const DEFAULT_MAILGUN_URL = 'https://api.mailgun.net';

/** HTTP answers in SMTP's terms: 429 and 5xx are "later", a bad key is the agent's outage, other 4xx "never". */
function mailgunFailure(status: number, text: string): MailSendError {
  const reason = `Mailgun answered ${status}: ${text.slice(0, 300)}`;
  if (status === 429 || status >= 500) {
    return new MailSendError('transient', reason);
  }
  if (status === 401 || status === 403) {
    return new MailSendError('outage', reason);
  }
  return new MailSendError('permanent', reason);
}

function mailgunMailer(option: Extract<MailOption, { kind: 'mailgun' }>): Mailer {
  const endpoint = `${(option.baseUrl ?? DEFAULT_MAILGUN_URL).replace(/\/$/, '')}/v3/${encodeURIComponent(option.domain)}/messages`;
  const authorization = `Basic ${Buffer.from(`api:${option.apiKey}`).toString('base64')}`;
  return {
    async send(email) {
      const form = new FormData();
      form.set('from', option.from);
      form.set('to', email.to);
      form.set('subject', email.subject);
      form.set('text', email.text);
      form.set('html', email.html);
      // Mailgun passes `h:`-prefixed fields on as headers; the stable Message-ID keeps a repeat recognisable.
      form.set('h:Message-Id', email.messageId);
      for (const [name, value] of Object.entries(email.headers)) {
        form.set(`h:${name}`, value);
      }
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization },
          body: form,
          signal: AbortSignal.timeout(option.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new MailSendError(
          timedOut ? 'transient' : 'outage',
          `Mailgun ${timedOut ? 'timed out' : 'unreachable'}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!response.ok) {
        throw mailgunFailure(response.status, await response.text().catch(() => ''));
      }
    },
    close: () => undefined,
  };
}

export function createMailer(option: MailOption): Mailer {
  switch (option.kind) {
    case 'mailgun':
      return mailgunMailer(option);
    case 'smtp':
      return smtpMailer(option.url, option.from, option.timeoutMs);
    case 'folder':
      return folderMailer(option.dir, option.from);
  }
}
