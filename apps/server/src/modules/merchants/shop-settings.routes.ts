import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { ShopSettingsService } from './shop-settings.service';

export const shopSettingsRoutes: FastifyPluginAsyncZod<{ shopSettings: ShopSettingsService }> = async (app, { shopSettings }) => {
  route(app, routes.shopSettings.get, {
    handler: (request) => shopSettings.get(shopCallerOf(request)),
  });

  route(app, routes.shopSettings.update, {
    handler: (request) => shopSettings.update(shopCallerOf(request), request.body),
  });

  route(app, routes.shopSettings.close, {
    handler: (request) => shopSettings.close(shopCallerOf(request), request.body),
  });

  route(app, routes.shopSettings.reopen, {
    handler: (request) => shopSettings.reopen(shopCallerOf(request)),
  });
};
