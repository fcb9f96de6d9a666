import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../http/errors';

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface AuthRateLimits {
  /** Password guesses at one account from one client address. */
  signIn: RateLimit;
  /** Sign-in attempts from one client address, whatever the accounts: slows spraying one password over many. */
  signInPerClient: RateLimit;
  /** Accounts created from one client address (a shop's Wi-Fi may hold many honest customers). */
  signUp: RateLimit;
  /** Password reset e-mails asked for from one client address. */
  passwordReset: RateLimit;
  /** Sign-ins started with an external issuer from one client address (each stores a row until used or expired). */
  externalSignIn: RateLimit;
  /** Purchase order links (no sign-in) opened or used from one client address: tokens are not found by trying. */
  purchaseOrderLink: RateLimit;
  /** Supplier invitation links opened or accepted from one client address, for the same reason. */
  supplierInvitationLink: RateLimit;
}

const MINUTE = 60_000;

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  signIn: { max: 10, timeWindowMs: 15 * MINUTE },
  signInPerClient: { max: 100, timeWindowMs: 15 * MINUTE },
  signUp: { max: 30, timeWindowMs: 10 * MINUTE },
  passwordReset: { max: 10, timeWindowMs: 15 * MINUTE },
  externalSignIn: { max: 30, timeWindowMs: 5 * MINUTE },
  purchaseOrderLink: { max: 60, timeWindowMs: 15 * MINUTE },
  supplierInvitationLink: { max: 60, timeWindowMs: 15 * MINUTE },
};

/**
 * A preHandler that counts the request under `key` (computed after validation, so the body's
 * e-mail can be part of it) and refuses it with 429 and Retry-After past the limit.
 * Counters live in this process's memory: several server processes each count on their own.
 */
export function rateLimiter(
  app: FastifyInstance,
  limit: RateLimit,
  key: (request: FastifyRequest) => string,
  refusal: string,
) {
  const check = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: key });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', result.ttlInSeconds);
      const minutes = Math.max(1, Math.ceil(result.ttlInSeconds / 60));
      // "Too many sign-in attempts for this account: try again in 15 minutes.", whatever case the refusal comes in.
      const what = refusal.charAt(0).toUpperCase() + refusal.slice(1).replace(/[.;:]+$/, '');
      throw new DomainError(429, `${what}: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
  };
}
