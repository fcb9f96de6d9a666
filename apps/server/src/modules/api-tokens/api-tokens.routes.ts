import { apiTokenListSchema, apiTokenParams, createApiTokenSchema, createdApiTokenSchema, merchantParams } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import { z } from 'zod';
import type { ApiTokensService } from './api-tokens.service';

export const apiTokensRoutes: FastifyPluginAsyncZod<{ apiTokens: ApiTokensService }> = async (app, { apiTokens }) => {
  app.get(
    '/merchants/:merchantSlug/api-tokens',
    {
      config: { permission: 'staff' },
      schema: { tags: ['staff'], summary: "The shop's API tokens (owner)", params: merchantParams, response: { 200: apiTokenListSchema } },
    },
    async (request) => ({ tokens: await apiTokens.list(shopCallerOf(request)) }),
  );

  app.post(
    '/merchants/:merchantSlug/api-tokens',
    {
      config: { permission: 'staff' },
      schema: {
        tags: ['staff'],
        summary: 'Create an API token acting in this shop as a manager or cashier; the token is shown only in this answer',
        params: merchantParams,
        body: createApiTokenSchema,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await apiTokens.create(shopCallerOf(request), request.body)),
  );

  app.delete(
    '/merchants/:merchantSlug/api-tokens/:tokenId',
    {
      config: { permission: 'staff' },
      schema: { tags: ['staff'], summary: 'Revoke an API token (owner)', params: apiTokenParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await apiTokens.revoke(shopCallerOf(request), request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
};
