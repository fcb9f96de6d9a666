import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, EscalationStep } from '../../db/schema';
import type { AccountEmail, AccountMailer } from '../auth/account-mailer';
import type { EventsService, EventWriter } from '../events/events.service';
import type { EscalationRepository } from './escalation.repository';

/** How many of one kind one run escalates; more wait for the next run, which comes at once. */
export const ESCALATION_BATCH = 50;

/** One thing sent to a supplier and not acknowledged, held by the transaction of a step. */
export interface Escalated {
  merchantId: string;
  /** Past its deadline: to be sent again. */
  resendDue: boolean;
  /** Past its second deadline: the shop's owner and managers to be told. */
  tellShopDue: boolean;
  /** Sends it again through `write`, as the message log resends a message (`resendOf`). */
  resend(trx: Kysely<Database>, write: EventWriter): Promise<unknown>;
  /** The e-mail telling `to` of it. */
  email(to: string[]): AccountEmail;
}

/**
 * What is escalated, and how: purchase orders, dispatched orders' messages. Each keeps its deadlines
 * and the steps taken in its own tables; the escalation itself is the same for all.
 */
export interface EscalationKind {
  /** For the logs: "purchase order", "order message". */
  name: string;
  /** Those with a step due now and not taken, oldest deadline first, at most `limit`. */
  due(limit: number): Promise<{ id: string }[]>;
  /** Milliseconds until the next step falls due, on the database's clock (0: due now); null for none. */
  nextDueInMs(): Promise<number | null>;
  /** Held for the caller's transaction while still waiting for acknowledgement; undefined once it is not. */
  lock(trx: Kysely<Database>, id: string): Promise<Escalated | undefined>;
  /** Records the step as taken, unless it was: true when this call recorded it (so the caller takes it). */
  claim(trx: Kysely<Database>, id: string, step: EscalationStep): Promise<boolean>;
}

export interface EscalationOptions {
  events: Pick<EventsService, 'transaction'>;
  mailer: AccountMailer;
  log: FastifyBaseLogger;
}

/**
 * Escalates what suppliers have not acknowledged, of every kind: past the deadline it is sent again;
 * past the second deadline the shop's owner and managers get one e-mail. Each step runs in a
 * transaction that holds what it escalates (so an acknowledgement arriving meanwhile either comes first
 * and stops it, or waits) and records the step before taking it: a step recorded by another process,
 * or by this one before a restart, is not taken again. The e-mail goes out before the step's
 * transaction commits: should the mail server refuse it, the step is not recorded, and the next run
 * tries again.
 */
export function createEscalationService(
  db: Kysely<Database>,
  { escalation, kinds }: { escalation: Pick<EscalationRepository, 'within'>; kinds: EscalationKind[] },
  { events, mailer, log }: EscalationOptions,
) {
  async function resend(kind: EscalationKind, id: string): Promise<void> {
    await events.transaction(db, async (trx, write) => {
      const held = await kind.lock(trx, id);
      if (!held?.resendDue || !(await kind.claim(trx, id, 'resent'))) {
        return;
      }
      await held.resend(trx, write);
    });
  }

  async function tellShop(kind: EscalationKind, id: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const held = await kind.lock(trx, id);
      if (!held?.tellShopDue || !(await kind.claim(trx, id, 'merchant_told'))) {
        return;
      }
      const people = await escalation.within(trx).ownerAndManagers(held.merchantId);
      await mailer.send(held.email(people));
    });
  }

  return {
    /** Takes the steps due now, of at most `ESCALATION_BATCH` of each kind; answers how many it looked at, and how many failed. */
    async runDue(): Promise<{ looked: number; failed: number }> {
      let looked = 0;
      let failed = 0;
      for (const kind of kinds) {
        const due = await kind.due(ESCALATION_BATCH);
        looked += due.length;
        for (const { id } of due) {
          try {
            await resend(kind, id);
            await tellShop(kind, id);
          } catch (error) {
            failed += 1;
            log.warn(
              { err: error, [kind.name]: id },
              `escalating an unacknowledged ${kind.name} failed; trying again later`,
            );
          }
        }
      }
      return { looked, failed };
    },

    /** Milliseconds until the next step of any kind falls due (0: due now); null for none. */
    async nextDueInMs(): Promise<number | null> {
      const next = (await Promise.all(kinds.map((kind) => kind.nextDueInMs()))).filter((ms) => ms !== null);
      return next.length === 0 ? null : Math.min(...next);
    },
  };
}
export type EscalationService = ReturnType<typeof createEscalationService>;
