import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { SalesListService } from './sales.service';

export const salesRoutes: FastifyPluginAsyncZod<{ sales: SalesListService }> = async (app, { sales }) => {
  route(app, routes.sales.list, {
    handler: (request) => sales.page(shopCallerOf(request), request.query),
  });
};
