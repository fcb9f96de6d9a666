import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import { rateLimiter, type RateLimit } from '../auth/rate-limits';
import type { SupplierInvitationsService } from './supplier-invitations.service';

/**
 * The shop's side (its back office, with the suppliers permission) and the invited person's: the
 * link's routes, limited per client address since a token is not to be found by trying.
 */
export const supplierInvitationsRoutes: FastifyPluginAsyncZod<{
  invitations: SupplierInvitationsService;
  linkLimit: RateLimit;
}> = async (app, { invitations, linkLimit }) => {
  route(app, routes.supplierInvitations.list, {
    handler: (request) => invitations.list(shopCallerOf(request), request.params.supplierId),
  });

  route(app, routes.supplierInvitations.invite, {
    handler: (request) => invitations.invite(shopCallerOf(request), request.params.supplierId, request.body),
  });

  route(app, routes.supplierInvitations.withdraw, {
    handler: async (request) => {
      await invitations.withdraw(
        shopCallerOf(request),
        request.params.supplierId,
        request.params.invitationId,
      );
      return null;
    },
  });

  const limited = rateLimiter(
    app,
    linkLimit,
    (request) => `supplier-invitation-link:${request.ip}`,
    'too many invitation links opened from this address',
  );

  route(app, routes.supplierInvitations.byLink, {
    preHandler: limited,
    handler: (request) => invitations.view(request.params.token),
  });

  route(app, routes.supplierInvitations.accept, {
    preHandler: limited,
    handler: (request) => invitations.accept(request.actor, request.params.token),
  });
};
