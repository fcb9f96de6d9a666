import {
  ACKNOWLEDGE_LINK_PATH,
  type ApiError,
  type PurchaseOrderAcknowledgedV1,
  type PurchaseOrderConfirmation,
  type SupplierPurchaseOrder,
  type SupplierPurchaseOrderSummary,
} from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AcknowledgementWay, Database } from '../../db/schema';
import { badRequest, conflict, DomainError, gone, notFound } from '../../http/errors';
import type { AcknowledgementHandler } from '../../messaging/receipt-consumer';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/actor';
import { hashToken } from '../auth/tokens';
import { newAcknowledgeLink } from './acknowledgement-link';
import {
  toSupplierPurchaseOrderSummary,
  type AcknowledgementsRepository,
  type SentOrderRow,
} from './acknowledgements.repository';
import { toPurchaseOrderLine, type PurchasingRepository } from './purchasing.repository';

const PAGE = 200;

type Issue = NonNullable<ApiError['issues']>[number];

/** Who acknowledges, and how: the transition's actor and note say the same. */
type Acknowledger =
  { how: 'portal'; userId: string } | { how: 'link' } | { how: 'message'; messageId: string; agent: string };

const NOTES: Record<AcknowledgementWay, (by: Acknowledger) => string | null> = {
  portal: () => null,
  link: () => 'by the e-mailed link',
  message: (by) => (by.how === 'message' ? `by message from ${by.agent}` : null),
};

/**
 * A supplier's acknowledgement of a sent purchase order, however it comes: in the supplier portal,
 * through the e-mailed link (made as the purchase order is sent, kept only as its hash, single use),
 * or by its agent's `purchase_order.acknowledged` message on the receipts' routing key. Each records
 * the quantities confirmed and the day promised, and moves the purchase order from sent to
 * acknowledged, under its row's lock, so two answers take their turn and the second is refused.
 */
