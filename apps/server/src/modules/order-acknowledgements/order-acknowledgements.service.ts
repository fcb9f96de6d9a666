import { ORDER_ACKNOWLEDGE_LINK_PATH, type OrderAcknowledgedV1, type SupplierMessage } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { conflict, gone, notFound } from '../../http/errors';
import type { AcknowledgementHandler } from '../../messaging/receipt-consumer';
import { requireRole, type Actor } from '../auth/actor';
import { hashToken } from '../auth/tokens';
import type { DeliveriesService } from '../deliveries/deliveries.service';
import type { NewEvent } from '../events/event';
import { acknowledgementDeadlines } from '../purchasing/acknowledgement-deadline';
import { newAcknowledgeLink } from '../purchasing/acknowledgement-link';
import type {
  NewOrderMessageDeadline,
  OrderAcknowledgementsRepository,
  OrderMessageRow,
} from './order-acknowledgements.repository';

/** A supplier a dispatch tells, with what it asks of it. */
export interface DispatchedSupplier {
  id: string;
  needsAcknowledgement: boolean;
  acknowledgeWithinHours: number | null;
}

/** Who acknowledges, and how. */
type Acknowledger =
  { how: 'portal'; userId: string } | { how: 'link' } | { how: 'message'; messageId: string; agent: string };

/** Records the acknowledgement of a message held by the caller; refuses (409) one acknowledged before. */
async function acknowledge(
  repository: OrderAcknowledgementsRepository,
  message: OrderMessageRow,
  by: Acknowledger,
): Promise<void> {
  if (message.acknowledged) {
    const before = await repository.acknowledgementOf(message.event_id);
    throw conflict(
      `${message.merchant_name}'s order ${message.order_number} was already acknowledged${before ? ` on ${before.acknowledged_at.toISOString().slice(0, 10)}` : ''}: nothing more to do.`,
    );
  }
  await repository.record({
    eventId: message.event_id,
    how: by.how,
    by: by.how === 'portal' ? by.userId : null,
    messageId: by.how === 'message' ? by.messageId : null,
    agent: by.how === 'message' ? by.agent : null,
  });
}

/**
 * Suppliers' acknowledgements of dispatched orders' messages the shop asked them to acknowledge (the
 * supplier's `ordersNeedAcknowledgement`): the deadlines and link made with the dispatch, and the
 * acknowledgement however it comes (the portal, the e-mailed link, an `order.acknowledged` message),
 * recorded once under the message's lock, so two answers take their turn and the second is refused.
 */
export function createOrderAcknowledgementsService(
  db: Kysely<Database>,
  {
    acknowledgements,
    deliveries,
  }: {
    acknowledgements: OrderAcknowledgementsRepository;
    deliveries: Pick<DeliveriesService, 'supplierMessage'>;
  },
  { publicUrl }: { publicUrl: string },
) {
  /** The link's message, or why the link does not open it: unknown (404), used or expired (410). */
  async function linked(repository: OrderAcknowledgementsRepository, token: string, lock: boolean) {
    const message = await repository.findByLink(hashToken(token), lock);
    if (!message) {
      throw notFound(
        'This link is not known: open the link from the e-mail exactly as it is, or sign in to the supplier portal.',
      );
    }
    const before = message.acknowledged ? await repository.acknowledgementOf(message.event_id) : undefined;
    if (before?.how === 'link') {
      throw gone(
        `This link was used on ${before.acknowledged_at.toISOString().slice(0, 10)} to acknowledge order ${message.order_number}, and works only once: sign in to the supplier portal to see it.`,
      );
    }
    if (message.link_expired) {
      throw gone(
        `This link has expired (links work for 14 days): sign in to the supplier portal to acknowledge order ${message.order_number}.`,
      );
    }
    return message;
  }

  return {
    /**
     * For a dispatch at `at`: the link and deadlines of each supplier's message that needs
     * acknowledgement (by the supplier's working hours on the shop's clock). `acknowledgeUrls` go into
     * the messages; `deadlinesOf` pairs the rest with the messages once made, for the dispatch's statement.
     */
    forDispatch(orderId: string, suppliers: DispatchedSupplier[], at: Date, timeZone: string) {
      const bySupplier = new Map(
        suppliers
          .filter((supplier) => supplier.needsAcknowledgement)
          .map((supplier) => [
            supplier.id,
            {
              link: newAcknowledgeLink(publicUrl, ORDER_ACKNOWLEDGE_LINK_PATH),
              deadlines: acknowledgementDeadlines(at, supplier.acknowledgeWithinHours, timeZone),
            },
          ]),
      );
      return {
        acknowledgeUrls: new Map([...bySupplier].map(([supplierId, { link }]) => [supplierId, link.url])),
        deadlinesOf: (events: NewEvent[]): NewOrderMessageDeadline[] =>
          events.flatMap((event) => {
            const asked = bySupplier.get(event.supplierId);
            return asked
              ? [
                  {
                    eventId: event.id,
                    orderId,
                    supplierId: event.supplierId,
                    dueAt: asked.deadlines?.dueAt ?? null,
                    tellShopAt: asked.deadlines?.tellShopAt ?? null,
                    linkHash: asked.link.tokenHash,
                    linkExpiresAt: asked.link.expiresAt,
                  },
                ]
              : [];
          }),
      };
    },

    /** The statement that writes a dispatch's deadlines beside its messages (`EventsService.write`'s `alongside`). */
    alongside: (deadlines: NewOrderMessageDeadline[]) =>
      deadlines.length === 0 ? undefined : acknowledgements.alongside(deadlines),

    /** In the supplier portal: a message to a supplier the person belongs to; another's is unknown (404). */
    async acknowledgeAsMember(actor: Actor | null, messageId: string): Promise<SupplierMessage> {
      const member = requireRole(actor, 'supplier');
      const found = await db.transaction().execute(async (trx) => {
        const message = await acknowledgements.within(trx).findForMember(member.userId, messageId, true);
        if (message) {
          await acknowledge(acknowledgements.within(trx), message, { how: 'portal', userId: member.userId });
        }
        return message !== undefined;
      });
      const sent = await deliveries.supplierMessage({ userId: member.userId, eventId: messageId });
      if (!sent) {
        throw notFound('message');
      }
      if (!found) {
        throw conflict(`This message needs no acknowledgement: ${sent.merchant.name} did not ask for one.`);
      }
      return sent;
    },

    async getByLink(token: string): Promise<SupplierMessage> {
      const message = await linked(acknowledgements, token, false);
      return (await deliveries.supplierMessage({ eventId: message.event_id }))!;
    },

    /** Acknowledges through the link, which then stops working: it is used by this acknowledgement. */
    async acknowledgeByLink(token: string): Promise<SupplierMessage> {
      const eventId = await db.transaction().execute(async (trx) => {
        const repository = acknowledgements.within(trx);
        const message = await linked(repository, token, true);
        await acknowledge(repository, message, { how: 'link' });
        return message.event_id;
      });
      return (await deliveries.supplierMessage({ eventId }))!;
    },
  };
}
export type OrderAcknowledgementsService = ReturnType<typeof createOrderAcknowledgementsService>;

