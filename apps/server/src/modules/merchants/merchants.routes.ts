import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import type { MerchantsService } from './merchants.service';

export const merchantsRoutes: FastifyPluginAsyncZod<{ merchants: MerchantsService }> = async (app, { merchants }) => {
  route(app, routes.merchants.list, {
    handler: async () => ({ merchants: await merchants.list() }),
  });

  route(app, routes.merchants.get, {
    handler: (request) => merchants.get(request.params.merchantSlug),
  });

  route(app, routes.merchants.mine, {
    handler: async (request) => ({ merchants: await merchants.listMine(request.actor) }),
  });

  route(app, routes.merchants.create, {
    handler: (request) => merchants.create(request.actor, request.body),
  });
};
