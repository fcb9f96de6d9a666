import { passwordProblem, type Account, type ChangePassword, type UpdateAccount } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, conflict, unauthorized } from '../../http/errors';
import type { AuditRepository } from '../audit/audit.repository';
import { requireActor, type Actor } from './actor';
import { hashPassword, verifyPassword } from './password';
import type { SessionsRepository } from './sessions.repository';
import { hashToken } from './tokens';
import type { UserRow, UsersRepository } from './users.repository';

export interface AccountRepositories {
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
}

const toAccount = (row: UserRow): Account => ({ id: row.id, email: row.email, name: row.name, hasPassword: row.password_hash !== null });

/**
 * What people change about their own account: their name, and their password (which takes the
 * current one, and signs out every other session). Both are in the audit log.
 */
export function createAccountService(db: Kysely<Database>, { users, sessions, audit }: AccountRepositories) {
  async function own(trx: Kysely<Database>, actor: Actor | null): Promise<UserRow> {
    const { userId } = requireActor(actor);
    const row = await users.within(trx).findById(userId);
    if (!row) {
      throw unauthorized();
    }
    return row;
  }

  return {
    get: async (actor: Actor | null): Promise<Account> => toAccount(await own(db, actor)),

    async rename(actor: Actor | null, input: UpdateAccount): Promise<Account> {
      return db.transaction().execute(async (trx) => {
        const me = await own(trx, actor);
        if (me.name === input.name) {
          return toAccount(me);
        }
        await users.within(trx).setName(me.id, input.name);
        await audit.within(trx).record({
          actor: { id: me.id, email: me.email },
          action: 'account.renamed',
          target: { id: me.id, email: me.email },
          details: { from: me.name, to: input.name },
        });
        return toAccount({ ...me, name: input.name });
      });
    },

    /**
     * An account made by signing in with an issuer has no password to give; it gets one through an
     * e-mailed link (Forgot your password?), which proves the mailbox is theirs, not only a session.
     */
    async changePassword(actor: Actor | null, sessionToken: string | undefined, input: ChangePassword): Promise<void> {
      const me = await own(db, actor);
      if (!sessionToken) {
        throw unauthorized();
      }
      if (!me.password_hash) {
        throw conflict(
          'This account has no password yet: you sign in through another service. To add one, ask for a link by e-mail ("E-mail me a link" on this page, or "Forgot your password?" when signing in).',
          [{ path: 'body.currentPassword', message: 'This account has no password yet.' }],
        );
      }
      if (!(await verifyPassword(input.currentPassword, me.password_hash))) {
        throw badRequest('That is not your current password: type it again.', [
          { path: 'body.currentPassword', message: 'This is not your current password.' },
        ]);
      }
      const problem = passwordProblem(input.newPassword, me.email);
      if (problem) {
        throw badRequest(`The new password is refused: ${problem.message}.`, [{ path: 'body.newPassword', message: problem.message }]);
      }
      const passwordHash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await users.within(trx).setPasswordHash(me.id, passwordHash);
        const signedOut = await sessions.within(trx).deleteOthersOf(me.id, hashToken(sessionToken));
        await audit.within(trx).record({
          actor: { id: me.id, email: me.email },
          action: 'account.password-changed',
          target: { id: me.id, email: me.email },
          details: { otherSessionsSignedOut: signedOut },
        });
      });
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
