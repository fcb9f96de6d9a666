import { agentDeviceListSchema, merchantParams } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import type { PresenceService } from './presence.service';

export const presenceRoutes: FastifyPluginAsyncZod<{ presence: PresenceService }> = async (
  app,
  { presence },
) => {
  app.get(
    '/merchants/:merchantSlug/devices',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['messages'],
        summary: "The shop's supplier devices (agents): which are online, and since when",
        params: merchantParams,
        response: { 200: agentDeviceListSchema },
      },
    },
    async (request) => ({ devices: await presence.list(shopCallerOf(request)) }),
  );
};
