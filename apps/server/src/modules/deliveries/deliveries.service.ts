import type { MessageAcknowledgement, MessageLogEntry, MessageLogQuery, SupplierMessage } from '@myb/contracts';
import { conflict, notFound } from '../../http/errors';
import { requireRole, type Actor } from '../auth/actor';
import type { ShopCaller } from '../access/access';
import { resendOf, type EventSubject } from '../events/event';
import type { EventsService } from '../events/events.service';
import type { OrderAcknowledgementsRepository } from '../order-acknowledgements/order-acknowledgements.repository';
import { orderNumbersFor } from '../orders/order-numbers';

/** How many messages one search returns, newest first. */
const PAGE = 200;

/** The order a message is about, as the screens show it; null for a message about anything else. */
const orderOf = (subject: EventSubject | null) =>
  subject?.type === 'order' ? { id: subject.id, number: subject.label } : null;

/**
 * The acknowledgement of each dispatched order's message that needs one (a copy sent again shows its
 * first message's), by event id.
 */
async function acknowledgementsOf(
  acknowledgements: Pick<OrderAcknowledgementsRepository, 'ofOrders'>,
  rows: { id: string; type: string; subject: EventSubject | null; supplier_id: string }[],
): Promise<Map<string, MessageAcknowledgement>> {
  const dispatches = rows.filter((row) => row.type === 'order.dispatched' && row.subject?.type === 'order');
  const byOrder = await acknowledgements.ofOrders([...new Set(dispatches.map((row) => row.subject!.id))]);
  const found = new Map<string, MessageAcknowledgement>();
  for (const row of dispatches) {
    const acknowledgement = byOrder.get(`${row.subject!.id} ${row.supplier_id}`);
    if (acknowledgement) {
      found.set(row.id, acknowledgement);
    }
  }
  return found;
}

/**
 * The messages to suppliers: the shop's log (search, resend one message, retry the ones that failed,
 * those not acknowledged in time) and a supplier's inbox, both showing each message's delivery as the
 * events service reads it, and its acknowledgement when the shop asked for one.
 */
export function createDeliveriesService(
  events: EventsService,
  { acknowledgements }: { acknowledgements: Pick<OrderAcknowledgementsRepository, 'ofOrders' | 'overdue'> },
) {
  async function search(
    merchantId: string,
    query: MessageLogQuery & { eventId?: string },
  ): Promise<MessageLogEntry[]> {
    const overdue = query.overdue ? (await acknowledgements.overdue(merchantId)).map((row) => row.event_id) : undefined;
    const rows = await events.messages({
      merchantId,
      supplierSlug: query.supplier,
      subjectLabels: query.order === undefined ? undefined : orderNumbersFor(query.order),
      from: query.from,
      to: query.to,
      eventId: query.eventId,
      eventIds: overdue,
      stage: query.stage,
      limit: PAGE,
    });
    const acknowledged = await acknowledgementsOf(acknowledgements, rows);
    return rows.map((row): MessageLogEntry => {
      const { stage, emailedTo, notTaken, trail } = row.progress;
      return {
        eventId: row.id,
        type: row.type,
        supplier: { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name },
        order: orderOf(row.subject),
        routingKey: row.routing_key,
        status: row.status,
        stage,
        attempts: row.attempts,
        lastError: row.last_error,
        failure:
          stage === 'failed' ? (trail.findLast((step) => step.stage === 'failed')?.reason ?? null) : null,
        emailedTo,
        notTaken,
        createdAt: row.created_at.toISOString(),
        publishedAt: row.published_at?.toISOString() ?? null,
        trail,
        acknowledgement: acknowledged.get(row.id) ?? null,
      };
    });
  }

  async function supplierMessages(filter: { userId?: string; eventId?: string; limit: number }) {
    const rows = await events.supplierInbox(filter);
    const acknowledged = await acknowledgementsOf(acknowledgements, rows);
    return rows.map((row): SupplierMessage => {
      const { stage, notTaken } = row.progress;
      return {
        id: row.id,
        type: row.type,
        merchant: { slug: row.merchant_slug, name: row.merchant_name },
        supplier: { id: row.supplier_id, slug: row.supplier_slug, name: row.supplier_name },
        order: orderOf(row.subject),
        routingKey: row.routing_key,
        status: row.status,
        stage,
        notTaken,
        createdAt: row.created_at.toISOString(),
        publishedAt: row.published_at?.toISOString() ?? null,
        payload: row.payload as Record<string, unknown>,
        acknowledgement: acknowledged.get(row.id) ?? null,
      };
    });
  }

  async function findOne(merchantId: string, eventId: string): Promise<MessageLogEntry> {
    const [entry] = await search(merchantId, { eventId });
    if (!entry) {
      throw notFound('message');
    }
    return entry;
  }

  return {
    async list(
      { shop: merchant }: ShopCaller,
      query: MessageLogQuery,
    ): Promise<MessageLogEntry[]> {
      return search(merchant.id, query);
    },

    /** A supplier's people read what their supplier was sent, from every shop it supplies, newest first. */
    async forSupplierMember(actor: Actor | null): Promise<SupplierMessage[]> {
      const member = requireRole(actor, 'supplier');
      return supplierMessages({ userId: member.userId, limit: PAGE });
    },

    /** One message as its supplier sees it: to a supplier `userId` belongs to when given; undefined for none. */
    async supplierMessage(filter: { userId?: string; eventId: string }): Promise<SupplierMessage | undefined> {
      const [message] = await supplierMessages({ ...filter, limit: 1 });
      return message;
    },

    /** Sends the message again as a new event (`resendOf`): the supplier's agent e-mails it again. */
    async resend({ shop: merchant }: ShopCaller, eventId: string): Promise<MessageLogEntry> {
      const [row] = await events.messages({ merchantId: merchant.id, eventId, limit: 1 });
      if (!row) {
        throw notFound('message');
      }
      const resent = resendOf(row);
      await events.write([resent]);
      return findOne(merchant.id, resent.id);
    },

    /**
     * Publishes a failed, waiting or untaken message again under its own id: the agent skips the recipients it
     * already e-mailed and tries the ones it gave up on — how a dead letter is retried.
     */
    async retry({ shop: merchant }: ShopCaller, eventId: string): Promise<MessageLogEntry> {
      const entry = await findOne(merchant.id, eventId);
      // Failed, still waiting for the broker, or published long ago with no device taking it (an agent that
      // was not subscribed yet when it was published, say): publishing it again under its id is safe.
      if (entry.stage !== 'failed' && entry.status !== 'pending' && entry.notTaken === null) {
        throw conflict(`message ${eventId} has not failed (it is ${entry.stage}); resend it instead`);
      }
      await events.requeue(eventId, 'retry requested');
      return findOne(merchant.id, eventId);
    },
  };
}
export type DeliveriesService = ReturnType<typeof createDeliveriesService>;
