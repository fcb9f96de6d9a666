import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { ReportsService } from './reports.service';

export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  route(app, routes.reports.dashboard, {
    handler: (request) => reports.dashboard(shopCallerOf(request)),
  });
};
