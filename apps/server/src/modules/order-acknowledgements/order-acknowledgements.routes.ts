import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { rateLimiter, type RateLimit } from '../auth/rate-limits';
import type { OrderAcknowledgementsService } from './order-acknowledgements.service';

/**
 * A supplier acknowledges a dispatched order's message: in the portal (signed in, supplier role), or
 * through the e-mailed link (no sign-in, so limited per client address: a token is not guessed by trying).
 */
export const orderAcknowledgementsRoutes: FastifyPluginAsyncZod<{
  acknowledgements: OrderAcknowledgementsService;
  linkLimit: RateLimit;
}> = async (app, { acknowledgements, linkLimit }) => {
  route(app, routes.messages.supplierAcknowledge, {
    handler: (request) => acknowledgements.acknowledgeAsMember(request.actor, request.params.messageId),
  });

  const limited = rateLimiter(
    app,
    linkLimit,
    (request) => `order-message-link:${request.ip}`,
    'too many order links opened from this address',
  );

  route(app, routes.messages.byLink, {
    preHandler: limited,
    handler: (request) => acknowledgements.getByLink(request.params.token),
  });

  route(app, routes.messages.acknowledgeByLink, {
    preHandler: limited,
    handler: (request) => acknowledgements.acknowledgeByLink(request.params.token),
  });
};
