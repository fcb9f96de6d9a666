import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { TaxRatesService } from './tax-rates.service';

export const taxRateRoutes: FastifyPluginAsyncZod<{ taxRates: TaxRatesService }> = async (
  app,
  { taxRates },
) => {
  route(app, routes.taxRates.list, {
    handler: async (request) => ({ taxRates: await taxRates.list(shopCallerOf(request)) }),
  });

  route(app, routes.taxRates.create, {
    handler: (request) => taxRates.create(shopCallerOf(request), request.body),
  });

  route(app, routes.taxRates.update, {
    handler: (request) => taxRates.update(shopCallerOf(request), request.params.taxRateId, request.body),
  });
};
