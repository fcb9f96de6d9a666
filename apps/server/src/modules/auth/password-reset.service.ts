import { passwordProblem, type PasswordReset } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest } from '../../http/errors';
import { escapeHtml, type AccountMailer } from './account-mailer';
import { hashPassword } from './password';
import type { PasswordResetsRepository } from './password-resets.repository';
import type { SessionsRepository } from './sessions.repository';
import { hashToken, newToken } from './tokens';
import type { UsersRepository } from './users.repository';

const RESET_LIFETIME_MS = 60 * 60 * 1000;

export interface PasswordResetOptions {
  /** Where people reach the web app; reset links point there, never at whatever Host a request named. */
  publicUrl: string;
  mailer: AccountMailer;
  log: FastifyBaseLogger;
}

export interface PasswordResetRepositories {
  users: UsersRepository;
  resets: PasswordResetsRepository;
  sessions: SessionsRepository;
}

export function createPasswordResetService(
  db: Kysely<Database>,
  { users, resets, sessions }: PasswordResetRepositories,
  options: PasswordResetOptions,
) {

  async function sendLink(to: string, name: string, token: string): Promise<void> {
    const link = `${options.publicUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
    await options.mailer.send({
      to,
      subject: 'Reset your MeetYourBusiness password',
      text: `Hello ${name},\n\nTo choose a new password, open this link within the hour:\n\n${link}\n\nIt works once. If you did not ask for it, ignore this e-mail: your password stays as it is.\n`,
      html: `<p>Hello ${escapeHtml(name)},</p><p>To choose a new password, open this link within the hour:</p><p><a href="${escapeHtml(link)}">Reset my password</a></p><p>It works once. If you did not ask for it, ignore this e-mail: your password stays as it is.</p>`,
    });
  }

  return {
    /**
     * Answers the same whether or not the address has an account, and does not wait for the mail
     * server, so neither the answer nor its timing tells who is registered.
     */
    async request(email: string): Promise<void> {
      const user = await users.findByEmail(email);
      if (!user || user.disabled_at) {
        return;
      }
      const token = newToken();
      await resets.insert(hashToken(token), user.id, new Date(Date.now() + RESET_LIFETIME_MS));
      void sendLink(user.email, user.name, token).catch((error: unknown) =>
        options.log.error({ err: error, userId: user.id }, 'password reset e-mail not sent'),
      );
    },

    /** Sets the password and ends every session of the account, in one transaction with using the token. */
    async reset(input: PasswordReset): Promise<void> {
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (trx) => {
        const userId = await resets.within(trx).consume(hashToken(input.token));
        const user = userId ? await users.within(trx).findById(userId) : undefined;
        if (!user || user.disabled_at) {
          throw badRequest('this reset link is invalid, already used or expired; ask for a new one', [
            { path: 'body.token', message: 'invalid, used or expired' },
          ]);
        }
        const problem = passwordProblem(input.password, user.email);
        if (problem) {
          throw badRequest(`password: ${problem.message}`, [{ path: 'body.password', message: problem.message }]);
        }
        await users.within(trx).setPasswordHash(user.id, passwordHash);
        await sessions.within(trx).deleteAllOf(user.id);
        await resets.within(trx).deleteAllOf(user.id);
      });
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
