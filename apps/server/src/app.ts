import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { API_PREFIX, routes } from '@myb/contracts';
import type { MailOption } from '@myb/mail';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_BATCH_STATEMENTS, type FacebookConfig, type OidcProviderConfig, type TrustProxy } from './config';
import type { DatabaseHandle } from './db/database';
import { BODY_LIMIT_BYTES } from './http/body-limit';
import { errorBody } from './http/error-body';
import { NO_ROUTE_MESSAGE, registerErrorHandling } from './http/errors';
import { OneLinePerRequest } from './http/request-log';
import { recordRoutes } from './http/route-list';
import { route } from './http/route-table';
import { createReplySerializer } from './http/serializer';
import { registerSameOriginCheck } from './http/same-origin';
import { registerSecurityHeaders } from './http/security-headers';
import { clientErrorHandler, registerControlCharacterCheck } from './http/text-input';
import { deliveriesRoutes } from './modules/deliveries/deliveries.routes';
import { createDeliveriesService } from './modules/deliveries/deliveries.service';
import { createEventsRepository } from './modules/events/events.repository';
import { createEventsService } from './modules/events/events.service';
import type { EventPipeline } from './modules/events/pipeline';
import { createPresenceRepository } from './modules/presence/presence.repository';
import { presenceRoutes } from './modules/presence/presence.routes';
import { createPresenceService } from './modules/presence/presence.service';
import { createAdminRepository } from './modules/admin/admin.repository';
import { registerCallerChecks } from './modules/access/access';
import { createAccessRepository } from './modules/access/access.repository';
import { adminRoutes } from './modules/admin/admin.routes';
import { createApiTokensRepository } from './modules/api-tokens/api-tokens.repository';
import { apiTokensRoutes } from './modules/api-tokens/api-tokens.routes';
import { createApiTokensService } from './modules/api-tokens/api-tokens.service';
import { createAdminService } from './modules/admin/admin.service';
import { createAccountMailer } from './modules/auth/account-mailer';
import { createAuditRepository } from './modules/audit/audit.repository';
import { accountRoutes } from './modules/auth/account.routes';
import { createAccountService } from './modules/auth/account.service';
import { authRoutes } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import { createExternalSignInRepository } from './modules/auth/external-sign-in.repository';
import { externalSignInRoutes } from './modules/auth/external-sign-in.routes';
import { createExternalSignIn } from './modules/auth/external-sign-in.service';
import { createPasswordResetsRepository } from './modules/auth/password-resets.repository';
import { passwordResetRoutes } from './modules/auth/password-reset.routes';
import { createPasswordResetService } from './modules/auth/password-reset.service';
import { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits } from './modules/auth/rate-limits';
import { createSessionsRepository } from './modules/auth/sessions.repository';
import { createUsersRepository } from './modules/auth/users.repository';
import { createCatalogueCsvRepository } from './modules/catalogue/catalogue-csv.repository';
import { createCatalogueCsvService } from './modules/catalogue/catalogue-csv.service';
import { createCatalogueRepository } from './modules/catalogue/catalogue.repository';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes';
import { createCatalogueService } from './modules/catalogue/catalogue.service';
import { registerRoutes } from './modules/register/register.routes';
import { createRegistersRepository } from './modules/register/registers.repository';
import { createRegistersService } from './modules/register/registers.service';
import { createSalesRepository } from './modules/register/sales.repository';
import { createSalesService } from './modules/register/sales.service';
import { createSalesListRepository } from './modules/sales/sales.repository';
import { salesRoutes } from './modules/sales/sales.routes';
import { createSalesListService } from './modules/sales/sales.service';
import { createRegisterPinsService } from './modules/register/discount-approval';
import { createRegisterPinsRepository } from './modules/register/register-pins.repository';
import { createTaxRatesRepository } from './modules/catalogue/tax-rates.repository';
import { createCustomersRepository } from './modules/customers/customers.repository';
import { customerRoutes } from './modules/customers/customers.routes';
import { createCustomersService } from './modules/customers/customers.service';
import { taxRateRoutes } from './modules/catalogue/tax-rates.routes';
import { createTaxRatesService } from './modules/catalogue/tax-rates.service';
import { createCountsRepository } from './modules/stock/counts.repository';
import { createCountsService } from './modules/stock/counts.service';
import { createStockRepository } from './modules/stock/stock.repository';
import { stockRoutes } from './modules/stock/stock.routes';
import { createStockService } from './modules/stock/stock.service';
import { createLiveFeed } from './modules/live/live-feed';
import { createLiveRepository } from './modules/live/live.repository';
import { liveRoutes } from './modules/live/live.routes';
import { createMailFolderWatch } from './modules/mail/mail-folder-watch';
import { mailRoutes } from './modules/mail/mail.routes';
import { createMailFolderService } from './modules/mail/mail.service';
import { merchantsRoutes } from './modules/merchants/merchants.routes';
import { createMerchantsRepository } from './modules/merchants/merchants.repository';
import { createMerchantsService } from './modules/merchants/merchants.service';
import { createShopSettingsRepository } from './modules/merchants/shop-settings.repository';
import { shopSettingsRoutes } from './modules/merchants/shop-settings.routes';
import { createShopSettingsService } from './modules/merchants/shop-settings.service';
import { createOrdersRepository } from './modules/orders/orders.repository';
import { ordersRoutes } from './modules/orders/orders.routes';
import { createOrdersService } from './modules/orders/orders.service';
import { createAcknowledgementsRepository } from './modules/purchasing/acknowledgements.repository';
import { acknowledgementsRoutes } from './modules/purchasing/acknowledgements.routes';
import { createAcknowledgementsService } from './modules/purchasing/acknowledgements.service';
import { createEscalationScheduler } from './modules/purchasing/escalation-scheduler';
import { createEscalationRepository } from './modules/purchasing/escalation.repository';
import { createEscalationService } from './modules/purchasing/escalation.service';
import { purchaseOrderEscalation } from './modules/purchasing/purchase-order-escalation';
import { createOrderAcknowledgementsRepository } from './modules/order-acknowledgements/order-acknowledgements.repository';
import { orderAcknowledgementsRoutes } from './modules/order-acknowledgements/order-acknowledgements.routes';
import { createOrderAcknowledgementsService } from './modules/order-acknowledgements/order-acknowledgements.service';
import { orderMessageEscalation } from './modules/order-acknowledgements/order-message-escalation';
import { createPurchasingRepository } from './modules/purchasing/purchasing.repository';
import { purchasingRoutes } from './modules/purchasing/purchasing.routes';
import { createPurchasingService } from './modules/purchasing/purchasing.service';
import { createReorderWorker } from './modules/reorder/reorder-worker';
import { createReorderRepository } from './modules/reorder/reorder.repository';
import { reorderRoutes } from './modules/reorder/reorder.routes';
import { createReorderService } from './modules/reorder/reorder.service';
import { createReportsRepository } from './modules/reports/reports.repository';
import { reportRoutes } from './modules/reports/reports.routes';
import { createReportsService } from './modules/reports/reports.service';
import { createSummaryFolder } from './modules/reports/summary-folder';
import { createStaffRepository } from './modules/staff/staff.repository';
import { staffRoutes } from './modules/staff/staff.routes';
import { createStaffService } from './modules/staff/staff.service';
import { createTimesheetSweep } from './modules/timesheets/timesheets-sweep';
import { createTimesheetsRepository } from './modules/timesheets/timesheets.repository';
import { timesheetRoutes } from './modules/timesheets/timesheets.routes';
import { createTimesheetsService } from './modules/timesheets/timesheets.service';
import { createSupplierInvitationsRepository } from './modules/supplier-invitations/supplier-invitations.repository';
import { supplierInvitationsRoutes } from './modules/supplier-invitations/supplier-invitations.routes';
import { createSupplierInvitationsService } from './modules/supplier-invitations/supplier-invitations.service';
import { suppliersRoutes } from './modules/suppliers/suppliers.routes';
import { createSuppliersRepository } from './modules/suppliers/suppliers.repository';
import { createSuppliersService } from './modules/suppliers/suppliers.service';

