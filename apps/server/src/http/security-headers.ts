import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The page's Content-Security-Policy. The built web app loads only its own files: one module script,
 * no inline script and no eval (zod runs without compiled parsers in the browser), so scripts need
 * nothing but 'self'. Styles need 'unsafe-inline': Mantine writes its theme's CSS variables into
 * <style> elements at run time and sets inline styles (Chromium reports each as a violation without
 * it: e2e/content-security-policy.test.ts), and the mail view shows e-mails whose HTML carries its
 * own styles (in an empty sandbox). Inline styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  // No site may frame any page of this one (clickjacking); X-Frame-Options says the same to old browsers.
  frameAncestors: ["'none'"],
};

/** One year; sent only on requests that came over HTTPS (directly, or as a trusted proxy says). */
const HSTS = 'max-age=31536000';

/**
 * Security headers on every answer, pages and API alike, through @fastify/helmet; HSTS only over
 * HTTPS; and `Cache-Control: no-store` on every API answer that does not set its own, since most
 * carry personal data (orders, accounts, sessions) that no shared or browser cache should keep.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    // Not no-referrer: with it browsers send `Origin: null` on a same-site POST, which the
    // cross-site request check (same-origin.ts) refuses. same-origin keeps addresses (shop,
    // order, reset links) from ever reaching another site.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', HSTS);
    }
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });
}
