import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, shopTime, type CsvColumn } from '../../http/csv';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { MovementRow } from './stock.repository';
import type { CountsService } from './counts.service';
import type { StockService } from './stock.service';

/** The movements export's columns, the shop's time zone giving its times. */
const movementColumns = (timeZone: string): CsvColumn<MovementRow>[] => [
  { header: 'time', cell: (row) => shopTime(row.created_at, timeZone) },
  { header: 'sku', cell: (row) => row.sku },
  { header: 'product', cell: (row) => row.product_name },
  { header: 'type', cell: (row) => row.type },
  { header: 'quantity', cell: (row) => row.quantity },
  { header: 'balance_after', cell: (row) => row.balance_after },
  { header: 'reason', cell: (row) => row.reason },
  { header: 'note', cell: (row) => row.note },
  { header: 'order', cell: (row) => row.order_number },
  { header: 'person', cell: (row) => row.actor_name },
  { header: 'movement_id', cell: (row) => row.id },
];

export const stockRoutes: FastifyPluginAsyncZod<{ stock: StockService; counts: CountsService }> = async (
  app,
  { stock, counts },
) => {
  route(app, routes.stock.movements, {
    handler: async (request) => ({ movements: await stock.movements(shopCallerOf(request), request.query) }),
  });

  route(app, routes.stock.exportMovements, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const day = shopTime(new Date(), caller.shop.time_zone).slice(0, 10);
      sendCsv(
        reply,
        `${caller.shop.slug}-stock-movements-${day}.csv`,
        movementColumns(caller.shop.time_zone),
        stock.movementPages(caller, request.query),
      );
      return reply;
    },
  });

  route(app, routes.stock.counts, {
    handler: async (request) => ({ counts: await counts.list(shopCallerOf(request)) }),
  });

  route(app, routes.stock.startCount, {
    handler: (request) => counts.start(shopCallerOf(request), request.body),
  });

  route(app, routes.stock.count, {
    handler: (request) => counts.get(shopCallerOf(request), request.params.countId),
  });

  route(app, routes.stock.enterCount, {
    handler: (request) => counts.enter(shopCallerOf(request), request.params.countId, request.body),
  });

  route(app, routes.stock.applyCount, {
    handler: (request) => counts.apply(shopCallerOf(request), request.params.countId),
  });

  route(app, routes.stock.cancelCount, {
    handler: (request) => counts.cancel(shopCallerOf(request), request.params.countId),
  });

  route(app, routes.stock.stockChecks, {
    handler: async (request) => ({ checks: await stock.checks(request.actor) }),
  });

  route(app, routes.stock.runStockCheck, {
    handler: (request) => stock.runCheck(request.actor),
  });
};
