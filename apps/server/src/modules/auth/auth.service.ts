import type { SignIn, SignUp, User } from '@myb/contracts';
import { conflict, DomainError } from '../../http/errors';
import type { Actor } from './actor';
import { DECOY_HASH, hashPassword, verifyPassword } from './password';
import type { SessionsRepository } from './sessions.repository';
import { hashToken, newToken } from './tokens';
import { rolesOf, toUser, type UsersRepository } from './users.repository';

const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface SignedIn {
  user: User;
  token: string;
  expiresAt: Date;
}

/**
 * Password accounts and the sessions of every sign-in method. Other methods (OpenID Connect)
 * end in `startSession` too, so session handling stays in one place.
 */
export function createAuthService(users: UsersRepository, sessions: SessionsRepository) {
  async function startSession(user: User): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
    await sessions.insert(hashToken(token), user.id, expiresAt);
    return { user, token, expiresAt };
  }

  return {
    startSession,

    async signUp(input: SignUp): Promise<SignedIn> {
      if (await users.findByEmail(input.email)) {
        throw conflict('an account with this e-mail already exists; sign in instead', [
          { path: 'email', message: 'already registered' },
        ]);
      }
      const row = await users.insert({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
      });
      return startSession(toUser(row));
    },

    async signIn(input: SignIn): Promise<SignedIn> {
      const row = await users.findByEmail(input.email);
      const valid = await verifyPassword(input.password, row?.password_hash ?? DECOY_HASH);
      if (!row || !row.password_hash || !valid) {
        throw new DomainError(401, 'wrong e-mail or password');
      }
      return startSession(toUser(row));
    },

    signOut: (token: string) => sessions.delete(hashToken(token)),

    async resolve(token: string): Promise<{ actor: Actor; user: User } | null> {
      const row = await sessions.findLiveUser(hashToken(token));
      return row ? { actor: { userId: row.id, roles: rolesOf(row) }, user: toUser(row) } : null;
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
