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

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request's credential stands for (see `registerCallerChecks`); null for nobody. */
    actor: Actor | null;
  }
}

/** A signed-in person; an API token is refused here, since it may only use its shop's back office. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) {
    throw unauthorized();
  }
  if (actor.token) {
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
