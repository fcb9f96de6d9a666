import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import type { AgentOptions } from './agent';
import { DEFAULT_MAIL_RETRY } from './handle-message';

/** What commander hands back, flags and their environment variables already merged. */
export interface CliValues {
  amqpUrl?: string;
  mqttUrl?: string;
  mqttVersion?: 4 | 5;
  merchant: string;
  supplier: string;
  exchange?: string;
  queue?: string;
  clientId?: string;
  recipients?: string;
  recipientsFile?: string;
  recipientsUrl?: string;
  apiToken?: string;
  smtpUrl?: string;
  mailDir?: string;
  from: string;
  stateDir: string;
  retryDelay?: number;
  mailAttempts?: number;
  mailRetryBase?: number;
  smtpTimeout?: number;
  receipts: boolean;
  heartbeat?: number;
  mailgunApiKey?: string;
  mailgunDomain?: string;
  mailgunUrl?: string;
  config?: string;
  health?: boolean;
}

function parseMqttVersion(value: string): 4 | 5 {
  if (value === '4' || value === '5') {
    return value === '4' ? 4 : 5;
  }
  throw new InvalidArgumentError('4 (MQTT 3.1.1) or 5.');
}

function parseAttempts(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError('a whole number, 1 or more.');
  }
  return count;
}

function parseMilliseconds(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new InvalidArgumentError('a whole number of milliseconds.');
  }
  return ms;
}

/** Every flag with its environment variable; README.md lists the same table. */
export function cliOptions(): Option[] {
  return [
    new Option('--amqp-url <url>', 'AMQP 0-9-1 broker, amqp://user:pass@host:5672')
      .env('AGENT_AMQP_URL')
      .conflicts('mqttUrl'),
    new Option('--mqtt-url <url>', 'MQTT broker, mqtt://host:1883 or mqtts://').env('AGENT_MQTT_URL'),
    new Option('--mqtt-version <4|5>', 'MQTT protocol: 4 is 3.1.1 (default), 5 is MQTT 5')
      .env('AGENT_MQTT_VERSION')
      .argParser(parseMqttVersion),
    new Option('--merchant <slug>', "the merchant's slug").env('AGENT_MERCHANT').makeOptionMandatory(),
    new Option('--supplier <slug>', "this supplier's slug").env('AGENT_SUPPLIER').makeOptionMandatory(),
    new Option('--exchange <name>', 'AMQP topic exchange (default amq.topic)').env('AGENT_EXCHANGE'),
    new Option('--queue <name>', 'AMQP queue (default myb.<merchant>.<supplier>)').env('AGENT_QUEUE'),
    new Option('--client-id <id>', 'MQTT client id (default myb-agent-<merchant>-<supplier>)').env(
      'AGENT_CLIENT_ID',
    ),
    new Option('--recipients <emails>', 'comma-separated e-mail addresses')
      .env('AGENT_RECIPIENTS')
      .conflicts(['recipientsFile', 'recipientsUrl']),
    new Option('--recipients-file <path>', 'file of addresses, one a line, # comments')
      .env('AGENT_RECIPIENTS_FILE')
      .conflicts('recipientsUrl'),
    new Option('--recipients-url <url>', 'URL answering GET with {"emails": [...]}').env(
      'AGENT_RECIPIENTS_URL',
    ),
    new Option('--api-token <token>', 'bearer token sent to --recipients-url').env('AGENT_API_TOKEN'),
    new Option('--smtp-url <url>', 'smtp:// or smtps://user:pass@host:port')
      .env('AGENT_SMTP_URL')
      .conflicts('mailDir'),
    new Option('--mail-dir <dir>', 'write each e-mail as an .eml file here instead of sending it').env(
      'AGENT_MAIL_DIR',
    ),
    new Option('--from <address>', 'sender address of the e-mails').env('AGENT_FROM').makeOptionMandatory(),
    new Option('--state-dir <dir>', 'where the record of e-mails sent is kept')
      .env('AGENT_STATE_DIR')
      .default('./supplier-agent-state'),
    new Option(
      '--retry-delay <ms>',
      'wait before a message whose e-mail failed is tried again (default 5000)',
    )
      .env('AGENT_RETRY_DELAY_MS')
      .argParser(parseMilliseconds),
    new Option(
      '--mail-attempts <n>',
      'tries per recipient when the mail server defers (4xx) or times out (default 5)',
    )
      .env('AGENT_MAIL_ATTEMPTS')
      .argParser(parseAttempts),
    new Option(
      '--mail-retry-base <ms>',
      'first wait between those tries, doubling, with jitter (default 1000)',
    )
      .env('AGENT_MAIL_RETRY_BASE_MS')
      .argParser(parseMilliseconds),
    new Option('--smtp-timeout <ms>', 'give up on a silent mail server after this long (default 30000)')
      .env('AGENT_SMTP_TIMEOUT_MS')
      .argParser(parseMilliseconds),
    new Option('--mailgun-api-key <key>', "send through Mailgun's HTTP API with this key instead of SMTP")
      .env('AGENT_MAILGUN_API_KEY')
      .conflicts(['smtpUrl', 'mailDir']),
    new Option('--mailgun-domain <domain>', 'the Mailgun sending domain').env('AGENT_MAILGUN_DOMAIN'),
    new Option(
      '--mailgun-url <url>',
      'Mailgun API base (default https://api.mailgun.net; EU: https://api.eu.mailgun.net)',
    ).env('AGENT_MAILGUN_URL'),
    new Option(
      '--config <path>',
      'JSON file of settings, named like the flags in camelCase (flags and variables win)',
    ).env('AGENT_CONFIG'),
    new Option(
      '--health',
      'check broker, mail, recipients and state folder once, print a JSON report, exit 0 or 1',
    ),
    new Option('--heartbeat <seconds>', 'seconds between presence announcements (default 30)')
      .env('AGENT_HEARTBEAT_SECONDS')
      .argParser(parseAttempts),
    new Option('--no-receipts', 'do not publish delivery receipts back to the server').env(
      'AGENT_NO_RECEIPTS',
    ),
  ];
}

