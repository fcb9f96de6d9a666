import { authProvidersSchema, sessionSchema, signInSchema, signUpSchema } from '@myb/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthorized } from '../../http/errors';
import type { AuthService, SignedIn } from './auth.service';

export const SESSION_COOKIE = 'myb_session';

export interface AuthRoutesOptions {
  auth: AuthService;
  secureCookies: boolean;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, secureCookies }) => {
  const setSessionCookie = (reply: FastifyReply, session: SignedIn) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      expires: session.expiresAt,
    });

  app.get(
    '/auth/providers',
    { schema: { tags: ['auth'], summary: 'Sign-in methods on offer', response: { 200: authProvidersSchema } } },
    () => ({ providers: [{ id: 'password', kind: 'password' as const, label: 'E-mail and password' }] }),
  );

  app.post(
    '/auth/sign-up',
    {
      schema: { tags: ['auth'], summary: 'Create a customer account and sign in', body: signUpSchema, response: { 201: sessionSchema } },
    },
    async (request, reply) => {
      const session = await auth.signUp(request.body);
      setSessionCookie(reply, session);
      return reply.status(201).send({ user: session.user });
    },
  );

  app.post(
    '/auth/sign-in',
    { schema: { tags: ['auth'], summary: 'Sign in with e-mail and password', body: signInSchema, response: { 200: sessionSchema } } },
    async (request, reply) => {
      const session = await auth.signIn(request.body);
      setSessionCookie(reply, session);
      return { user: session.user };
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await auth.signOut(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: sessionSchema } } },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      const resolved = token ? await auth.resolve(token) : null;
      if (!resolved) {
        throw unauthorized('not signed in');
      }
      return { user: resolved.user };
    },
  );
};
