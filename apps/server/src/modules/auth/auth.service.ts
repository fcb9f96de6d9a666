import type { SessionInfo, SignIn, SignUp, User } from '@myb/contracts';
import { conflict, DomainError, notFound } from '../../http/errors';
import { withoutControlCharacters } from '../../http/text-input';
import type { AccessRepository } from '../access/access.repository';
import { requireActor, type Actor } from './actor';
import { DECOY_HASH, hashPassword, verifyPassword } from './password';
import type { SessionsRepository } from './sessions.repository';
import { hashToken, newToken } from './tokens';
import { toUser, type UsersRepository } from './users.repository';

const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_USER_AGENT_LENGTH = 512;

export interface SignedIn {
  user: User;
  token: string;
  expiresAt: Date;
}

/** What the request that signs in tells about itself. */
export interface SignInContext {
  userAgent: string;
  /** The session cookie the browser already held: it is ended, so a planted session id never becomes a signed-in one. */
  previousToken?: string;
}

/**
 * Password accounts and the sessions of every sign-in method. Other methods (OpenID Connect)
 * end in `startSession` too, so session handling stays in one place.
 */
export function createAuthService(users: UsersRepository, sessions: SessionsRepository, access: AccessRepository) {
  async function startSession(user: User, context: SignInContext): Promise<SignedIn> {
    if (context.previousToken) {
      await sessions.delete(hashToken(context.previousToken));
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
    await sessions.insert({
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt,
      userAgent: withoutControlCharacters(context.userAgent).slice(0, MAX_USER_AGENT_LENGTH),
    });
    return { user, token, expiresAt };
  }

  return {
    startSession,

    async signUp(input: SignUp, context: SignInContext): Promise<SignedIn> {
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
      return startSession(toUser(row), context);
    },

    async signIn(input: SignIn, context: SignInContext): Promise<SignedIn> {
      const row = await users.findByEmail(input.email);
      const valid = await verifyPassword(input.password, row?.password_hash ?? DECOY_HASH);
      if (!row || !row.password_hash || !valid) {
        throw new DomainError(401, 'wrong e-mail or password');
      }
      if (row.disabled_at) {
        throw new DomainError(403, 'this account is disabled; ask an administrator');
      }
      return startSession(toUser(row), context);
    },

    signOut: (token: string) => sessions.delete(hashToken(token)),

    /** The signed-in user of a session cookie's token, if the session is live. */
    async resolve(token: string): Promise<User | null> {
      const { caller } = await access.find({ kind: 'session', tokenHash: hashToken(token) });
      return caller
        ? toUser({
            id: caller.user_id,
            email: caller.user_email,
            name: caller.user_name,
            created_at: caller.user_created_at,
            is_admin: caller.is_admin,
            is_merchant: caller.is_merchant,
            is_staff: caller.is_staff,
            is_supplier: caller.is_supplier,
          })
        : null;
    },

    async listSessions(actor: Actor | null, currentToken: string | undefined): Promise<SessionInfo[]> {
      const { userId } = requireActor(actor);
      const currentHash = currentToken ? hashToken(currentToken) : null;
      return (await sessions.listLive(userId)).map((row) => ({
        id: row.id,
        createdAt: row.created_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
        userAgent: row.user_agent,
        current: row.token_hash === currentHash,
      }));
    },

    /** Only one's own sessions: another user's session id is "not found", not "forbidden". */
    async revokeSession(actor: Actor | null, sessionId: string): Promise<void> {
      const { userId } = requireActor(actor);
      if (!(await sessions.deleteById(userId, sessionId))) {
        throw notFound('session');
      }
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
