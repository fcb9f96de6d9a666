import {
  agentRecipientsSchema,
  agentTokenSchema,
  createSupplierSchema,
  merchantParams,
  supplierListSchema,
  supplierParams,
  supplierSchema,
  updateSupplierSchema,
} from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import { z } from 'zod';
import type { SuppliersService } from './suppliers.service';

export const suppliersRoutes: FastifyPluginAsyncZod<{ suppliers: SuppliersService }> = async (app, { suppliers }) => {
  app.get(
    '/merchants/:merchantSlug/suppliers',
    {
      config: { permission: 'suppliers' },
      schema: { tags: ['suppliers'], summary: "The shop's suppliers", params: merchantParams, response: { 200: supplierListSchema } },
    },
    async (request) => ({ suppliers: await suppliers.list(shopCallerOf(request)) }),
  );

  app.post(
    '/merchants/:merchantSlug/suppliers',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['suppliers'],
        summary: 'Add a supplier',
        params: merchantParams,
        body: createSupplierSchema,
        response: { 201: supplierSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await suppliers.create(shopCallerOf(request), request.body)),
  );

  app.patch(
    '/merchants/:merchantSlug/suppliers/:supplierId',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['suppliers'],
        summary: "Change a supplier's name or e-mail addresses",
        params: supplierParams,
        body: updateSupplierSchema,
        response: { 200: supplierSchema },
      },
    },
    (request) =>
      suppliers.update(shopCallerOf(request), request.params.supplierId, request.body),
  );

  app.post(
    '/merchants/:merchantSlug/suppliers/:supplierId/agent-token',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['suppliers'],
        summary: "Issue the token the supplier's agent uses to read its recipients (replaces the previous one)",
        params: supplierParams,
        response: { 201: agentTokenSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await suppliers.issueAgentToken(shopCallerOf(request), request.params.supplierId,
            `${request.protocol}://${request.host}`,
          ),
        ),
  );

  app.get(
    '/agent/recipients',
    {
      schema: {
        tags: ['suppliers'],
        summary: "The e-mail addresses a supplier's agent sends to (Authorization: Bearer <agent token>)",
        response: { 200: agentRecipientsSchema },
      },
    },
    (request) => suppliers.recipientsForAgent(request.headers.authorization),
  );

  app.put(
    '/merchants/:merchantSlug/suppliers/:supplierId/archived',
    {
      config: { permission: 'suppliers' },
      schema: {
        tags: ['suppliers'],
        summary: 'Archive a supplier: no longer offered for products, kept in its history',
        description: 'Products that already have it keep it, and their dispatches still reach it.',
        params: supplierParams,
        response: { 200: supplierSchema },
      },
    },
    (request) => suppliers.setArchived(shopCallerOf(request), request.params.supplierId, true),
  );

  app.delete(
    '/merchants/:merchantSlug/suppliers/:supplierId/archived',
    {
      config: { permission: 'suppliers' },
      schema: { tags: ['suppliers'], summary: 'Restore an archived supplier', params: supplierParams, response: { 200: supplierSchema },
    },
    },
    (request) => suppliers.setArchived(shopCallerOf(request), request.params.supplierId, false),
  );

  app.delete(
    '/merchants/:merchantSlug/suppliers/:supplierId',
    {
      config: { permission: 'suppliers' },
      schema: { tags: ['suppliers'], summary: 'Delete a supplier never sent an order (archive one that was)', params: supplierParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await suppliers.remove(shopCallerOf(request), request.params.supplierId);
      return reply.status(204).send(null);
    },
  );
};
