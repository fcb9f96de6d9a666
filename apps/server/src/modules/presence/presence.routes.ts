import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { PresenceService } from './presence.service';

export const presenceRoutes: FastifyPluginAsyncZod<{ presence: PresenceService }> = async (app, { presence }) => {
  route(app, routes.messages.devices, {
    handler: async (request) => ({ devices: await presence.list(shopCallerOf(request)) }),
  });
};