export interface AppOptions {
  database: DatabaseHandle;
  /** The folder the agents write mail into, shown by the mail view; null when mail really goes out. */
  mailDir: string | null;
  secureCookies: boolean;
  /** Origins besides the server's own allowed to send state-changing requests; none by default. */
  allowedOrigins?: string[];
  /** Which proxies' X-Forwarded-* headers are believed; the loopback ones by default. */
  trustProxy?: TrustProxy;
  /** Where people reach the web app, for links in e-mails; defaults to the address `inject` uses. */
  publicUrl?: string;
  /** OpenID Connect issuers people may sign in with; none when omitted. */
  oidcProviders?: OidcProviderConfig[];
  /** Facebook Login; not offered when omitted. */
  facebook?: FacebookConfig | null;
  /** How the server's own e-mail (password resets) goes out; omitted, it is logged and not sent. */
  mail?: MailOption;
  /** Limits on sign-in, sign-up and password resets; the defaults suit production. */
  rateLimits?: Partial<AuthRateLimits>;
  /** Publishes the events the application writes (`startEventPipeline`). */
  events: EventPipeline;
  /** Statements placing orders, and closing dispatched ones, at once (`createStatementBatcher`); `DEFAULT_BATCH_STATEMENTS` unless given. */
  orderStatements?: number;
  /** Seconds a published message may wait for a device (agent) before the screens warn; 600 unless given. */
  notTakenWarningSeconds?: number;
  /** Describes the broker for the health check. */
  brokerDescription: string;
  /** The built web app, served at `/`; omitted in API tests. */
  webDist?: string;
  /** Where the application logs; nowhere when omitted. */
  logger?: FastifyBaseLogger;
  /** Also parse every reply with its zod schema before writing it (the tests do; it costs time in production). */
  validateReplies?: boolean;
}

