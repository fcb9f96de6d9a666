import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AccountMailer } from '../auth/account-mailer';
import type { EventsService } from '../events/events.service';
import { unacknowledgedEmail } from './escalation-email';
import type { EscalationRepository } from './escalation.repository';

/** How many purchase orders one run escalates; more wait for the next run, which comes at once. */
export const ESCALATION_BATCH = 50;

export interface EscalationOptions {
  events: Pick<EventsService, 'transaction' | 'resendLatestWithin'>;
  mailer: AccountMailer;
  /** Where people reach the web app: the e-mail links to the purchase order's page there. */
  publicUrl: string;
  log: FastifyBaseLogger;
}

/**
 * Escalates sent purchase orders their supplier has not acknowledged: past the deadline the order is
 * sent again (its `purchase_order.sent`, as the message log resends one); past the second deadline the
 * shop's owner and managers get one e-mail. Each step runs in a transaction that holds the purchase
 * order (so an acknowledgement arriving meanwhile either comes first and stops it, or waits) and
 * records the step before taking it: a step recorded by another process, or by this one before a
 * restart, is not taken again. The e-mail goes out before the step's transaction commits: should the
 * mail server refuse it, the step is not recorded, and the next run tries again.
 */
export function createEscalationService(
  db: Kysely<Database>,
  { escalation }: { escalation: EscalationRepository },
  { events, mailer, publicUrl, log }: EscalationOptions,
) {
  async function resend(purchaseOrderId: string): Promise<void> {
    await events.transaction(db, async (trx, write) => {
      const repository = escalation.within(trx);
      const order = await repository.lockSent(purchaseOrderId);
      if (!order?.resend_due || !(await repository.claim(purchaseOrderId, 'resent'))) {
        return;
      }
      await events.resendLatestWithin(trx, write, purchaseOrderId, 'purchase_order.sent');
    });
  }

  async function tellShop(purchaseOrderId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const repository = escalation.within(trx);
      const order = await repository.lockSent(purchaseOrderId);
      if (!order?.tell_shop_due || !(await repository.claim(purchaseOrderId, 'merchant_told'))) {
        return;
      }
      const people = await repository.ownerAndManagers(order.merchant_id);
      const page = `${publicUrl}/back-office/${order.merchant_slug}/purchase-orders/${order.id}`;
      await mailer.send(unacknowledgedEmail(order, people, page));
    });
  }

  return {
    /** Takes the steps due now, of at most `ESCALATION_BATCH` purchase orders; answers how many it looked at, and how many failed. */
    async runDue(): Promise<{ looked: number; failed: number }> {
      const due = await escalation.due(ESCALATION_BATCH);
      let failed = 0;
      for (const { id } of due) {
        try {
          await resend(id);
          await tellShop(id);
        } catch (error) {
          failed += 1;
          log.warn(
            { err: error, purchaseOrderId: id },
            'escalating an unacknowledged purchase order failed; trying again later',
          );
        }
      }
      return { looked: due.length, failed };
    },

    /** Milliseconds until the next step of any sent purchase order falls due (0: due now); null for none. */
    nextDueInMs: () => escalation.nextDueInMs(),
  };
}
export type EscalationService = ReturnType<typeof createEscalationService>;