export function createAcknowledgementsService(
  db: Kysely<Database>,
  {
    acknowledgements,
    purchasing,
  }: { acknowledgements: AcknowledgementsRepository; purchasing: PurchasingRepository },
  { publicUrl }: { publicUrl: string },
) {
  async function view(order: SentOrderRow): Promise<SupplierPurchaseOrder> {
    const [lines, answers] = await Promise.all([
      purchasing.lines([order.id]),
      acknowledgements.ofOrders([order.id]),
    ]);
    return {
      ...toSupplierPurchaseOrderSummary(order),
      lines: lines.map(toPurchaseOrderLine),
      acknowledgements: answers.get(order.id) ?? [],
    };
  }

  /**
   * Checks the confirmation against the purchase order and records it with its transition, in the
   * caller's transaction, the purchase order's row locked by the caller. Refuses (409) one that is
   * not sent, and (400) a body that does not fit it, naming every line at fault.
   */
  async function acknowledge(
    trx: Kysely<Database>,
    order: SentOrderRow,
    confirmation: PurchaseOrderConfirmation,
    by: Acknowledger,
  ): Promise<void> {
    if (order.status !== 'sent') {
      throw conflict(
        order.status === 'acknowledged'
          ? `${order.number} is already acknowledged: ask ${order.merchant_name} to change what was confirmed.`
          : `${order.number} is ${order.status === 'partially_received' ? 'partly received' : order.status}: only a sent purchase order can be acknowledged.`,
      );
    }
    const lines = await purchasing.within(trx).lines([order.id]);
    const byProduct = new Map(lines.map((line) => [line.product_id, line]));
    const issues: Issue[] = [];
    confirmation.lines.forEach((line, index) => {
      const ordered = byProduct.get(line.productId);
      if (!ordered) {
        issues.push({
          path: `body.lines.${index}.productId`,
          message: `Line ${index + 1}: this product is not on ${order.number}.`,
        });
      } else if (line.quantity > ordered.quantity) {
        issues.push({
          path: `body.lines.${index}.quantity`,
          message: `Line ${index + 1}: ${line.quantity} of ${ordered.name} is more than the ${ordered.quantity} ordered; confirm at most that.`,
        });
      }
    });
    const named = new Set(confirmation.lines.map((line) => line.productId));
    for (const line of lines.filter((orderLine) => !named.has(orderLine.product_id))) {
      issues.push({
        path: 'body.lines',
        message: `${line.name} is on ${order.number} but not confirmed: give how many you will deliver (0 for none).`,
      });
    }
    if (confirmation.deliveryOn < order.shop_today) {
      issues.push({
        path: 'body.deliveryOn',
        message: `The delivery date ${confirmation.deliveryOn} is in the past: give the day you will deliver.`,
      });
    }
    if (issues.length > 0) {
      throw badRequest(issues.map((issue) => issue.message).join(' '), issues);
    }
    await acknowledgements.within(trx).record({
      purchaseOrderId: order.id,
      how: by.how,
      by: by.how === 'portal' ? by.userId : null,
      messageId: by.how === 'message' ? by.messageId : null,
      agent: by.how === 'message' ? by.agent : null,
      deliveryOn: confirmation.deliveryOn,
      note: confirmation.note ?? '',
      lines: confirmation.lines,
    });
    await purchasing.within(trx).transition({
      purchaseOrderId: order.id,
      from: 'sent',
      to: 'acknowledged',
      actorId: by.how === 'portal' ? by.userId : null,
      note: NOTES[by.how](by),
    });
  }

  /** The link's purchase order, or why the link does not open it: unknown (404), used or expired (410). */
  async function linked(repository: AcknowledgementsRepository, token: string, lock: boolean) {
    const tokenHash = hashToken(token);
    const link = await repository.findLink(tokenHash, lock);
    const order = link && (await repository.find(link.purchase_order_id, lock));
    if (!link || !order) {
      throw notFound(
        'This link is not known: open the link from the e-mail exactly as it is, or sign in to the supplier portal.',
      );
    }
    if (link.used_at) {
      throw gone(
        `This link was used on ${link.used_at.toISOString().slice(0, 10)} to acknowledge ${order.number}, and works only once: sign in to the supplier portal to see it.`,
      );
    }
    if (link.expired) {
      throw gone(
        `This link has expired (links work for 14 days): sign in to the supplier portal, or ask ${order.merchant_name} to send ${order.number} again.`,
      );
    }
    return { tokenHash, order };
  }

  async function getForMember(actor: Actor | null, id: string): Promise<SupplierPurchaseOrder> {
    const member = requireRole(actor, 'supplier');
    const order = await acknowledgements.findForMember(member.userId, id);
    if (!order) {
      throw notFound('purchase order');
    }
    return view(order);
  }

  return {
    /**
     * Makes the e-mailed link of a purchase order being sent, in the sending's transaction: a random
     * token, kept only as its hash. The address is the web app's page for it.
     */
    async issueLink(trx: Kysely<Database>, purchaseOrderId: string): Promise<string> {
      const link = newAcknowledgeLink(publicUrl, ACKNOWLEDGE_LINK_PATH);
      await acknowledgements.within(trx).insertLink({
        tokenHash: link.tokenHash,
        purchaseOrderId,
        expiresAt: link.expiresAt,
      });
      return link.url;
    },

    /** A supplier's people see what was sent to their suppliers, from every shop, newest first. */
    async listForMember(actor: Actor | null): Promise<SupplierPurchaseOrderSummary[]> {
      const member = requireRole(actor, 'supplier');
      return (await acknowledgements.listForMember(member.userId, PAGE)).map(toSupplierPurchaseOrderSummary);
    },

    /** One of them; another supplier's is as unknown as one that does not exist (404). */
    getForMember,

    async acknowledgeAsMember(
      actor: Actor | null,
      id: string,
      confirmation: PurchaseOrderConfirmation,
    ): Promise<SupplierPurchaseOrder> {
      const member = requireRole(actor, 'supplier');
      await db.transaction().execute(async (trx) => {
        const order = await acknowledgements.within(trx).findForMember(member.userId, id, true);
        if (!order) {
          throw notFound('purchase order');
        }
        await acknowledge(trx, order, confirmation, { how: 'portal', userId: member.userId });
      });
      return getForMember(actor, id);
    },

    async getByLink(token: string): Promise<SupplierPurchaseOrder> {
      return view((await linked(acknowledgements, token, false)).order);
    },

    /** Acknowledges through the link, and marks it used in the same transaction. */
    async acknowledgeByLink(
      token: string,
      confirmation: PurchaseOrderConfirmation,
    ): Promise<SupplierPurchaseOrder> {
      const id = await db.transaction().execute(async (trx) => {
        const repository = acknowledgements.within(trx);
        const { tokenHash, order } = await linked(repository, token, true);
        await acknowledge(trx, order, confirmation, { how: 'link' });
        await repository.useLink(tokenHash);
        return order.id;
      });
      const order = await acknowledgements.find(id);
      return view(order!);
    },

    /**
     * Records a `purchase_order.acknowledged` message: its lines by our SKU as sent, for a purchase
     * order of the shop and supplier the message names. The same message again is recorded once.
     * Answers what became of it; throws only what the database threw (the message then comes back).
     */
    async recordMessage(
      message: PurchaseOrderAcknowledgedV1,
    ): Promise<
      | { kind: 'recorded' | 'recorded-before' }
      | { kind: 'unknown'; ourSupplier: boolean }
      | { kind: 'refused'; reason: string }
    > {
      if (await acknowledgements.findByMessage(message.id)) {
        return { kind: 'recorded-before' };
      }
      try {
        return await db.transaction().execute(async (trx) => {
          const repository = acknowledgements.within(trx);
          const order = await repository.find(message.purchaseOrder.id, true);
          if (
            !order ||
            order.merchant_slug !== message.merchant ||
            order.supplier_slug !== message.supplier
          ) {
            return {
              kind: 'unknown' as const,
              ourSupplier: await repository.isOurSupplier(message.merchant, message.supplier),
            };
          }
          // Delivered twice at once: the second waited for the first's lock, and finds it recorded.
          if (await repository.findByMessage(message.id)) {
            return { kind: 'recorded-before' as const };
          }
          const lines = await purchasing.within(trx).lines([order.id]);
          const bySku = new Map(lines.map((line) => [line.sku, line.product_id]));
          const unknown = message.lines.filter((line) => !bySku.has(line.sku)).map((line) => line.sku);
          if (unknown.length > 0) {
            return {
              kind: 'refused' as const,
              reason: `${order.number} has no line of SKU ${unknown.join(', ')}`,
            };
          }
          await acknowledge(
            trx,
            order,
            {
              lines: message.lines.map((line) => ({
                productId: bySku.get(line.sku)!,
                quantity: line.quantity,
              })),
              deliveryOn: message.deliveryOn,
              note: message.note?.trim(),
            },
            { how: 'message', messageId: message.id, agent: message.agent ?? `${message.supplier}'s agent` },
          );
          return { kind: 'recorded' as const };
        });
      } catch (error) {
        if (error instanceof DomainError) {
          return { kind: 'refused', reason: error.message };
        }
        throw error;
      }
    },
  };
}
export type AcknowledgementsService = ReturnType<typeof createAcknowledgementsService>;

