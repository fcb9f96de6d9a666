import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { PurchasingService } from './purchasing.service';

export const purchasingRoutes: FastifyPluginAsyncZod<{ purchasing: PurchasingService }> = async (
  app,
  { purchasing },
) => {
  route(app, routes.purchaseOrders.list, {
    handler: async (request) => ({
      purchaseOrders: await purchasing.list(shopCallerOf(request), request.query),
    }),
  });

  route(app, routes.purchaseOrders.create, {
    handler: (request) => purchasing.create(shopCallerOf(request), request.body),
  });

  route(app, routes.purchaseOrders.get, {
    handler: (request) => purchasing.get(shopCallerOf(request), request.params.purchaseOrderId),
  });

  route(app, routes.purchaseOrders.update, {
    handler: (request) =>
      purchasing.update(shopCallerOf(request), request.params.purchaseOrderId, request.body),
  });

  route(app, routes.purchaseOrders.send, {
    handler: (request) => purchasing.send(shopCallerOf(request), request.params.purchaseOrderId),
  });

  route(app, routes.purchaseOrders.cancel, {
    handler: (request) =>
      purchasing.cancel(shopCallerOf(request), request.params.purchaseOrderId, request.body.reason),
  });

  route(app, routes.purchaseOrders.receive, {
    handler: (request) =>
      purchasing.receive(shopCallerOf(request), request.params.purchaseOrderId, request.body),
  });

  route(app, routes.purchaseOrders.backup, {
    handler: (request) => purchasing.backup(shopCallerOf(request), request.params.purchaseOrderId),
  });

  route(app, routes.purchaseOrders.closeShort, {
    handler: (request) =>
      purchasing.closeShort(shopCallerOf(request), request.params.purchaseOrderId, request.body.reason),
  });
};
