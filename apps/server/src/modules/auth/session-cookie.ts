import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'myb_session';

/** HttpOnly and SameSite=Lax always; Secure when forced, or when the request came over HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
  secureCookies: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // A trusted TLS-terminating proxy's X-Forwarded-Proto: https counts as HTTPS (TRUST_PROXY).
    secure: secureCookies || request.protocol === 'https',
    expires: session.expiresAt,
  });
}
