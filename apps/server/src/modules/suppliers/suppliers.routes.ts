import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { SuppliersService } from './suppliers.service';

export const suppliersRoutes: FastifyPluginAsyncZod<{ suppliers: SuppliersService }> = async (app, { suppliers }) => {
  route(app, routes.suppliers.list, {
    handler: async (request) => ({ suppliers: await suppliers.list(shopCallerOf(request)) }),
  });

  route(app, routes.suppliers.create, {
    handler: (request) => suppliers.create(shopCallerOf(request), request.body),
  });

  route(app, routes.suppliers.update, {
    handler: (request) => suppliers.update(shopCallerOf(request), request.params.supplierId, request.body),
  });

  route(app, routes.suppliers.issueAgentToken, {
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          await suppliers.issueAgentToken(
            shopCallerOf(request),
            request.params.supplierId,
            `${request.protocol}://${request.host}`,
          ),
        ),
  });

  route(app, routes.suppliers.agentRecipients, {
    handler: (request) => suppliers.recipientsForAgent(request.headers.authorization),
  });

  route(app, routes.suppliers.archive, {
    handler: (request) => suppliers.setArchived(shopCallerOf(request), request.params.supplierId, true),
  });

  route(app, routes.suppliers.restore, {
    handler: (request) => suppliers.setArchived(shopCallerOf(request), request.params.supplierId, false),
  });

  route(app, routes.suppliers.delete, {
    handler: async (request) => {
      await suppliers.remove(shopCallerOf(request), request.params.supplierId);
      return null;
    },
  });
};
