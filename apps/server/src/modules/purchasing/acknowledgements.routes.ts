import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { rateLimiter, type RateLimit } from '../auth/rate-limits';
import type { AcknowledgementsService } from './acknowledgements.service';

/**
 * A supplier's side of purchase orders: the portal's (signed in, supplier role) and the e-mailed
 * link's (no sign-in, so limited per client address: a token is not guessed by trying).
 */
export const acknowledgementsRoutes: FastifyPluginAsyncZod<{
  acknowledgements: AcknowledgementsService;
  linkLimit: RateLimit;
}> = async (app, { acknowledgements, linkLimit }) => {
  route(app, routes.supplierPurchaseOrders.list, {
    handler: async (request) => ({ purchaseOrders: await acknowledgements.listForMember(request.actor) }),
  });

  route(app, routes.supplierPurchaseOrders.get, {
    handler: (request) => acknowledgements.getForMember(request.actor, request.params.purchaseOrderId),
  });

  route(app, routes.supplierPurchaseOrders.acknowledge, {
    handler: (request) =>
      acknowledgements.acknowledgeAsMember(request.actor, request.params.purchaseOrderId, request.body),
  });

  const limited = rateLimiter(
    app,
    linkLimit,
    (request) => `purchase-order-link:${request.ip}`,
    'too many purchase order links opened from this address',
  );

  route(app, routes.supplierPurchaseOrders.byLink, {
    preHandler: limited,
    handler: (request) => acknowledgements.getByLink(request.params.token),
  });

  route(app, routes.supplierPurchaseOrders.acknowledgeByLink, {
    preHandler: limited,
    handler: (request) => acknowledgements.acknowledgeByLink(request.params.token, request.body),
  });
};
