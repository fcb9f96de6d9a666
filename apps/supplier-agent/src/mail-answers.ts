import { MailSendError } from '@myb/mail';

/**
 * What a failed send means for the message. SMTP says it in the reply code: 4xx is "try again
 * later", 5xx is "never"; a mail server that goes silent (a timeout) is tried again like a 4xx.
 * Anything else — no mail server listening, a refused login, an unwritable mail folder — is about
 * the agent's surroundings, not the message: an outage, handed back to the broker and tried again
 * without limit, never dead-lettered, or one outage would bury every order that arrives during it.
 */
export type MailFailure =
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'outage'; reason: string };

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

export function classifyMailError(error: unknown): MailFailure {
  if (error instanceof MailSendError) {
    return { kind: error.kind, reason: error.message };
  }
  if (typeof error !== 'object' || error === null) {
    return { kind: 'outage', reason: String(error) };
  }
  const code = field(error, 'code');
  const responseCode = field(error, 'responseCode');
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'ETLS' || code === 'EOAUTH2') {
    return { kind: 'outage', reason: message };
  }
  if (code === 'ETIMEDOUT') {
    return { kind: 'transient', reason: `mail server timed out: ${message}` };
  }
  if (typeof responseCode === 'number') {
    const reply = typeof field(error, 'response') === 'string' ? String(field(error, 'response')) : message;
    if (responseCode >= 500 && responseCode < 600) {
      return { kind: 'permanent', reason: `mail server refused: ${reply}` };
    }
    return { kind: 'transient', reason: `mail server deferred: ${reply}` };
  }
  return { kind: 'outage', reason: message };
}

/** Wait before try `attempt + 1` (1-based): base doubling to a minute, each spread over 50–150 %. */
export function mailRetryDelayMs(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
  return Math.round(ceiling * (0.5 + random()));
}
