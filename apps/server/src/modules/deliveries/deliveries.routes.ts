import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { DeliveriesService } from './deliveries.service';

export const deliveriesRoutes: FastifyPluginAsyncZod<{ deliveries: DeliveriesService }> = async (app, { deliveries }) => {
  route(app, routes.messages.list, {
    handler: async (request) => ({ messages: await deliveries.list(shopCallerOf(request), request.query) }),
  });

  route(app, routes.messages.supplierInbox, {
    handler: async (request) => ({ messages: await deliveries.forSupplierMember(request.actor) }),
  });

  route(app, routes.messages.resend, {
    handler: (request) => deliveries.resend(shopCallerOf(request), request.params.eventId),
  });

  route(app, routes.messages.retry, {
    handler: (request) => deliveries.retry(shopCallerOf(request), request.params.eventId),
  });
};
