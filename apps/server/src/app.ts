import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { API_PREFIX } from '@myb/contracts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DatabaseHandle } from './db/database';
import { errorBody, registerErrorHandling } from './http/errors';
import { deliveriesRoutes } from './modules/deliveries/deliveries.routes';
import { createDeliveriesService } from './modules/deliveries/deliveries.service';
import { createPresenceRepository } from './modules/presence/presence.repository';
import { presenceRoutes } from './modules/presence/presence.routes';
import { createPresenceService } from './modules/presence/presence.service';
import { adminRoutes } from './modules/admin/admin.routes';
import { createAdminService } from './modules/admin/admin.service';
import { authRoutes, SESSION_COOKIE } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createSessionsRepository } from './modules/auth/sessions.repository';
import { createUsersRepository } from './modules/auth/users.repository';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes';
import { createCatalogueService } from './modules/catalogue/catalogue.service';
import { mailRoutes } from './modules/mail/mail.routes';
import { createMailFolderService } from './modules/mail/mail.service';
import { merchantsRoutes } from './modules/merchants/merchants.routes';
import { createMerchantsRepository } from './modules/merchants/merchants.repository';
import { createMerchantsService } from './modules/merchants/merchants.service';
import { ordersRoutes } from './modules/orders/orders.routes';
import { createOrdersService } from './modules/orders/orders.service';
import { suppliersRoutes } from './modules/suppliers/suppliers.routes';
import { createSuppliersRepository } from './modules/suppliers/suppliers.repository';
import { createSuppliersService } from './modules/suppliers/suppliers.service';

export interface AppOptions {
  database: DatabaseHandle;
  /** The folder the agents write mail into, shown by the mail view; null when mail really goes out. */
  mailDir: string | null;
  secureCookies: boolean;
  /** Wakes the outbox relay after a dispatch commits. */
  onEventsCommitted: () => void;
  /** Describes the broker for the health check. */
  brokerDescription: string;
  /** The built web app, served at `/`; omitted in API tests. */
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the whole HTTP application without listening, so tests can `inject()` into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    // Behind a proxy the client's address and scheme come from X-Forwarded-*.
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // The API speaks JSON only; anything else is a 415, not a string for the schema to puzzle over.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'MeetYourBusiness API',
        description: 'Shops, catalogues, orders, and the dispatch of orders to suppliers.',
        version: '1',
      },
      tags: ['auth', 'admin', 'merchants', 'catalogue', 'suppliers', 'orders', 'mail', 'messages', 'health'].map((name) => ({ name })),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const { db } = options.database;
  const users = createUsersRepository(db);
  const auth = createAuthService(users, createSessionsRepository(db));
  const merchants = createMerchantsService(createMerchantsRepository(db));

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.actor = token ? ((await auth.resolve(token))?.actor ?? null) : null;
  });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          schema: {
            tags: ['health'],
            summary: 'Liveness, and what the server runs on',
            response: { 200: z.object({ status: z.literal('ok'), database: z.string(), broker: z.string() }) },
          },
        },
        () => ({ status: 'ok' as const, database: options.database.kind, broker: options.brokerDescription }),
      );
      await api.register(authRoutes, { auth, secureCookies: options.secureCookies });
      await api.register(adminRoutes, { admin: createAdminService(users) });
      await api.register(merchantsRoutes, { merchants });
      await api.register(catalogueRoutes, { catalogue: createCatalogueService(db, merchants) });
      await api.register(suppliersRoutes, {
        suppliers: createSuppliersService(merchants, createSuppliersRepository(db)),
      });
      await api.register(ordersRoutes, {
        orders: createOrdersService(db, merchants, { onEventsCommitted: options.onEventsCommitted }),
      });
      await api.register(mailRoutes, { mail: createMailFolderService(options.mailDir) });
      await api.register(deliveriesRoutes, {
        deliveries: createDeliveriesService(db, merchants, { onEventsCommitted: options.onEventsCommitted }),
      });
      await api.register(presenceRoutes, { presence: createPresenceService(merchants, createPresenceRepository(db)) });
    },
    { prefix: API_PREFIX },
  );

  // The built single-page app: its files, and index.html for every other page address.
  const webDist = options.webDist && existsSync(join(options.webDist, 'index.html')) ? options.webDist : null;
  if (webDist) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (webDist && request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody(404, `no route ${request.method} ${path}`));
  });
  return app;
}
