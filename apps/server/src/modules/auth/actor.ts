import type { Role, StaffRole } from '@myb/contracts';
import { forbidden, unauthorized } from '../../http/errors';

/** Who is acting on a request; services take it first and decide from it, not from the UI. */
export interface Actor {
  userId: string;
  roles: Role[];
  /**
   * Set when the request came with an API token: it acts only in this shop, with this role's
   * permissions, and nowhere else (not as its creator's account, not as a customer).
   */
  token?: { id: string; merchantId: string; role: StaffRole };
}

/**
 * A session cookie not looked up: on a route that sets `checksSession`, the route's own statement
 * checks the session (live, user not disabled) as it does its work, sparing a round trip.
 */
export interface UncheckedSession {
  tokenHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set instead of `actor` on a route that checks the session itself. */
    session: UncheckedSession | null;
  }
  interface FastifyContextConfig {
    /** The handler checks the session cookie in its own statement; the request's `actor` stays null. */
    checksSession?: boolean;
  }
}

/** A signed-in person; an API token is refused here, since it may only use its shop's back office. */
export function requireActor(actor: Actor | null, options: { allowToken?: boolean } = {}): Actor {
  if (!actor) {
    throw unauthorized();
  }
  if (actor.token && !options.allowToken) {
    throw forbidden("an API token may only be used on its shop's back office");
  }
  return actor;
}

export function requireRole(actor: Actor | null, role: Role): Actor {
  const signedIn = requireActor(actor);
  if (!signedIn.roles.includes(role)) {
    throw forbidden(`only a user with the ${role} role may do this`);
  }
  return signedIn;
}
