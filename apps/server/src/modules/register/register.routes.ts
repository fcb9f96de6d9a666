import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { RegisterPinsService } from './discount-approval';
import type { RegistersService } from './registers.service';
import type { SalesService } from './sales.service';

export const registerRoutes: FastifyPluginAsyncZod<{
  registers: RegistersService;
  sales: SalesService;
  pins: RegisterPinsService;
}> = async (app, { registers, sales, pins }) => {
  route(app, routes.register.registers, {
    handler: async (request) => ({ registers: await registers.list(shopCallerOf(request)) }),
  });

  route(app, routes.register.createRegister, {
    handler: (request) => registers.create(shopCallerOf(request), request.body),
  });

  route(app, routes.register.updateRegister, {
    handler: (request) => registers.update(shopCallerOf(request), request.params.registerId, request.body),
  });

  route(app, routes.register.openShift, {
    handler: (request) => registers.openShift(shopCallerOf(request), request.params.registerId, request.body),
  });

  route(app, routes.register.shift, {
    handler: (request) => registers.shift(shopCallerOf(request), request.params.shiftId),
  });

  route(app, routes.register.moveCash, {
    handler: (request) => registers.moveCash(shopCallerOf(request), request.params.shiftId, request.body),
  });

  route(app, routes.register.voidLines, {
    handler: (request) => registers.voidLines(shopCallerOf(request), request.params.shiftId, request.body),
  });

  route(app, routes.register.closeShift, {
    handler: (request) => registers.close(shopCallerOf(request), request.params.shiftId, request.body),
  });

  route(app, routes.register.emailShiftReport, {
    handler: async (request) => {
      await registers.emailReport(shopCallerOf(request), request.params.shiftId, request.body);
      return null;
    },
  });

  route(app, routes.register.createSale, {
    handler: (request) => sales.create(shopCallerOf(request), request.params.registerId, request.body),
  });

  route(app, routes.register.sale, {
    handler: (request) => sales.get(shopCallerOf(request), request.params.saleId),
  });

  route(app, routes.register.returnable, {
    handler: (request) => sales.returnable(shopCallerOf(request), request.params.receiptNumber),
  });

  route(app, routes.register.createReturn, {
    handler: (request) => sales.createReturn(shopCallerOf(request), request.params.registerId, request.body),
  });

  route(app, routes.register.approvers, {
    handler: (request) => pins.approvers(shopCallerOf(request)),
  });

  route(app, routes.register.pin, {
    handler: (request) => pins.status(shopCallerOf(request)),
  });

  route(app, routes.register.setPin, {
    handler: (request) => pins.set(shopCallerOf(request), request.body),
  });

  route(app, routes.register.emailReceipt, {
    handler: async (request) => {
      await sales.emailReceipt(shopCallerOf(request), request.params.saleId, request.body);
      return null;
    },
  });
};
