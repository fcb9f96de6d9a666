import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AMQP_EXCHANGE } from '@myb/contracts';
import { z } from 'zod';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Statements of one kind (placing orders, closing dispatched ones) run at once unless configured.
 * On two cores, with 20 orders in flight, one statement placed 88–99 % of pgbench's rate, two
 * 79–86 %, five 63–73 %: fewer statements gather more work each. Two, so that one statement slowed
 * by a lock does not hold every shop's work.
 */
export const DEFAULT_BATCH_STATEMENTS = 2;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional());

/** An empty variable counts as unset (the way a blank line in `.env` or a cleared variable reads). */
const unsetIfBlank = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

/** Every setting the server reads, with its default; the README's configuration table mirrors this. */
const environmentSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalUrl,
  DATABASE_PREPARED_STATEMENTS: flag.default(true),
  DATABASE_ORDER_STATEMENTS: unsetIfBlank(z.coerce.number().int().min(1).max(8).default(DEFAULT_BATCH_STATEMENTS)),
  AMQP_URL: optionalUrl,
  AMQP_EXCHANGE: z.string().min(1).default(DEFAULT_AMQP_EXCHANGE),
  MQTT_URL: optionalUrl,
  EMBEDDED_MQTT_PORT: port.default(1883),
  EMBEDDED_MQTT_HOST: z.string().default('127.0.0.1'),
  // Unset: `myb.receipts.<deployment id>`, the deployment's own (messaging/receipts-queue.ts).
  RECEIPTS_QUEUE: unsetIfBlank(z.string().min(1).max(200).optional()),
  RECEIPTS_CLIENT_ID: z.string().min(1).default('myb-server-receipts'),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('MeetYourBusiness <orders@meetyourbusiness.local>'),
  DEMO_DATA: flag.default(true),
  DEMO_AGENTS: flag.default(true),
  NOT_TAKEN_WARNING_SECONDS: unsetIfBlank(z.coerce.number().int().min(1).max(30 * 24 * 3600).default(600)),
  SECURE_COOKIES: flag.default(false),
  PUBLIC_URL: optionalUrl,
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: unsetIfBlank(z.string().optional()),
  OIDC_CLIENT_SECRET: unsetIfBlank(z.string().optional()),
  OIDC_LABEL: unsetIfBlank(z.string().default('Single sign-on')),
  GOOGLE_CLIENT_ID: unsetIfBlank(z.string().optional()),
  GOOGLE_CLIENT_SECRET: unsetIfBlank(z.string().optional()),
  GOOGLE_ISSUER: unsetIfBlank(z.url().default('https://accounts.google.com')),
  FACEBOOK_CLIENT_ID: unsetIfBlank(z.string().optional()),
  FACEBOOK_CLIENT_SECRET: unsetIfBlank(z.string().optional()),
  FACEBOOK_AUTHORIZATION_URL: unsetIfBlank(z.url().default('https://www.facebook.com/v19.0/dialog/oauth')),
  FACEBOOK_TOKEN_URL: unsetIfBlank(z.url().default('https://graph.facebook.com/v19.0/oauth/access_token')),
  FACEBOOK_PROFILE_URL: unsetIfBlank(z.url().default('https://graph.facebook.com/v19.0/me?fields=id,name,email')),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((value): TrustProxy => {
      const trimmed = value.trim();
      return trimmed === 'true' || trimmed === 'false' ? trimmed === 'true' : trimmed;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Whom to believe about the client's address and scheme (X-Forwarded-For/-Proto/-Host): no one
 * (false), everyone (true — only behind a proxy that overwrites those headers), or a comma-separated
 * list of addresses, subnets and the names `loopback`, `linklocal`, `uniquelocal`.
 */
export type TrustProxy = boolean | string;

export type Broker =
  | { kind: 'amqp'; url: string; exchange: string }
  | { kind: 'mqtt'; url: string }
  | { kind: 'embedded'; host: string; port: number };

/** An OpenID Connect issuer people may sign in with; `id` appears in its callback URL. */
export interface OidcProviderConfig {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Facebook Login: OAuth 2.0, then the Graph API's profile of the person. Endpoints can point elsewhere for tests. */
export interface FacebookConfig {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  profileUrl: string;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: { kind: 'postgres'; url: string; preparedStatements: boolean } | { kind: 'pglite'; dataDir: string };
  /**
   * Statements placing orders at once, and statements closing dispatched orders at once; what
   * arrives meanwhile goes together in the next (`createStatementBatcher`).
   */
  orderStatements: number;
  broker: Broker;
  /**
   * Where agents' receipts are read: the AMQP queue (unset: the deployment's own, named from the id
   * its database holds), or the client id of the persistent MQTT session.
   */
  receipts: { queue: string | undefined; clientId: string };
  /** Seconds a published message may wait for a device before the order page and Messages warn. */
  notTakenWarningSeconds: number;
  mail: { kind: 'smtp'; url: string; from: string } | { kind: 'folder'; dir: string; from: string };
  demoData: boolean;
  demoAgents: boolean;
  secureCookies: boolean;
  /** Sign-in with OpenID Connect issuers, in the order the sign-in page shows them. */
  oidcProviders: OidcProviderConfig[];
  facebook: FacebookConfig | null;
  /** Where people reach the web app: links in e-mails and sign-in callbacks point there. */
  publicUrl: string;
  /** Origins besides the server's own whose pages may send state-changing requests (the Vite dev server, say). */
  allowedOrigins: string[];
  trustProxy: TrustProxy;
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  const oidcProviders: OidcProviderConfig[] = [];
  const problems: string[] = [];
  const addProvider = (prefix: string, provider: Omit<OidcProviderConfig, 'clientId' | 'clientSecret'>, id?: string, secret?: string) => {
    if (id && secret) {
      oidcProviders.push({ ...provider, clientId: id, clientSecret: secret });
    } else if (id || secret) {
      problems.push(`  ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
    }
  };
  addProvider('GOOGLE', { id: 'google', label: 'Google', issuer: env.GOOGLE_ISSUER }, env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET);
  if (env.OIDC_ISSUER) {
    addProvider('OIDC', { id: 'oidc', label: env.OIDC_LABEL, issuer: env.OIDC_ISSUER }, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET);
    if (!env.OIDC_CLIENT_ID && !env.OIDC_CLIENT_SECRET) {
      problems.push('  OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
    }
  }
  if (Boolean(env.FACEBOOK_CLIENT_ID) !== Boolean(env.FACEBOOK_CLIENT_SECRET)) {
    problems.push('  FACEBOOK_CLIENT_ID and FACEBOOK_CLIENT_SECRET go together');
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const dataDir = resolve(REPOSITORY_ROOT, env.DATA_DIR);
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, preparedStatements: env.DATABASE_PREPARED_STATEMENTS }
      : { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') },
    orderStatements: env.DATABASE_ORDER_STATEMENTS,
    broker: env.AMQP_URL
      ? { kind: 'amqp', url: env.AMQP_URL, exchange: env.AMQP_EXCHANGE }
      : env.MQTT_URL
        ? { kind: 'mqtt', url: env.MQTT_URL }
        : { kind: 'embedded', host: env.EMBEDDED_MQTT_HOST, port: env.EMBEDDED_MQTT_PORT },
    receipts: { queue: env.RECEIPTS_QUEUE, clientId: env.RECEIPTS_CLIENT_ID },
    mail: env.SMTP_URL
      ? { kind: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM }
      : { kind: 'folder', dir: resolve(dataDir, 'mail'), from: env.MAIL_FROM },
    demoData: env.DEMO_DATA,
    demoAgents: env.DEMO_AGENTS,
    notTakenWarningSeconds: env.NOT_TAKEN_WARNING_SECONDS,
    secureCookies: env.SECURE_COOKIES,
    allowedOrigins: env.ALLOWED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    oidcProviders,
    facebook:
      env.FACEBOOK_CLIENT_ID && env.FACEBOOK_CLIENT_SECRET
        ? {
            clientId: env.FACEBOOK_CLIENT_ID,
            clientSecret: env.FACEBOOK_CLIENT_SECRET,
            authorizationUrl: env.FACEBOOK_AUTHORIZATION_URL,
            tokenUrl: env.FACEBOOK_TOKEN_URL,
            profileUrl: env.FACEBOOK_PROFILE_URL,
          }
        : null,
    publicUrl: (
      env.PUBLIC_URL ?? `http://${['0.0.0.0', '::'].includes(env.HOST) ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`
    ).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
  };
}

/** Reads `.env` from the working directory when there is one; the environment wins over it. */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
}