/** Builds the whole HTTP application without listening, so tests can `inject()` into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT_BYTES,
    clientErrorHandler,
    // Behind a trusted proxy the client's address and scheme come from X-Forwarded-*; anyone else
    // could set those headers to dodge the per-address limits or pass for HTTPS.
    trustProxy: options.trustProxy ?? 'loopback',
  }).withTypeProvider<ZodTypeProvider>();
  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createReplySerializer({ validate: options.validateReplies ?? false }));
  registerErrorHandling(app);
  // The API speaks JSON only; anything else is a 415, not a string for the schema to puzzle over.
  app.removeContentTypeParser('text/plain');
  registerControlCharacterCheck(app);

  await registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  // Only the routes that ask for a limit get one (sign-in, sign-up, password reset).
  await app.register(fastifyRateLimit, { global: false });
  registerSameOriginCheck(app, options.allowedOrigins ?? []);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'MeetYourBusiness API',
        description: 'Shops, catalogues, orders, and the dispatch of orders to suppliers.',
        version: '1',
      },
      tags: ['auth', 'admin', 'merchants', 'staff', 'catalogue', 'suppliers', 'orders', 'purchase orders', 'mail', 'messages', 'live', 'health'].map((name) => ({ name })),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // Every repository is built here, once, and each service is handed the ones it uses.
  const { db } = options.database;
  const users = createUsersRepository(db);
  const sessions = createSessionsRepository(db);
  const audit = createAuditRepository(db);
  const access = createAccessRepository(db);
  const suppliersRepository = createSuppliersRepository(db);
  const catalogueRepository = createCatalogueRepository(db);
  const auth = createAuthService(users, sessions, access);
  const merchants = createMerchantsService(createMerchantsRepository(db));
  const events = createEventsService(createEventsRepository(db), options.events, {
    notTakenWarningSeconds: options.notTakenWarningSeconds,
  });
  const rateLimits = { ...DEFAULT_AUTH_RATE_LIMITS, ...options.rateLimits };
  const accountMailer = createAccountMailer(options.mail ?? null, app.log);
  app.addHook('onClose', async () => {
    accountMailer.close();
  });

  registerCallerChecks(app, access);

  await app.register(
    async (api) => {
      route(api, routes.health.get, {
        handler: () => ({ status: 'ok' as const, database: options.database.kind, broker: options.brokerDescription }),
      });
      const external = createExternalSignIn(db, { users, signIns: createExternalSignInRepository(db) }, auth, {
        providers: options.oidcProviders ?? [],
        facebook: options.facebook ?? null,
        publicUrl: options.publicUrl ?? 'http://localhost',
        log: app.log,
      });
      await api.register(authRoutes, {
        auth,
        secureCookies: options.secureCookies,
        rateLimits,
        externalProviders: external.providers,
      });
      await api.register(externalSignInRoutes, {
        external,
        secureCookies: options.secureCookies,
        limit: rateLimits.externalSignIn,
      });
      await api.register(passwordResetRoutes, {
        passwordReset: createPasswordResetService(db, { users, resets: createPasswordResetsRepository(db), sessions }, {
          publicUrl: options.publicUrl ?? 'http://localhost',
          mailer: accountMailer,
          log: app.log,
        }),
        limit: rateLimits.passwordReset,
      });
      await api.register(accountRoutes, {
        account: createAccountService(db, { users, sessions, audit }),
        passwordChangeLimit: rateLimits.signIn,
      });
      await api.register(adminRoutes, {
        admin: createAdminService(db, { memberships: createAdminRepository(db), users, sessions, audit }),
      });
      await api.register(merchantsRoutes, { merchants });
      await api.register(shopSettingsRoutes, {
        shopSettings: createShopSettingsService(db, { shopSettings: createShopSettingsRepository(db), users, audit }),
      });
      const taxRates = createTaxRatesRepository(db);
      await api.register(catalogueRoutes, {
        catalogue: createCatalogueService(db, { catalogue: catalogueRepository, suppliers: suppliersRepository, taxRates }, merchants),
        catalogueCsv: createCatalogueCsvService(db, { csv: createCatalogueCsvRepository(db) }),
      });
      await api.register(taxRateRoutes, { taxRates: createTaxRatesService(db, { taxRates }) });
      await api.register(stockRoutes, {
        stock: createStockService(createStockRepository(db)),
        counts: createCountsService(db, { counts: createCountsRepository(db), catalogue: catalogueRepository }),
      });
      const registers = createRegistersRepository(db);
      const pins = createRegisterPinsRepository(db);
      const customers = createCustomersRepository(db);
      await api.register(customerRoutes, { customers: createCustomersService(db, { customers, users, audit }) });
      await api.register(registerRoutes, {
        registers: createRegistersService(db, { registers, mailer: accountMailer }),
        sales: createSalesService(db, { sales: createSalesRepository(db), registers, mailer: accountMailer, pins, customers }),
        pins: createRegisterPinsService(db, { pins }),
      });
      await api.register(salesRoutes, { sales: createSalesListService({ sales: createSalesListRepository(db) }) });
      await api.register(suppliersRoutes, { suppliers: createSuppliersService(db, { suppliers: suppliersRepository, catalogue: catalogueRepository }, events) });
      await api.register(supplierInvitationsRoutes, {
        invitations: createSupplierInvitationsService(
          db,
          { invitations: createSupplierInvitationsRepository(db), suppliers: suppliersRepository, users, audit },
          { publicUrl: options.publicUrl ?? 'http://localhost', mailer: accountMailer },
        ),
        linkLimit: rateLimits.supplierInvitationLink,
      });
      // A dispatched order's message a supplier is asked to acknowledge: deadlines and link made with the dispatch.
      const orderAcknowledgementsRepository = createOrderAcknowledgementsRepository(db);
      const deliveries = createDeliveriesService(events, { acknowledgements: orderAcknowledgementsRepository });
      const orderAcknowledgements = createOrderAcknowledgementsService(
        db,
        { acknowledgements: orderAcknowledgementsRepository, deliveries },
        { publicUrl: options.publicUrl ?? 'http://localhost' },
      );
      await api.register(ordersRoutes, {
        orders: createOrdersService({ orders: createOrdersRepository(db), access }, {
          events,
          acknowledgements: orderAcknowledgements,
          orderStatements: options.orderStatements ?? DEFAULT_BATCH_STATEMENTS,
        }),
      });
      const purchasingRepository = createPurchasingRepository(db);
      const acknowledgementsRepository = createAcknowledgementsRepository(db);
      const acknowledgements = createAcknowledgementsService(
        db,
        { acknowledgements: acknowledgementsRepository, purchasing: purchasingRepository },
        { publicUrl: options.publicUrl ?? 'http://localhost' },
      );
      const purchasing = createPurchasingService(
        db,
        { purchasing: purchasingRepository, acknowledgements: acknowledgementsRepository },
        { events, acknowledgeLinks: acknowledgements },
      );
      await api.register(purchasingRoutes, { purchasing });
      // Sent purchase orders and dispatched orders' messages not acknowledged in time are sent again, then
      // the shop told, while the app runs: one scheduler for both.
      const escalationLog = app.log.child({ component: 'escalation' });
      const escalationRepository = createEscalationRepository(db);
      const escalated = { events, publicUrl: options.publicUrl ?? 'http://localhost' };
      const escalation = createEscalationScheduler(
        createEscalationService(
          db,
          {
            escalation: escalationRepository,
            kinds: [
              purchaseOrderEscalation(escalationRepository, escalated),
              orderMessageEscalation(orderAcknowledgementsRepository, escalated),
            ],
          },
          { events, mailer: accountMailer, log: escalationLog },
        ),
        escalationLog,
      );
      app.decorate('escalation', escalation);
      app.addHook('onReady', () => escalation.start());
      app.addHook('onClose', () => escalation.stop());
      await api.register(acknowledgementsRoutes, { acknowledgements, linkLimit: rateLimits.purchaseOrderLink });
      const reorder = createReorderService(db, { reorder: createReorderRepository(db) }, { events, purchasing });
      await api.register(reorderRoutes, { reorder });
      // Reorder rules are evaluated as movements queue products, in the background, while the app runs.
      const reorderWorker = createReorderWorker(options.database, reorder, app.log.child({ component: 'reorder' }));
      app.addHook('onReady', () => reorderWorker.start());
      app.addHook('onClose', () => reorderWorker.stop());
      const reportsRepository = createReportsRepository(db);
      await api.register(reportRoutes, {
        reports: createReportsService(
          { reports: reportsRepository },
          { events, acknowledgements: orderAcknowledgementsRepository },
        ),
      });
      // What sales leave pending is folded into the sales summaries in the background, while the app runs.
      const summaryFolder = createSummaryFolder(reportsRepository, app.log.child({ component: 'summaries' }));
      app.decorate('salesSummaries', summaryFolder);
      app.addHook('onReady', () => summaryFolder.start());
      app.addHook('onClose', () => summaryFolder.stop());
      await api.register(staffRoutes, {
        staff: createStaffService(db, { staff: createStaffRepository(db), users, audit }),
      });
      const timesheets = createTimesheetsService(db, { timesheets: createTimesheetsRepository(db), pins });
      await api.register(timesheetRoutes, { timesheets });
      // Entries left open past their shop's longest shift are closed at it, at start and every five minutes.
      const timesheetSweep = createTimesheetSweep(timesheets, app.log.child({ component: 'timesheets' }));
      app.decorate('timesheetSweep', timesheetSweep);
      app.addHook('onReady', () => timesheetSweep.start());
      app.addHook('onClose', () => timesheetSweep.stop());
      await api.register(apiTokensRoutes, {
        apiTokens: createApiTokensService(db, { tokens: createApiTokensRepository(db), users, audit }),
      });
      await api.register(mailRoutes, { mail: createMailFolderService(options.mailDir) });
      await api.register(deliveriesRoutes, { deliveries });
      await api.register(orderAcknowledgementsRoutes, {
        acknowledgements: orderAcknowledgements,
        linkLimit: rateLimits.purchaseOrderLink,
      });
      // What changes, told to the browsers' live streams as it is committed in any process.
      const live = createLiveRepository(db);
      const liveFeed = createLiveFeed(options.database, live, app.log.child({ component: 'live' }));
      app.decorate('liveFeed', liveFeed);
      app.addHook('onReady', () => liveFeed.start());
      app.addHook('onClose', () => liveFeed.stop());
      await api.register(liveRoutes, { feed: liveFeed, live, access });
      if (options.mailDir !== null) {
        const mailWatch = createMailFolderWatch(
          options.mailDir,
          () => live.noteDeploymentChange('mail'),
          app.log.child({ component: 'mail' }),
        );
        app.addHook('onReady', () => mailWatch.start());
        app.addHook('onClose', () => mailWatch.stop());
      }
      await api.register(presenceRoutes, { presence: createPresenceService(createPresenceRepository(db)) });
    },
    { prefix: API_PREFIX },
  );

  // The built single-page app: its files, and index.html for every other page address.
  const webDist = options.webDist && existsSync(join(options.webDist, 'index.html')) ? options.webDist : null;
  if (webDist) {
    // A wildcard route looks files up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Page addresses have no file extension; a missing asset stays a 404 rather than becoming HTML.
    const isPage = !/\.[a-z0-9]+$/i.test(path) && !path.startsWith('/api/') && !path.startsWith('/docs');
    if (webDist && request.method === 'GET' && isPage) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody(404, NO_ROUTE_MESSAGE));
  });
  return app;
}
