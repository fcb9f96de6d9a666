import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { StaffService } from './staff.service';

export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  route(app, routes.staff.list, {
    handler: async (request) => ({ staff: await staff.list(shopCallerOf(request)) }),
  });

  route(app, routes.staff.add, {
    handler: (request) => staff.add(shopCallerOf(request), request.body),
  });

  route(app, routes.staff.remove, {
    handler: async (request) => {
      await staff.remove(shopCallerOf(request), request.params.userId);
      return null;
    },
  });
};