/**
 * What the receipts consumer hands `purchase_order.acknowledged` messages to: recorded, recorded
 * before, or (logged) not for us or not acceptable; acknowledged on the broker in every case but a
 * database failure, as receipts are, so a bad message cannot loop.
 */
export function createAcknowledgementHandler(
  service: Pick<AcknowledgementsService, 'recordMessage'>,
  logger: FastifyBaseLogger,
): AcknowledgementHandler<'purchase_order.acknowledged'> {
  return async (message) => {
    const result = await service.recordMessage(message);
    const where = {
      messageId: message.id,
      purchaseOrder: message.purchaseOrder.number,
      merchant: message.merchant,
      supplier: message.supplier,
    };
    switch (result.kind) {
      case 'recorded':
      case 'recorded-before':
        logger.debug({ ...where, result: result.kind }, 'purchase order acknowledgement');
        return;
      case 'unknown':
        // As with receipts: another deployment's copy when the names are not ours; worth a warning when they are.
        if (result.ourSupplier) {
          logger.warn(
            where,
            "a purchase order acknowledgement names one of this deployment's suppliers, for a purchase order it never sent them: another deployment's, or forged",
          );
        } else {
          logger.debug(where, "another deployment's purchase order acknowledgement");
        }
        return;
      case 'refused':
        logger.warn(
          { ...where, reason: result.reason },
          'ignoring a purchase order acknowledgement that cannot be recorded',
        );
        return;
    }
  };
}
