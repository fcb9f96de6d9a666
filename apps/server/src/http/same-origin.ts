import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './bearer-token';
import { forbidden } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `https://Example.com:443/x` and `https://example.com` are one origin; anything unparseable is none. */
export function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function claimedOrigin(request: FastifyRequest): string | undefined {
  const { origin, referer } = request.headers;
  if (origin !== undefined) {
    return origin;
  }
  return referer === undefined ? undefined : (originOf(referer) ?? referer);
}

/**
 * Cross-site request forgery: a state-changing request whose Origin (or, without one, Referer)
 * names another site is refused, whether or not it carries the session cookie — sign-in itself
 * too, so no page can sign a visitor in to its author's account.
 *
 * Requests that name no origin at all pass: every current browser sends Origin with a POST, PUT,
 * PATCH or DELETE, so only non-browser clients (scripts, curl) come without one, and they cannot
 * ride on a victim's cookie. Requests with a Bearer token pass too: no page can make a browser
 * attach an Authorization header to a cross-site request without a CORS preflight, which this
 * server never grants; and such requests are authenticated by the token, never the cookie.
 */
export function registerSameOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const extra = new Set(allowedOrigins.map((origin) => originOf(origin)).filter((origin) => origin !== null));
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || bearerToken(request.headers.authorization)) {
      return;
    }
    const claimed = claimedOrigin(request);
    if (claimed === undefined) {
      return;
    }
    const own = originOf(`${request.protocol}://${request.host}`);
    const normalised = originOf(claimed);
    if (normalised !== null && (normalised === own || extra.has(normalised))) {
      return;
    }
    throw forbidden(
      `Cross-site request refused: ${claimed.slice(0, 200)} is not this site's origin (${own ?? request.host}). ` +
        'Add it to ALLOWED_ORIGINS if it should be allowed.',
    );
  });
}
