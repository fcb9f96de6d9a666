import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { ReorderService } from './reorder.service';

export const reorderRoutes: FastifyPluginAsyncZod<{ reorder: ReorderService }> = async (app, { reorder }) => {
  route(app, routes.reorder.list, {
    handler: async (request) => ({ rules: await reorder.list(shopCallerOf(request), request.query) }),
  });

  route(app, routes.reorder.set, {
    handler: (request) => reorder.set(shopCallerOf(request), request.params.productId, request.body),
  });

  route(app, routes.reorder.remove, {
    handler: async (request) => {
      await reorder.remove(shopCallerOf(request), request.params.productId);
      return null;
    },
  });

  route(app, routes.reorder.orderNow, {
    handler: (request) => reorder.orderNow(shopCallerOf(request), request.body.productIds),
  });
};
