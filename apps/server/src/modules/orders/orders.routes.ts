import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf, shopCallerToCheck } from '../access/access';
import type { OrdersService } from './orders.service';

export const ordersRoutes: FastifyPluginAsyncZod<{ orders: OrdersService }> = async (app, { orders }) => {
  route(app, routes.orders.place, {
    // The order's statement checks the session itself: one round trip per order.
    config: { callerInStatement: true },
    handler: (request) => orders.place(request.credential, request.body),
  });

  route(app, routes.orders.mine, {
    handler: async (request) => ({ orders: await orders.listMine(request.actor, request.query) }),
  });

  route(app, routes.orders.myOrder, {
    handler: (request) => orders.getMine(request.actor, request.params.orderId),
  });

  route(app, routes.orders.cancelMine, {
    handler: (request) => orders.cancelMine(request.actor, request.params.orderId, request.body),
  });

  route(app, routes.orders.shopList, {
    handler: async (request) => ({ orders: await orders.listForMerchant(shopCallerOf(request), request.query) }),
  });

  route(app, routes.orders.shopOrder, {
    handler: (request) => orders.getForMerchant(shopCallerOf(request), request.params.orderId),
  });

  route(app, routes.orders.dispatch, {
    // The dispatch's read finds the caller and their role at the shop itself, and authorizes them.
    config: { callerInStatement: true },
    handler: (request) => orders.dispatch(shopCallerToCheck(request), request.params.orderId),
  });

  route(app, routes.orders.cancel, {
    handler: (request) => orders.cancelForMerchant(shopCallerOf(request), request.params.orderId, request.body),
  });
};
