import type { Delivery } from '@myb/contracts';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../db/schema';
import { resendOf, type EventSubject, type NewEvent } from './event';
import type { EventsRepository, MessageFilter, OutboxRow } from './events.repository';
import type { EventPipeline } from './pipeline';
import { DEFAULT_NOT_TAKEN_WARNING_SECONDS, NO_PROGRESS, readDeliveries, type DeliveryProgress } from './trail';

/** An event as its statement wrote it. */
export type WrittenEvent = OutboxRow;

export interface EventsServiceOptions {
  /** Seconds a published message may wait for a device before its delivery carries a warning; 600 unless given. */
  notTakenWarningSeconds?: number;
}

/** An event's delivery as every screen shows it, for a supplier read with it. */
export function toDelivery(
  event: Pick<OutboxRow, 'id' | 'routing_key' | 'status' | 'attempts' | 'last_error' | 'published_at'>,
  supplier: Delivery['supplier'],
  progress: DeliveryProgress,
): Delivery {
  return {
    eventId: event.id,
    supplier,
    routingKey: event.routing_key,
    status: event.status,
    attempts: event.attempts,
    lastError: event.last_error,
    publishedAt: event.published_at?.toISOString() ?? null,
    ...progress,
  };
}

/** A delivery just written, as a read would find it at the commit: queued, with its first step. */
export function queuedDelivery(event: WrittenEvent, supplier: Delivery['supplier']): Delivery {
  const step = { stage: 'queued' as const, at: event.created_at.toISOString(), recipients: [], reason: null, agent: null };
  return toDelivery(event, supplier, { stage: 'queued', emailedTo: [], notTaken: null, trail: [step] });
}

type SubjectColumns = Pick<OutboxRow, 'subject_type' | 'subject_id' | 'subject_label'>;

const subjectOf = (row: SubjectColumns): EventSubject | null =>
  row.subject_type !== null && row.subject_id !== null && row.subject_label !== null
    ? { type: row.subject_type, id: row.subject_id, label: row.subject_label }
    : null;

/** Writes events in the transaction `EventsService.transaction` runs; published once it commits. */
export type EventWriter = (newEvents: NewEvent[]) => Promise<WrittenEvent[]>;

/**
 * What every module asks of the events: publish some in its own statement, and read how they are
 * delivered. The pipeline behind it (`startEventPipeline`) publishes what is written.
 */
export function createEventsService(
  events: EventsRepository,
  pipeline: Pick<EventPipeline, 'committed' | 'leaseMs'>,
  options: EventsServiceOptions = {},
) {
  const notTakenAfter = options.notTakenWarningSeconds ?? DEFAULT_NOT_TAKEN_WARNING_SECONDS;

  async function withProgress<Row extends { id: string }>(rows: Row[]): Promise<(Row & { progress: DeliveryProgress })[]> {
    const progress = await readDeliveries(events, rows.map((row) => row.id), notTakenAfter);
    return rows.map((row) => ({ ...row, progress: progress.get(row.id) ?? NO_PROGRESS }));
  }

  /** Messages as the screens list them: each with what it is about, and its delivery. */
  async function asMessages<Row extends SubjectColumns & { id: string }>(rows: Row[]) {
    return (await withProgress(rows)).map((row) => ({ ...row, subject: subjectOf(row) }));
  }

  return {
    /**
     * Writes the events, in one statement with the caller's `guard` when given: a statement of the
     * caller's own (an UPDATE … RETURNING key, say) that runs first, and an event is written only if
     * it returned the event's `guardKey`. So the change and its events commit together or not at
     * all. `keys` is what the guard returned; once this resolves the events are committed, and are
     * handed to this process's relay. `alongside` runs in the same statement after them, reading
     * those written as `written`.
     */
    async write(
      newEvents: NewEvent[],
      options: { guard?: RawBuilder<{ key: string }>; alongside?: RawBuilder<unknown> } = {},
    ): Promise<{ keys: string[]; rows: WrittenEvent[] }> {
      const written = await events.write(newEvents, { claimForMs: pipeline.leaseMs, ...options });
      pipeline.committed(written.rows);
      return written;
    },

    /**
     * Runs `work` in one transaction on `db`, in which `write` writes events beside the caller's own
     * changes: they commit together or not at all. Once the transaction has committed, the events are
     * handed to this process's relay, which publishes them at once; rolled back, they never were.
     */
    async transaction<Result>(
      db: Kysely<Database>,
      work: (trx: Kysely<Database>, write: EventWriter) => Promise<Result>,
    ): Promise<Result> {
      const written: WrittenEvent[] = [];
      const result = await db.transaction().execute((trx) =>
        work(trx, async (newEvents) => {
          const { rows } = await events.within(trx).write(newEvents, { claimForMs: pipeline.leaseMs });
          written.push(...rows);
          return rows;
        }),
      );
      pipeline.committed(written);
      return result;
    },

    /**
     * Sends the latest event of `type` about the subject (to `supplierId` when given) again
     * (`resendOf`) through `write`, in the transaction of `EventsService.transaction` it came from;
     * undefined when there is none.
     */
    async resendLatestWithin(
      trx: Kysely<Database>,
      write: EventWriter,
      about: { subjectId: string; type: string; supplierId?: string },
    ): Promise<WrittenEvent | undefined> {
      const latest = await events.within(trx).latestAbout(about);
      if (!latest) {
        return undefined;
      }
      const [resent] = await write([resendOf({ ...latest, subject: subjectOf(latest) })]);
      return resent;
    },

    /** The deliveries of the events about each subject, by supplier name, keyed by subject id. */
    async deliveriesOf(subjectIds: string[]): Promise<Map<string, Delivery[]>> {
      const bySubject = new Map<string, Delivery[]>();
      for (const row of await withProgress(await events.deliveriesOf(subjectIds))) {
        const supplier = { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name };
        const list = bySubject.get(row.subject_id!) ?? [];
        list.push(toDelivery(row, supplier, row.progress));
        bySubject.set(row.subject_id!, list);
      }
      return bySubject;
    },

    /** A shop's messages, newest first, each with its delivery. */
    messages: async (filter: MessageFilter) => asMessages(await events.listMessages(filter)),

    /**
     * What was sent to suppliers, newest first, each with its delivery: to those `userId` belongs to
     * when given, the event `eventId` only when given.
     */
    supplierInbox: async (filter: { userId?: string; eventId?: string; limit: number }) =>
      asMessages(await events.listForSuppliers(filter)),

    /** Due again now, under its own id, with the reason on its trail; the relay is woken for it. */
    async requeue(eventId: string, note: string): Promise<void> {
      await events.requeue(eventId, note);
      pipeline.committed([]);
    },

    /** The shop's messages since `since` that failed, or that no device took in time. */
    troubleSince: (merchantId: string, since: Date) => events.troubleSince(merchantId, since, notTakenAfter),

    /** Per supplier, the shop's messages written on its days given, and how fast they were e-mailed. */
    deliveryTimes: (merchantId: string, timeZone: string, days: { from: string; to: string }) =>
      events.deliveryTimes(merchantId, timeZone, days),

    supplierHasEvents: (supplierId: string) => events.supplierHasEvents(supplierId),
  };
}
export type EventsService = ReturnType<typeof createEventsService>;
