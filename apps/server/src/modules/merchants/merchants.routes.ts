import { createMerchantSchema, merchantListSchema, merchantParams, merchantSchema, myMerchantListSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MerchantsService } from './merchants.service';

export const merchantsRoutes: FastifyPluginAsyncZod<{ merchants: MerchantsService }> = async (app, { merchants }) => {
  app.get(
    '/merchants',
    { schema: { tags: ['merchants'], summary: 'Every shop', response: { 200: merchantListSchema } } },
    async () => ({ merchants: await merchants.list() }),
  );

  app.get(
    '/merchants/:merchantSlug',
    { schema: { tags: ['merchants'], summary: 'One shop', params: merchantParams, response: { 200: merchantSchema } } },
    (request) => merchants.get(request.params.merchantSlug),
  );

  app.get(
    '/me/merchants',
    { schema: { tags: ['merchants'], summary: 'The shops I own or work at, and my role in each', response: { 200: myMerchantListSchema } } },
    async (request) => ({ merchants: await merchants.listMine(request.actor) }),
  );

  app.post(
    '/merchants',
    {
      schema: { tags: ['merchants'], summary: 'Open a shop (merchant role)', body: createMerchantSchema, response: { 201: merchantSchema } },
    },
    async (request, reply) => reply.status(201).send(await merchants.create(request.actor, request.body)),
  );
};
