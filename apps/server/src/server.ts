import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { openDatabase } from './db/database';
import { migrate } from './db/migrate';
import type { DemoAgents } from './demo/agents';
import { seedDemoData, type DemoAccount } from './demo/seed';
import { scheduleExpirySweep } from './modules/auth/expired-records';
import { startEventPipeline } from './modules/events/pipeline';
import { createPresenceRepository } from './modules/presence/presence.repository';
import { checkStockLedger, scheduleNightlyStockCheck } from './modules/stock/stock-check';
import { createStockRepository } from './modules/stock/stock.repository';
import { createPresenceHandler } from './modules/presence/presence.service';
import { createAcknowledgementsRepository } from './modules/purchasing/acknowledgements.repository';
import { createAcknowledgementHandler, createAcknowledgementsService } from './modules/purchasing/acknowledgements.service';
import { createOrderAcknowledgementsRepository } from './modules/order-acknowledgements/order-acknowledgements.repository';
import {
  createOrderAcknowledgementHandler,
  createOrderAcknowledgementRecorder,
} from './modules/order-acknowledgements/order-acknowledgements.service';
import { createPurchasingRepository } from './modules/purchasing/purchasing.repository';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Log lines gathered into writes of 4 KB, and written at least every second: one write per request
 * cost a fifth of a small request's time at info level (a pipe or socket write is dear on a VM).
 * pino writes what is pending on exit, fatal errors included; a SIGKILL loses up to a second of lines.
 */
const bufferedStdout = () => pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });

function banner(config: Config, url: string, brokerDescription: string, accounts: DemoAccount[] | null): string {
  const lines = [
    '',
    `  MeetYourBusiness is running at ${url}`,
    `  API documentation:   ${url}/docs`,
    `  database:            ${config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL'}`,
    `  broker:              ${brokerDescription}`,
    `  e-mail:              ${config.mail.kind === 'folder' ? `written to ${config.mail.dir} (open "Mail" in the app)` : 'SMTP'}`,
  ];
  if (accounts) {
    lines.push('', '  Demo accounts (created just now):');
    for (const account of accounts) {
      lines.push(`    ${account.role.padEnd(32)} ${account.email.padEnd(32)} ${account.password}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await migrate(database);
  const accounts = config.demoData ? await seedDemoData(database.db, config.publicUrl) : null;

  // Made before the application, which logs through it, since the event pipeline starts first.
  const logger = process.stdout.isTTY
    ? pino({ level: config.logLevel, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } })
    : pino({ level: config.logLevel }, bufferedStdout());
  await checkStockLedger(createStockRepository(database.db), { trigger: 'start', checkedBy: null }, logger.child({ component: 'stock-check' }));
  // Receipts are read before any agent can send one; one sent while no server listens waits on the broker.
  const events = await startEventPipeline({
    database: { ...database, url: config.database.kind === 'postgres' ? config.database.url : undefined },
    logger,
    broker: {
      config: config.broker,
      receipts: config.receipts,
      presence: createPresenceHandler(createPresenceRepository(database.db), logger.child({ component: 'receipts' })),
      acknowledgements: {
        'purchase_order.acknowledged': createAcknowledgementHandler(
          createAcknowledgementsService(
            database.db,
            { acknowledgements: createAcknowledgementsRepository(database.db), purchasing: createPurchasingRepository(database.db) },
            { publicUrl: config.publicUrl },
          ),
          logger.child({ component: 'receipts' }),
        ),
        'order.acknowledged': createOrderAcknowledgementHandler(
          createOrderAcknowledgementRecorder(database.db, {
            acknowledgements: createOrderAcknowledgementsRepository(database.db),
          }),
          logger.child({ component: 'receipts' }),
        ),
      },
    },
  });
  const app = await buildApp({
    database,
    mailDir: config.mail.kind === 'folder' ? config.mail.dir : null,
    secureCookies: config.secureCookies,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    oidcProviders: config.oidcProviders,
    facebook: config.facebook,
    mail: config.mail,
    events,
    orderStatements: config.orderStatements,
    notTakenWarningSeconds: config.notTakenWarningSeconds,
    brokerDescription: events.description,
    webDist: WEB_DIST,
    logger,
  });

  // Agents subscribe before the relay starts, so the first dispatches already have a queue to land in;
  // afterwards they follow the suppliers as the database says they change, through the listener that
  // also wakes the relay.
  const agents: DemoAgents | undefined = config.demoAgents
    ? (await import('./demo/agents')).runDemoAgents(database.db, config, events.brokerUrl!, app.log.child({ component: 'demo-agent' }))
    : undefined;
  // Listening calls every handler once, which starts the agents of the suppliers there are now.
  await events.listen(agents ? { suppliers: () => agents.follow() } : {});
  await agents?.settled();

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`\nPort ${config.port} on ${config.host} is already in use. Stop what holds it, or set PORT to another port.\n`);
      process.exit(1);
    }
    throw error;
  }
  await events.start();
  const sweep = scheduleExpirySweep(database.db, app.log.child({ component: 'expiry-sweep' }));
  const stockCheck = scheduleNightlyStockCheck(database.db, app.log.child({ component: 'stock-check' }));
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  process.stdout.write(banner(config, url, events.description, accounts));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.log.info(`${signal}: finishing what is in hand, then stopping`);
    sweep.stop();
    stockCheck.stop();
    await app.close();
    await agents?.close();
    await events.close();
    await database.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop(signal));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