function broker(values: CliValues): AgentOptions['broker'] {
  if (values.amqpUrl !== undefined) {
    return { kind: 'amqp', url: values.amqpUrl, exchange: values.exchange, queue: values.queue };
  }
  if (values.mqttUrl !== undefined) {
    return {
      kind: 'mqtt',
      url: values.mqttUrl,
      clientId: values.clientId,
      protocolVersion: values.mqttVersion,
    };
  }
  throw new Error('give a broker: --amqp-url or --mqtt-url');
}

function recipients(values: CliValues): AgentOptions['recipients'] {
  if (values.recipients !== undefined) {
    return { kind: 'list', emails: values.recipients.split(',') };
  }
  if (values.recipientsFile !== undefined) {
    return { kind: 'file', path: values.recipientsFile };
  }
  if (values.recipientsUrl !== undefined) {
    return { kind: 'url', url: values.recipientsUrl, token: values.apiToken };
  }
  throw new Error('say who to e-mail: --recipients, --recipients-file or --recipients-url');
}

function mail(values: CliValues): AgentOptions['mail'] {
  if (values.smtpUrl !== undefined) {
    return { kind: 'smtp', url: values.smtpUrl, from: values.from, timeoutMs: values.smtpTimeout };
  }
  if (values.mailDir !== undefined) {
    return { kind: 'folder', dir: values.mailDir, from: values.from };
  }
  if (values.mailgunApiKey !== undefined) {
    if (values.mailgunDomain === undefined) {
      throw new Error('--mailgun-api-key needs --mailgun-domain');
    }
    return {
      kind: 'mailgun',
      apiKey: values.mailgunApiKey,
      domain: values.mailgunDomain,
      from: values.from,
      baseUrl: values.mailgunUrl,
      timeoutMs: values.smtpTimeout,
    };
  }
  throw new Error('say how to send e-mail: --smtp-url, --mail-dir or --mailgun-api-key');
}

/** Throws with a message meant for the person at the terminal when a choice is missing. */
export function agentOptionsFromCli(values: CliValues): AgentOptions {
  return {
    merchant: values.merchant,
    supplier: values.supplier,
    broker: broker(values),
    recipients: recipients(values),
    mail: mail(values),
    stateDir: values.stateDir,
    retryDelayMs: values.retryDelay,
    mailRetry: {
      maxAttempts: values.mailAttempts ?? DEFAULT_MAIL_RETRY.maxAttempts,
      baseDelayMs: values.mailRetryBase ?? DEFAULT_MAIL_RETRY.baseDelayMs,
    },
    receipts: values.receipts,
    heartbeatSeconds: values.heartbeat,
  };
}

/**
 * Settings read from `--config` (or AGENT_CONFIG): every key a flag's camelCase name, checked here so
 * a typo is an error rather than a silently ignored setting.
 */
const configFileSchema = z
  .object({
    amqpUrl: z.string(),
    mqttUrl: z.string(),
    mqttVersion: z.union([z.literal(4), z.literal(5)]),
    merchant: z.string(),
    supplier: z.string(),
    exchange: z.string(),
    queue: z.string(),
    clientId: z.string(),
    recipients: z.union([z.string(), z.array(z.string()).transform((list) => list.join(','))]),
    recipientsFile: z.string(),
    recipientsUrl: z.string(),
    apiToken: z.string(),
    smtpUrl: z.string(),
    mailDir: z.string(),
    mailgunApiKey: z.string(),
    mailgunDomain: z.string(),
    mailgunUrl: z.string(),
    from: z.string(),
    stateDir: z.string(),
    retryDelay: z.int().min(0),
    mailAttempts: z.int().min(1),
    mailRetryBase: z.int().min(0),
    smtpTimeout: z.int().min(0),
    heartbeat: z.int().min(1),
    receipts: z.boolean(),
  })
  .partial()
  .strict();
export type ConfigFile = z.infer<typeof configFileSchema>;

export async function readConfigFile(path: string): Promise<ConfigFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new Error(`the config file ${path} is not valid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** The config file's path, from the command line or the environment, before commander parses. */
export function configPathFrom(argv: readonly string[], environment: NodeJS.ProcessEnv): string | undefined {
  const at = argv.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  if (at >= 0) {
    const arg = argv[at]!;
    return arg.includes('=') ? arg.slice('--config='.length) : argv[at + 1];
  }
  const fromEnvironment = environment.AGENT_CONFIG;
  return fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment;
}
