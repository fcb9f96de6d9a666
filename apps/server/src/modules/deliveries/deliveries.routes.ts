import {
  merchantMessageParams,
  merchantParams,
  messageLogEntrySchema,
  messageLogQuerySchema,
  messageLogSchema,
  supplierMessageListSchema,
} from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import type { DeliveriesService } from './deliveries.service';

export const deliveriesRoutes: FastifyPluginAsyncZod<{ deliveries: DeliveriesService }> = async (
  app,
  { deliveries },
) => {
  app.get(
    '/merchants/:merchantSlug/messages',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['messages'],
        summary: "The shop's messages to suppliers, newest first: search by supplier, order, stage and time",
        params: merchantParams,
        querystring: messageLogQuerySchema,
        response: { 200: messageLogSchema },
      },
    },
    async (request) => ({
      messages: await deliveries.list(shopCallerOf(request), request.query),
    }),
  );

  app.get(
    '/me/supplier-messages',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'What was sent to the suppliers I belong to (supplier role)',
        response: { 200: supplierMessageListSchema },
      },
    },
    async (request) => ({ messages: await deliveries.forSupplierMember(request.actor) }),
  );

  app.post(
    '/merchants/:merchantSlug/messages/:eventId/resend',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['messages'],
        summary: 'Send a message again, as a new event the supplier is e-mailed about again',
        params: merchantMessageParams,
        response: { 201: messageLogEntrySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await deliveries.resend(shopCallerOf(request), request.params.eventId)),
  );

  app.post(
    '/merchants/:merchantSlug/messages/:eventId/retry',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['messages'],
        summary: 'Retry a failed (dead-lettered) or waiting message under its own id',
        params: merchantMessageParams,
        response: { 200: messageLogEntrySchema },
      },
    },
    (request) => deliveries.retry(shopCallerOf(request), request.params.eventId),
  );
};
