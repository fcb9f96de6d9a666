import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rolesMayCall, routes, type MailMessage } from '@myb/contracts';
import { simpleParser, type AddressObject } from 'mailparser';
import { forbidden } from '../../http/errors';
import { requireActor, type Actor } from '../auth/actor';
import { ACCOUNT_MAIL_HEADER, ACCOUNT_MAIL_KIND } from '../auth/account-mailer';

const MAX_MESSAGES = 100;

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((entry) =>
    entry.value.map((value) => value.address ?? ''),
  );

/** Reads the `.eml` files the supplier agents write when no SMTP server is configured. */
export function createMailFolderService(dir: string | null) {
  return {
    async list(actor: Actor | null): Promise<{ enabled: boolean; messages: MailMessage[] }> {
      const signedIn = requireActor(actor);
      if (!rolesMayCall(routes.mail.list.caller, signedIn.roles)) {
        throw forbidden('The mail folder is for merchants and admins only.');
      }
      if (dir === null) {
        return { enabled: false, messages: [] };
      }
      const files = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          return [];
        }
        throw error;
      });
      // File names start with a sortable timestamp, so the newest sort last.
      const newest = files
        .filter((file) => file.endsWith('.eml'))
        .sort()
        .reverse()
        .slice(0, MAX_MESSAGES);
      const isAdmin = signedIn.roles.includes('admin');
      const messages = await Promise.all(
        newest.map(async (file): Promise<MailMessage | null> => {
          const parsed = await simpleParser(await readFile(join(dir, file)));
          // Password reset links and the like are keys to someone's account: admins only.
          if (!isAdmin && parsed.headers.get(ACCOUNT_MAIL_HEADER.toLowerCase()) === ACCOUNT_MAIL_KIND) {
            return null;
          }
          return {
            id: file,
            from: parsed.from?.text ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '(no subject)',
            date: (parsed.date ?? new Date(0)).toISOString(),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          };
        }),
      );
      return { enabled: true, messages: messages.filter((message) => message !== null) };
    },
  };
}
export type MailFolderService = ReturnType<typeof createMailFolderService>;
