/** What the outbox relay hands to a broker: one event for one supplier. */
export interface OutboundMessage {
  id: string;
  type: string;
  routingKey: string;
  topic: string;
  body: Buffer;
  timestamp: Date;
}

/**
 * A connection to one broker. `publish` resolves only once the broker has taken responsibility for
 * the message (AMQP publisher confirm, MQTT PUBACK) and rejects, quickly, when it cannot.
 */
export interface Publisher {
  readonly description: string;
  publish(message: OutboundMessage): Promise<void>;
  close(): Promise<void>;
}

export class PublishError extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
