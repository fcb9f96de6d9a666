import type { DeliveryReceiptV1 } from '@myb/contracts';
import { amqpRoutingKey } from '@myb/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeliveryStepsTable } from '../../db/schema';

export type DeliveryStepRow = Selectable<DeliveryStepsTable>;

export type RecordedReceipt =
  /** A new step on the event's trail. */
  | { kind: 'recorded' }
  /** This receipt was recorded before (a redelivered receipt). */
  | { kind: 'duplicate' }
  /** No event of ours has this id for this merchant and supplier: another installation's, or forged. */
  | { kind: 'unknown-event' };

export function createDeliveriesRepository(db: Kysely<Database>) {
  return {
    stepsOf: (eventIds: string[]) =>
      eventIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('delivery_steps')
            .selectAll()
            .where('event_id', 'in', eventIds)
            .orderBy('at')
            .orderBy('id')
            .execute(),

    /**
     * Records a receipt as a step of its event's trail, once. A receipt also proves the event
     * reached the broker: an event still pending (its relay died between the broker's confirm and
     * the mark) is marked published now, which spares the supplier a duplicate.
     */
    recordReceipt: (receipt: DeliveryReceiptV1): Promise<RecordedReceipt> =>
      db.transaction().execute(async (trx) => {
        const event = await trx
          .selectFrom('outbox_events')
          .select(['id', 'status'])
          .where('id', '=', receipt.eventId)
          .where('routing_key', '=', amqpRoutingKey(receipt.merchant, receipt.supplier))
          .forUpdate()
          .executeTakeFirst();
        if (!event) {
          return { kind: 'unknown-event' };
        }
        const inserted = await trx
          .insertInto('delivery_steps')
          .values({
            id: receipt.id,
            event_id: receipt.eventId,
            stage: receipt.stage,
            recipients: receipt.recipients,
            reason: receipt.reason,
            agent: receipt.agent,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) {
          return { kind: 'duplicate' };
        }
        if (event.status === 'pending') {
          await trx
            .updateTable('outbox_events')
            .set({
              status: 'published',
              published_at: sql<Date>`now()`,
              claimed_until: null,
              last_error: null,
            })
            .where('id', '=', event.id)
            .execute();
          await trx
            .insertInto('delivery_steps')
            .values({ event_id: event.id, stage: 'published', reason: "known from the agent's receipt" })
            .execute();
        }
        return { kind: 'recorded' };
      }),
  };
}
export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
