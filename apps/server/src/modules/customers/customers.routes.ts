import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { CustomersService } from './customers.service';

export const customerRoutes: FastifyPluginAsyncZod<{ customers: CustomersService }> = async (
  app,
  { customers },
) => {
  route(app, routes.customers.customers, {
    handler: async (request) => ({ customers: await customers.list(shopCallerOf(request), request.query) }),
  });

  route(app, routes.customers.createCustomer, {
    handler: (request) => customers.create(shopCallerOf(request), request.body),
  });

  route(app, routes.customers.customer, {
    handler: (request) => customers.get(shopCallerOf(request), request.params.customerId),
  });

  route(app, routes.customers.updateCustomer, {
    handler: (request) => customers.update(shopCallerOf(request), request.params.customerId, request.body),
  });

  route(app, routes.customers.adjustStoreCredit, {
    handler: (request) => customers.adjustCredit(shopCallerOf(request), request.params.customerId, request.body),
  });
};