/**
 * Records `order.acknowledged` messages from the receipts' routing key: made before the application
 * (the receipts consumer starts first), so it needs nothing but the database.
 */
export function createOrderAcknowledgementRecorder(
  db: Kysely<Database>,
  { acknowledgements }: { acknowledgements: OrderAcknowledgementsRepository },
) {
  return {
    /**
     * Records an `order.acknowledged` message for a message needing acknowledgement of the shop and
     * supplier it names. The same message again is recorded once. Answers what became of it; throws
     * only what the database threw (the message then comes back).
     */
    async recordMessage(
      message: OrderAcknowledgedV1,
    ): Promise<
      | { kind: 'recorded' | 'recorded-before' }
      | { kind: 'unknown'; ourSupplier: boolean }
      | { kind: 'refused'; reason: string }
    > {
      if (await acknowledgements.recordedMessage(message.id)) {
        return { kind: 'recorded-before' };
      }
      return db.transaction().execute(async (trx) => {
        const repository = acknowledgements.within(trx);
        const found = await repository.find(message.eventId, true);
        if (
          !found ||
          found.merchant_slug !== message.merchant ||
          found.supplier_slug !== message.supplier ||
          found.order_id !== message.order.id
        ) {
          return {
            kind: 'unknown' as const,
            ourSupplier: await repository.isOurSupplier(message.merchant, message.supplier),
          };
        }
        // Delivered twice at once: the second waited for the first's lock, and finds it recorded.
        if (await repository.recordedMessage(message.id)) {
          return { kind: 'recorded-before' as const };
        }
        if (found.acknowledged) {
          return { kind: 'refused' as const, reason: `order ${found.order_number} was already acknowledged` };
        }
        await acknowledge(repository, found, {
          how: 'message',
          messageId: message.id,
          agent: message.agent ?? `${message.supplier}'s agent`,
        });
        return { kind: 'recorded' as const };
      });
    },
  };
}
export type OrderAcknowledgementRecorder = ReturnType<typeof createOrderAcknowledgementRecorder>;

/**
 * What the receipts consumer hands `order.acknowledged` messages to: recorded, recorded before, or
 * (logged with the reason) not for us or not acceptable; acknowledged on the broker in every case but
 * a database failure, so a bad message cannot loop.
 */
export function createOrderAcknowledgementHandler(
  recorder: OrderAcknowledgementRecorder,
  logger: FastifyBaseLogger,
): AcknowledgementHandler<'order.acknowledged'> {
  return async (message) => {
    const result = await recorder.recordMessage(message);
    const where = {
      messageId: message.id,
      eventId: message.eventId,
      order: message.order.number,
      merchant: message.merchant,
      supplier: message.supplier,
    };
    switch (result.kind) {
      case 'recorded':
      case 'recorded-before':
        logger.debug({ ...where, result: result.kind }, 'order acknowledgement');
        return;
      case 'unknown':
        if (result.ourSupplier) {
          logger.warn(
            where,
            "an order acknowledgement names one of this deployment's suppliers, for a message it never asked them to acknowledge: another deployment's, or forged",
          );
        } else {
          logger.debug(where, "another deployment's order acknowledgement");
        }
        return;
      case 'refused':
        logger.warn(
          { ...where, reason: result.reason },
          'ignoring an order acknowledgement that cannot be recorded',
        );
        return;
    }
  };
}
