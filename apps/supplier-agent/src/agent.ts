import { amqpRoutingKey } from '@myb/contracts';
import { createMailer, type MailOption } from '@myb/mail';
import { subscribeAmqp, type AmqpBrokerOption } from './amqp';
import { createMessageHandler, type FaultPoint, type MailRetryOptions } from './handle-message';
import { openHandledRecord } from './handled-record';
import { createStderrLogger, type AgentLogger } from './logger';
import { subscribeMqtt, type MqttBrokerOption } from './mqtt';
import { DEFAULT_HEARTBEAT_SECONDS } from './presence';
import type { RecipientsOption } from './recipients';
import type { Subscription } from './subscription';

export interface AgentOptions {
  /** Slugs; the agent listens on `amqpRoutingKey` / `mqttTopic` of the pair. */
  merchant: string;
  supplier: string;
  broker: AmqpBrokerOption | MqttBrokerOption;
  recipients: RecipientsOption;
  mail: MailOption;
  /** Holds `handled.jsonl` (the (event id, recipient) pairs e-mailed) and, for MQTT, `dead-letters.jsonl`. */
  stateDir: string;
  /** Default: JSON lines on stderr. */
  logger?: AgentLogger;
  /** How long a message whose e-mail failed waits before it is handed back to the broker; default 5000. */
  retryDelayMs?: number;
  /** Retries of a deferred (4xx) or timed-out e-mail before it becomes a dead letter. */
  mailRetry?: MailRetryOptions;
  /** Publish delivery receipts and presence (online, heartbeats, offline) back to the server; default true. */
  receipts?: boolean;
  /** Seconds between presence heartbeats; default 30. */
  heartbeatSeconds?: number;
  /** Test hook: called at chosen points of handling, so a fault test can end the process there. */
  faultHook?: (point: FaultPoint) => void;
}

export interface RunningAgent {
  /** Resolves once subscribed. Connection failures are retried, so it rejects only if closed first or refused. */
  ready: Promise<void>;
  /** Finishes the e-mail in hand, leaves the rest with the broker, then disconnects. */
  close(): Promise<void>;
}

const DEFAULT_RETRY_DELAY_MS = 5_000;

/**
 * Starts the agent and returns at once; await `ready` to know it is subscribed. Bad slugs throw
 * here, synchronously; everything that may get better with time (broker, mail server) is retried.
 */
export function startAgent(options: AgentOptions): RunningAgent {
  // Throws on anything but two slugs, before any connection is attempted.
  amqpRoutingKey(options.merchant, options.supplier);
  const logger = options.logger ?? createStderrLogger();
  const mailer = createMailer(options.mail);
  const started = (async () => {
    const record = await openHandledRecord(options.stateDir);
    const context = {
      merchant: options.merchant,
      supplier: options.supplier,
      handle: createMessageHandler({ ...options, mailer, record, logger }),
      logger,
      stateDir: options.stateDir,
      retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      receipts: options.receipts ?? true,
      heartbeatSeconds: options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
    };
    const subscription: Subscription =
      options.broker.kind === 'amqp'
        ? subscribeAmqp(options.broker, context)
        : subscribeMqtt(options.broker, context);
    return { record, subscription };
  })();
  const ready = started.then(({ subscription }) => subscription.ready);
  ready.catch((error: unknown) => logger.error({ err: error }, 'the agent did not subscribe'));
  let closing: Promise<void> | undefined;
  return {
    ready,
    close() {
      closing ??= (async () => {
        // A start that failed (say, an unwritable state folder) has nothing to close but the mailer.
        const resources = await started.catch(() => undefined);
        await resources?.subscription.close();
        await resources?.record.close();
        mailer.close();
      })();
      return closing;
    },
  };
}
