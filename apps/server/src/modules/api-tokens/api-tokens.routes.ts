import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { ApiTokensService } from './api-tokens.service';

export const apiTokensRoutes: FastifyPluginAsyncZod<{ apiTokens: ApiTokensService }> = async (app, { apiTokens }) => {
  route(app, routes.apiTokens.list, {
    handler: async (request) => ({ tokens: await apiTokens.list(shopCallerOf(request)) }),
  });

  route(app, routes.apiTokens.create, {
    handler: (request) => apiTokens.create(shopCallerOf(request), request.body),
  });

  route(app, routes.apiTokens.revoke, {
    handler: async (request) => {
      await apiTokens.revoke(shopCallerOf(request), request.params.tokenId);
      return null;
    },
  });
};
