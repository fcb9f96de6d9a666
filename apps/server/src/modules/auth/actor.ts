import type { Role } from '@myb/contracts';
import { forbidden, unauthorized } from '../../http/errors';

/** Who is acting on a request; services take it first and decide from it, not from the UI. */
export interface Actor {
  userId: string;
  roles: Role[];
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) {
    throw unauthorized();
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
