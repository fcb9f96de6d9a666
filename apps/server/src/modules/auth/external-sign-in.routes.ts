import { API_PREFIX, routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerToken } from '../../http/bearer-token';
import { route } from '../../http/route-table';
import { ExternalSignInError, type ExternalSignIn } from './external-sign-in.service';
import { rateLimiter, type RateLimit } from './rate-limits';
import { SESSION_COOKIE, setSessionCookie } from './session-cookie';

const STATE_COOKIE = 'myb_sign_in_state';
const STATE_COOKIE_PATH = `${API_PREFIX}/auth/external`;

export const externalSignInRoutes: FastifyPluginAsyncZod<{ external: ExternalSignIn; secureCookies: boolean; limit: RateLimit }> = async (
  app,
  { external, secureCookies, limit },
) => {
  const limitStarts = rateLimiter(app, limit, (request) => `external-sign-in:${request.ip}`, 'too many sign-ins started from your address');

  route(app, routes.auth.externalStart, {
    preHandler: limitStarts,
    handler: async (request, reply) => {
      const { url, state } = await external.start(request.params.providerId, request.query.next);
      // Lax, so the issuer's redirect back (a top-level GET) brings it; only the callback reads it.
      reply.setCookie(STATE_COOKIE, state, {
        path: STATE_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies || request.protocol === 'https',
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    },
  });

  route(app, routes.auth.externalCallback, {
    handler: async (request, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      try {
        const { session, next } = await external.complete(request.params.providerId, request.url, request.cookies[STATE_COOKIE], {
          userAgent: request.headers['user-agent'] ?? '',
          previousToken: bearerToken(request.headers.authorization) ? undefined : request.cookies[SESSION_COOKIE],
        });
        setSessionCookie(request, reply, session, secureCookies);
        return reply.redirect(next, 302);
      } catch (error) {
        if (error instanceof ExternalSignInError) {
          return reply.redirect(`/sign-in?error=${encodeURIComponent(error.message)}`, 302);
        }
        throw error;
      }
    },
  });
};
