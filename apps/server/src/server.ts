import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { migrate } from './db/migrate';
import type { DemoAgents } from './demo/agents';
import { seedDemoData, type DemoAccount } from './demo/seed';
import { createAmqpPublisher } from './messaging/amqp-publisher';
import type { EmbeddedBroker } from './messaging/embedded-broker';
import { createMqttPublisher } from './messaging/mqtt-publisher';
import type { Publisher } from './messaging/publisher';
import {
  consumeReceiptsOverAmqp,
  consumeReceiptsOverMqtt,
  type AgentMessageHandlers,
  type ReceiptConsumer,
} from './messaging/receipt-consumer';
import { receiptsQueueFor, warnOfLegacyReceiptsQueue } from './messaging/receipts-queue';
import { scheduleExpirySweep } from './modules/auth/expired-records';
import { createDeliveriesRepository } from './modules/deliveries/deliveries.repository';
import { createReceiptHandler } from './modules/deliveries/receipts.service';
import { createPresenceRepository } from './modules/presence/presence.repository';
import { createPresenceHandler } from './modules/presence/presence.service';
import { listenToDatabase, type ChannelHandlers } from './outbox/listener';
import { createOutboxRepository } from './outbox/outbox.repository';
import { createOutboxRelay, DEFAULT_LEASE_MS, type OutboxRelay } from './outbox/relay';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

async function connectBroker(
  config: Config,
  database: DatabaseHandle,
): Promise<{ publisher: Publisher; url: string; embedded?: EmbeddedBroker }> {
  switch (config.broker.kind) {
    case 'amqp':
      return { publisher: createAmqpPublisher(config.broker.url, config.broker.exchange), url: config.broker.url };
    case 'mqtt':
      return { publisher: createMqttPublisher(config.broker.url), url: config.broker.url };
    case 'embedded': {
      // Loaded only here: a server on RabbitMQ or another MQTT broker never loads Aedes.
      const { startEmbeddedBroker } = await import('./messaging/embedded-broker');
      const embedded = await startEmbeddedBroker(config.broker.host, config.broker.port, database.db);
      return { publisher: embedded.publisher, url: embedded.url, embedded };
    }
  }
}

/**
 * Log lines gathered into writes of 4 KB, and written at least every second: one write per request
 * cost a fifth of a small request's time at info level (a pipe or socket write is dear on a VM).
 * pino writes what is pending on exit, fatal errors included; a SIGKILL loses up to a second of lines.
 */
const bufferedStdout = () => pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });

async function consumeReceipts(
  config: Config,
  database: DatabaseHandle,
  brokerUrl: string,
  handle: AgentMessageHandlers,
  logger: FastifyBaseLogger,
): Promise<ReceiptConsumer> {
  if (config.broker.kind !== 'amqp') {
    return consumeReceiptsOverMqtt(brokerUrl, config.receipts.clientId, handle, logger);
  }
  const queue = await receiptsQueueFor(database.db, config.receipts.queue);
  warnOfLegacyReceiptsQueue(brokerUrl, queue, logger).catch((error: unknown) =>
    logger.debug({ err: error }, 'could not look for the receipts queue of earlier versions'),
  );
  return consumeReceiptsOverAmqp(brokerUrl, config.broker.exchange, queue, handle, logger);
}

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
  const accounts = config.demoData ? await seedDemoData(database.db) : null;

  const broker = await connectBroker(config, database);
  const relayHolder: Pick<OutboxRelay, 'kick' | 'take'> = { kick: () => undefined, take: () => undefined };
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
    // A dispatch's events are leased to this process's relay as they are written and handed to it
    // after the commit: published at once, without a claim; other writes wake it to claim them.
    onEventsCommitted: (claimed) => (claimed && claimed.length > 0 ? relayHolder.take(claimed) : relayHolder.kick()),
    claimEventsForMs: DEFAULT_LEASE_MS,
    orderStatements: config.orderStatements,
    notTakenWarningSeconds: config.notTakenWarningSeconds,
    brokerDescription: broker.publisher.description,
    webDist: WEB_DIST,
    logger: {
      level: config.logLevel,
      ...(process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } }
        : { stream: bufferedStdout() }),
    },
  });
  if (broker.embedded?.movedFrom !== undefined) {
    app.log.warn(
      `port ${broker.embedded.movedFrom} is taken (another MQTT broker?); the embedded broker listens on ${broker.embedded.url} instead`,
    );
  }

  // Receipts are read before any agent can send one; one sent while no server listens waits on the broker.
  const receiptLog = app.log.child({ component: 'receipts' });
  const receipts = await consumeReceipts(
    config,
    database,
    broker.url,
    {
      receipt: createReceiptHandler(createDeliveriesRepository(database.db), receiptLog),
      presence: createPresenceHandler(createPresenceRepository(database.db), receiptLog),
    },
    receiptLog,
  );

  // Agents subscribe before the relay starts, so the first dispatches already have a queue to land in;
  // afterwards they follow the suppliers as the database says they change.
  const agents: DemoAgents | undefined = config.demoAgents
    ? (await import('./demo/agents')).runDemoAgents(database.db, config, broker.url, app.log.child({ component: 'demo-agent' }))
    : undefined;
  const relay = createOutboxRelay({
    outbox: createOutboxRepository(database.db),
    publisher: broker.publisher,
    logger: app.log.child({ component: 'outbox-relay' }),
  });
  relayHolder.kick = () => relay.kick();
  relayHolder.take = (rows) => relay.take(rows);
  // Dispatches committed by other server processes wake this relay too (PGlite has no other process),
  // and changes of suppliers, made by any process, move the demo agents. One listener for both.
  const handlers: ChannelHandlers = {
    ...(config.database.kind === 'postgres' ? { outbox_events: () => relay.kick() } : {}),
    ...(agents ? { suppliers: () => agents.follow() } : {}),
  };
  const listener =
    Object.keys(handlers).length > 0
      ? listenToDatabase(
          { kind: database.kind, listenInProcess: database.listenInProcess, url: config.database.kind === 'postgres' ? config.database.url : undefined },
          handlers,
          app.log.child({ component: 'database-listener' }),
        )
      : undefined;
  // Listening calls every handler once, which starts the agents of the suppliers there are now.
  await listener?.ready;
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
  relay.start();
  const sweep = scheduleExpirySweep(database.db, app.log.child({ component: 'expiry-sweep' }));
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  process.stdout.write(banner(config, url, broker.publisher.description, accounts));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.log.info(`${signal}: finishing what is in hand, then stopping`);
    sweep.stop();
    await app.close();
    await listener?.close();
    await relay.stop();
    await agents?.close();
    await receipts.close();
    await broker.publisher.close();
    await broker.embedded?.close();
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
