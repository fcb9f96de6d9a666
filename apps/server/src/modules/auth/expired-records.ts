import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { createExternalSignInRepository } from './external-sign-in.repository';
import { createPasswordResetsRepository } from './password-resets.repository';
import { createSessionsRepository } from './sessions.repository';

export interface SweptRecords {
  sessions: number;
  passwordResets: number;
  signInFlows: number;
}

/**
 * Deletes sessions, password resets and external sign-in flows past their expiry. Each is refused
 * once expired whether or not it is still stored; sweeping only keeps the tables from growing
 * forever. Several server processes may sweep at once: a row is deleted by one of them.
 */
export async function sweepExpiredRecords(db: Kysely<Database>): Promise<SweptRecords> {
  const [sessions, passwordResets, signInFlows] = await Promise.all([
    createSessionsRepository(db).deleteExpired(),
    createPasswordResetsRepository(db).deleteExpired(),
    createExternalSignInRepository(db).deleteExpiredFlows(),
  ]);
  return { sessions, passwordResets, signInFlows };
}

/** Sweeps at start and then every `everyMs`; the timer never keeps the process alive on its own. */
export function scheduleExpirySweep(
  db: Kysely<Database>,
  logger: FastifyBaseLogger,
  everyMs = 60 * 60 * 1000,
): { stop(): void } {
  const sweep = () =>
    sweepExpiredRecords(db).then(
      (swept) => logger.info(swept, 'expired sessions, password resets and sign-in flows deleted'),
      (error: unknown) => logger.warn({ err: error }, 'could not delete expired records; will try again'),
    );
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
