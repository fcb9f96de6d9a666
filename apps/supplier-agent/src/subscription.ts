import type { MessageHandler } from './handle-message';
import type { AgentLogger } from './logger';

/** A broker connection that feeds messages to the handler and settles each by its outcome. */
export interface Subscription {
  /** Resolves once subscribed; rejects only if the subscription is closed or refused first. */
  ready: Promise<void>;
  /** Finishes the message in hand, leaves the rest to the broker, and disconnects. */
  close(): Promise<void>;
}

export interface SubscriptionContext {
  merchant: string;
  supplier: string;
  handle: MessageHandler;
  logger: AgentLogger;
  stateDir: string;
  /** How long a message that failed waits before it is handed back for redelivery. */
  retryDelayMs: number;
  /** Publish receipts back to the server, and announce this agent's presence. */
  receipts: boolean;
  /** How often the agent says it is online; the server counts it gone after three missed. */
  heartbeatSeconds: number;
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The caller may never await `ready`; a refusal is logged where it happens.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
