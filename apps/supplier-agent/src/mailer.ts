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
  | { kind: 'folder'; dir: string; from: string };

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

function smtpMailer(url: string, from: string, timeoutMs = DEFAULT_SMTP_TIMEOUT_MS): Mailer {
  const transport = nodemailer.createTransport({
    url,
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

export function createMailer(option: MailOption): Mailer {
  switch (option.kind) {
    case 'smtp':
      return smtpMailer(option.url, option.from, option.timeoutMs);
    case 'folder':
      return folderMailer(option.dir, option.from);
  }
}
