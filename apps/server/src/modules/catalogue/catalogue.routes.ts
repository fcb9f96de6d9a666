import {
  categoryListSchema,
  categoryParams,
  categorySchema,
  createCategorySchema,
  createProductSchema,
  managedProductListSchema,
  managedProductSchema,
  merchantParams,
  productListSchema,
  productConflictSchema,
  productParams,
  productQuerySchema,
  productSchema,
  stockAdjustmentResultSchema,
  stockAdjustmentSchema,
  updateProductSchema,
} from '@myb/contracts';
import { sendJsonText } from '../../http/serializer';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import { z } from 'zod';
import type { CatalogueService } from './catalogue.service';

export const catalogueRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService }> = async (app, { catalogue }) => {
  app.get(
    '/merchants/:merchantSlug/categories',
    { schema: { tags: ['catalogue'], summary: "A shop's categories", params: merchantParams, response: { 200: categoryListSchema } } },
    async (request) => ({ categories: await catalogue.listCategories(request.params.merchantSlug) }),
  );

  app.post(
    '/merchants/:merchantSlug/categories',
    {
      config: { permission: 'catalogue' },
      schema: {
        tags: ['catalogue'],
        summary: 'Add a category',
        params: merchantParams,
        body: createCategorySchema,
        response: { 201: categorySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalogue.createCategory(shopCallerOf(request), request.body)),
  );

  app.delete(
    '/merchants/:merchantSlug/categories/:categoryId',
    {
      config: { permission: 'catalogue' },
      schema: { tags: ['catalogue'], summary: 'Delete a category', params: categoryParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await catalogue.deleteCategory(shopCallerOf(request), request.params.categoryId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/merchants/:merchantSlug/products',
    {
      schema: {
        tags: ['catalogue'],
        summary: "A shop's products, by category or search",
        params: merchantParams,
        querystring: productQuerySchema,
        response: { 200: productListSchema },
      },
    },
    async (request, reply) => {
      sendJsonText(reply, await catalogue.listProductsJson(request.params.merchantSlug, request.query));
      return reply;
    },
  );

  app.get(
    '/merchants/:merchantSlug/products/:productId',
    { schema: { tags: ['catalogue'], summary: 'One product of a shop', params: productParams, response: { 200: productSchema } } },
    async (request, reply) => {
      sendJsonText(reply, await catalogue.getProductJson(request.params.merchantSlug, request.params.productId));
      return reply;
    },
  );

  app.get(
    '/merchants/:merchantSlug/catalogue',
    {
      config: { permission: 'readCatalogue' },
      schema: {
        tags: ['catalogue'],
        summary: "The shop's products with their suppliers (back office)",
        params: merchantParams,
        response: { 200: managedProductListSchema },
      },
    },
    async (request) => ({ products: await catalogue.listManaged(shopCallerOf(request)) }),
  );

  app.post(
    '/merchants/:merchantSlug/products',
    {
      config: { permission: 'catalogue' },
      schema: {
        tags: ['catalogue'],
        summary: 'Add a product',
        params: merchantParams,
        body: createProductSchema,
        response: { 201: managedProductSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalogue.createProduct(shopCallerOf(request), request.body)),
  );

  app.patch(
    '/merchants/:merchantSlug/products/:productId',
    {
      config: { permission: 'catalogue' },
      schema: {
        tags: ['catalogue'],
        summary: "Change a product's details or suppliers, against the version the form was opened with",
        description: 'Stock is changed by stock adjustments. 409 with the current product when the version is not the current one.',
        params: productParams,
        body: updateProductSchema,
        response: { 200: managedProductSchema, 409: productConflictSchema },
      },
    },
    (request) =>
      catalogue.updateProduct(shopCallerOf(request), request.params.productId, request.body),
  );

  app.post(
    '/merchants/:merchantSlug/products/:productId/stock-adjustments',
    {
      config: { permission: 'catalogue' },
      schema: {
        tags: ['catalogue'],
        summary: 'Add to or take from the stock, with a reason ("received 10", "damaged -2")',
        description:
          'Applied to the stock as it is when it arrives, never as a figure read earlier. 409 when it would take the stock below zero.',
        params: productParams,
        body: stockAdjustmentSchema,
        response: { 201: stockAdjustmentResultSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await catalogue.adjustStock(shopCallerOf(request), request.params.productId, request.body)),
  );

  app.put(
    '/merchants/:merchantSlug/products/:productId/archived',
    {
      config: { permission: 'catalogue' },
      schema: {
        tags: ['catalogue'],
        summary: 'Archive a product: off sale, kept in its orders',
        params: productParams,
        response: { 200: managedProductSchema },
      },
    },
    (request) => catalogue.setProductArchived(shopCallerOf(request), request.params.productId, true),
  );

  app.delete(
    '/merchants/:merchantSlug/products/:productId/archived',
    {
      config: { permission: 'catalogue' },
      schema: { tags: ['catalogue'], summary: 'Restore an archived product', params: productParams, response: { 200: managedProductSchema },
    },
    },
    (request) => catalogue.setProductArchived(shopCallerOf(request), request.params.productId, false),
  );

  app.delete(
    '/merchants/:merchantSlug/products/:productId',
    {
      config: { permission: 'catalogue' },
      schema: { tags: ['catalogue'], summary: 'Delete a product never ordered (archive one that was)', params: productParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await catalogue.deleteProduct(shopCallerOf(request), request.params.productId);
      return reply.status(204).send(null);
    },
  );
};
