import { closeShopSchema, merchantParams, shopSettingsSchema, updateShopSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopCallerOf } from '../access/access';
import type { ShopSettingsService } from './shop-settings.service';

export const shopSettingsRoutes: FastifyPluginAsyncZod<{ shopSettings: ShopSettingsService }> = async (app, { shopSettings }) => {
  app.get(
    '/merchants/:merchantSlug/settings',
    {
      config: { permission: 'settings' },
      schema: {
        tags: ['merchants'],
        summary: "The shop's settings, with the version to send back when changing them (owner)",
        params: merchantParams,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.get(shopCallerOf(request)),
  );

  app.patch(
    '/merchants/:merchantSlug',
    {
      config: { permission: 'settings' },
      schema: {
        tags: ['merchants'],
        summary: "Change the shop's name, description, currency, time zone or address (owner); 409 if changed meanwhile",
        params: merchantParams,
        body: updateShopSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.update(shopCallerOf(request), request.body),
  );

  app.put(
    '/merchants/:merchantSlug/closed',
    {
      config: { permission: 'settings' },
      schema: {
        tags: ['merchants'],
        summary: 'Close the shop, its name typed to confirm (owner): unlisted, no new orders, history kept',
        params: merchantParams,
        body: closeShopSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.close(shopCallerOf(request), request.body),
  );

  app.delete(
    '/merchants/:merchantSlug/closed',
    {
      config: { permission: 'settings' },
      schema: {
        tags: ['merchants'],
        summary: 'Open a closed shop again (owner)',
        params: merchantParams,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.reopen(shopCallerOf(request)),
  );
};
