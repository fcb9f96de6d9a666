import {
  customerCancelOrderSchema,
  merchantOrderParams,
  merchantParams,
  myOrderSearchSchema,
  orderListSchema,
  orderParams,
  orderSchema,
  placeOrderSchema,
  shopCancelOrderSchema,
  shopOrderSearchSchema,
} from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf, shopCallerToCheck } from '../access/access';
import type { OrdersService } from './orders.service';

export const ordersRoutes: FastifyPluginAsyncZod<{ orders: OrdersService }> = async (app, { orders }) => {
  app.post(
    '/orders',
    {
      // The order's statement checks the session itself: one round trip per order.
      config: { callerInStatement: true },
      schema: { tags: ['orders'], summary: 'Place an order', body: placeOrderSchema, response: { 201: orderSchema } },
    },
    async (request, reply) => reply.status(201).send(await orders.place(request.credential, request.body)),
  );

  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'My orders, newest first, a page at a time, searched by number or shop and by date',
        querystring: myOrderSearchSchema,
        response: { 200: orderListSchema },
      },
    },
    async (request) => ({ orders: await orders.listMine(request.actor, request.query) }),
  );

  app.get(
    '/orders/:orderId',
    { schema: { tags: ['orders'], summary: 'One of my orders', params: orderParams, response: { 200: orderSchema } } },
    (request) => orders.getMine(request.actor, request.params.orderId),
  );

  app.post(
    '/orders/:orderId/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel one of my orders before it is dispatched; its stock goes back to the shop',
        params: orderParams,
        body: customerCancelOrderSchema,
        response: { 200: orderSchema },
      },
    },
    (request) => orders.cancelMine(request.actor, request.params.orderId, request.body),
  );

  app.get(
    '/merchants/:merchantSlug/orders',
    {
      config: { permission: 'orders' },
      schema: {
        tags: ['orders'],
        summary:
          "The shop's orders, newest first, a page at a time, by status, searched by number or customer and by date",
        params: merchantParams,
        querystring: shopOrderSearchSchema,
        response: { 200: orderListSchema },
      },
    },
    async (request) => ({
      orders: await orders.listForMerchant(shopCallerOf(request), request.query),
    }),
  );

  app.get(
    '/merchants/:merchantSlug/orders/:orderId',
    {
      config: { permission: 'orders' },
      schema: {
        tags: ['orders'],
        summary: 'One order of the shop, with its supplier deliveries and the suppliers a dispatch tells',
        params: merchantOrderParams,
        response: { 200: orderSchema },
      },
    },
    (request) => orders.getForMerchant(shopCallerOf(request), request.params.orderId),
  );

  app.post(
    '/merchants/:merchantSlug/orders/:orderId/dispatch',
    {
      // The dispatch's read finds the caller and their role at the shop itself, and authorizes them.
      config: { permission: 'orders', callerInStatement: true },
      schema: {
        tags: ['orders'],
        summary: 'Dispatch an order (status closed) and notify its suppliers',
        params: merchantOrderParams,
        response: { 200: orderSchema },
      },
    },
    (request) => orders.dispatch(shopCallerToCheck(request), request.params.orderId),
  );

  app.post(
    '/merchants/:merchantSlug/orders/:orderId/cancel',
    {
      config: { permission: 'orders' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order before it is dispatched, saying why; its stock goes back',
        params: merchantOrderParams,
        body: shopCancelOrderSchema,
        response: { 200: orderSchema },
      },
    },
    (request) =>
      orders.cancelForMerchant(shopCallerOf(request), request.params.orderId,
        request.body,
      ),
  );
};
