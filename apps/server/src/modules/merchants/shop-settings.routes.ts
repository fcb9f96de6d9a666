import { closeShopSchema, merchantParams, shopSettingsSchema, updateShopSchema } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ShopSettingsService } from './shop-settings.service';

export const shopSettingsRoutes: FastifyPluginAsyncZod<{ shopSettings: ShopSettingsService }> = async (app, { shopSettings }) => {
  app.get(
    '/merchants/:merchantSlug/settings',
    {
      schema: {
        tags: ['merchants'],
        summary: "The shop's settings, with the version to send back when changing them (owner)",
        params: merchantParams,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.get(request.actor, request.params.merchantSlug),
  );

  app.patch(
    '/merchants/:merchantSlug',
    {
      schema: {
        tags: ['merchants'],
        summary: "Change the shop's name, description, currency, time zone or address (owner); 409 if changed meanwhile",
        params: merchantParams,
        body: updateShopSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.update(request.actor, request.params.merchantSlug, request.body),
  );

  app.put(
    '/merchants/:merchantSlug/closed',
    {
      schema: {
        tags: ['merchants'],
        summary: 'Close the shop, its name typed to confirm (owner): unlisted, no new orders, history kept',
        params: merchantParams,
        body: closeShopSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.close(request.actor, request.params.merchantSlug, request.body),
  );

  app.delete(
    '/merchants/:merchantSlug/closed',
    {
      schema: {
        tags: ['merchants'],
        summary: 'Open a closed shop again (owner)',
        params: merchantParams,
        response: { 200: shopSettingsSchema },
      },
    },
    (request) => shopSettings.reopen(request.actor, request.params.merchantSlug),
  );
};
