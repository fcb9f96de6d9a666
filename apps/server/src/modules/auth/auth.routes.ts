import { routes } from '@myb/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerToken } from '../../http/bearer-token';
import { unauthorized } from '../../http/errors';
import { route } from '../../http/route-table';
import type { AuthService, SignedIn, SignInContext } from './auth.service';
import { rateLimiter, type AuthRateLimits } from './rate-limits';

import { SESSION_COOKIE, setSessionCookie } from './session-cookie';

export { SESSION_COOKIE };

export interface AuthRoutesOptions {
  auth: AuthService;
  /** Mark the cookie Secure even when the request does not look like HTTPS (a proxy that sends no X-Forwarded-Proto). */
  secureCookies: boolean;
  rateLimits: AuthRateLimits;
  /** OpenID Connect issuers on offer besides e-mail and password. */
  externalProviders: { id: string; kind: 'oidc' | 'oauth2'; label: string }[];
}

/** The session cookie, unless the request authenticates with a Bearer token, which then counts alone. */
const sessionToken = (request: FastifyRequest) =>
  bearerToken(request.headers.authorization) ? undefined : request.cookies[SESSION_COOKIE];

/** The e-mail a sign-in names, lowercased, so "Ann@x" and "ann@x" share one counter. */
const emailOf = (request: FastifyRequest) => {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.toLowerCase() : '';
};

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, secureCookies, rateLimits, externalProviders }) => {
  const startCookie = (request: FastifyRequest, reply: FastifyReply, session: SignedIn) =>
    setSessionCookie(request, reply, session, secureCookies);
  const signInContext = (request: FastifyRequest): SignInContext => ({
    userAgent: request.headers['user-agent'] ?? '',
    previousToken: sessionToken(request),
  });

  const limitSignInPerAccount = rateLimiter(
    app,
    rateLimits.signIn,
    (request) => `sign-in:${request.ip}:${emailOf(request)}`,
    'too many sign-in attempts for this account',
  );
  const limitSignInPerClient = rateLimiter(
    app,
    rateLimits.signInPerClient,
    (request) => `sign-in:${request.ip}`,
    'too many sign-in attempts from your address',
  );
  const limitSignUp = rateLimiter(
    app,
    rateLimits.signUp,
    (request) => `sign-up:${request.ip}`,
    'too many accounts created from your address',
  );

  route(app, routes.auth.providers, {
    handler: () => ({
      providers: [...externalProviders, { id: 'password', kind: 'password' as const, label: 'E-mail and password' }],
    }),
  });

  route(app, routes.auth.signUp, {
    preHandler: limitSignUp,
    handler: async (request, reply) => {
      const session = await auth.signUp(request.body, signInContext(request));
      startCookie(request, reply, session);
      return { user: session.user };
    },
  });

  route(app, routes.auth.signIn, {
    preHandler: [limitSignInPerClient, limitSignInPerAccount],
    handler: async (request, reply) => {
      const session = await auth.signIn(request.body, signInContext(request));
      startCookie(request, reply, session);
      return { user: session.user };
    },
  });

  route(app, routes.auth.signOut, {
    handler: async (request, reply) => {
      const token = sessionToken(request);
      if (token) {
        await auth.signOut(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return null;
    },
  });

  route(app, routes.auth.session, {
    handler: async (request) => {
      const token = sessionToken(request);
      const user = token ? await auth.resolve(token) : null;
      if (!user) {
        throw unauthorized('not signed in');
      }
      return { user };
    },
  });

  route(app, routes.auth.whoAmI, {
    handler: async (request) => {
      const token = sessionToken(request);
      return { user: token ? await auth.resolve(token) : null };
    },
  });

  route(app, routes.auth.sessions, {
    handler: async (request) => ({ sessions: await auth.listSessions(request.actor, sessionToken(request)) }),
  });

  route(app, routes.auth.revokeSession, {
    handler: async (request) => {
      await auth.revokeSession(request.actor, request.params.sessionId);
      return null;
    },
  });
};
