import { randomUUID } from 'node:crypto';
import {
  mayReceiveBeyondOrder,
  receivableWithinTolerance,
  MAX_STOCK,
  purchaseOrderNumber,
  type ApiError,
  type GoodsReceived,
  type PurchaseOrder,
  type PurchaseOrderBackup,
  type PurchaseOrderChanges,
  type PurchaseOrderDraft,
  type PurchaseOrderListQuery,
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
  type PurchaseReceipt,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../http/errors';
import type { ShopCaller } from '../access/access';
import type { EventsService, EventWriter } from '../events/events.service';
import { digestOf } from '../../http/request-digest';
import type { AcknowledgementsRepository } from './acknowledgements.repository';
import type { AcknowledgementsService } from './acknowledgements.service';
import { acknowledgementDeadlines } from './acknowledgement-deadline';
import { purchaseOrderSentEvent } from './purchase-order-event';
import {
  toPurchaseOrderLine,
  toPurchaseOrderSummary,
  toReceipt,
  toTransition,
  type NewPurchaseOrderLine,
  type PurchaseOrderLineRow,
  type PurchaseOrderRow,
  type PurchasingRepository,
} from './purchasing.repository';

/** How a refusal names a purchase order's status: "PO-0007 is partly received". */
const STATUS_WORDS: Record<PurchaseOrderStatus, string> = {
  draft: 'a draft',
  sent: 'sent',
  acknowledged: 'acknowledged',
  partially_received: 'partly received',
  received: 'received',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** What goods can be received against: sent, confirmed by the supplier, or already partly received. */
const RECEIVABLE: ReadonlySet<PurchaseOrderStatus> = new Set(['sent', 'acknowledged', 'partially_received']);
/** What can be cancelled: nothing has arrived yet. */
const CANCELLABLE: ReadonlySet<PurchaseOrderStatus> = new Set(['draft', 'sent', 'acknowledged']);

const isOf = (order: PurchaseOrderRow) => `${order.number} is ${STATUS_WORDS[order.status]}`;

type Issue = NonNullable<ApiError['issues']>[number];

const lineIssue = (index: number, message: string): Issue => ({
  path: `body.lines.${index}.productId`,
  message,
});

export interface PurchasingOptions {
  /** Where a purchase order's sending writes its event, and its delivery is read. */
  events: Pick<EventsService, 'transaction' | 'deliveriesOf'>;
  /** The e-mailed link a purchase order being sent carries, made in the sending's transaction. */
  acknowledgeLinks: Pick<AcknowledgementsService, 'issueLink'>;
}

/**
 * Purchase orders, from draft to goods received. A draft (its id made by the client) takes the
 * shop's next number without gaps; sending it writes `purchase_order.sent` in the transaction that
 * marks it sent; a receipt (its id made by the client too) moves stock through the ledger and the
 * products' average cost in one statement. Each change of status is recorded with who and why, on
 * the purchase order's row, locked for it, so two changes of one purchase order take their turn.
 */
export function createPurchasingService(
  db: Kysely<Database>,
  { purchasing, acknowledgements }: { purchasing: PurchasingRepository; acknowledgements: AcknowledgementsRepository },
  { events, acknowledgeLinks }: PurchasingOptions,
) {
  async function orderOf(repository: PurchasingRepository, merchantId: string, id: string, lock = false) {
    const order = await repository.find(merchantId, id, lock);
    if (!order) {
      throw notFound('purchase order');
    }
    return order;
  }

  /**
   * The lines as a draft writes them: each product the shop's (another shop's is as unknown as one
   * that does not exist: 404) and not archived, its SKU and name copied as they are now.
   */
  async function draftLines(
    repository: PurchasingRepository,
    merchantId: string,
    lines: PurchaseOrderDraft['lines'],
  ): Promise<NewPurchaseOrderLine[]> {
    const products = new Map(
      (
        await repository.products(
          merchantId,
          lines.map((line) => line.productId),
        )
      ).map((product) => [product.id, product]),
    );
    const unknown = lines.flatMap((line, index) =>
      products.has(line.productId)
        ? []
        : [lineIssue(index, `Line ${index + 1}: no product of this shop has this id.`)],
    );
    if (unknown.length > 0) {
      throw new DomainError(404, unknown.map((issue) => issue.message).join(' '), unknown);
    }
    const archived = lines.flatMap((line, index) => {
      const product = products.get(line.productId)!;
      return product.archived_at
        ? [
            lineIssue(
              index,
              `Line ${index + 1}: ${product.name} is archived: restore it in the catalogue to order it.`,
            ),
          ]
        : [];
    });
    if (archived.length > 0) {
      throw badRequest(archived.map((issue) => issue.message).join(' '), archived);
    }
    return lines.map((line) => {
      const product = products.get(line.productId)!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        costMinor: line.costMinor,
        supplierSku: line.supplierSku ?? null,
      };
    });
  }

  /** The purchase order as its page shows it, with the shop's over-receipt tolerance now. */
  async function detail(shop: ShopCaller['shop'], id: string): Promise<PurchaseOrder> {
    const order = await orderOf(purchasing, shop.id, id);
    const [lines, transitions, receipts, deliveries, answers] = await Promise.all([
      purchasing.lines([id]),
      purchasing.transitions(id),
      purchasing.receipts(id),
      events.deliveriesOf([id]),
      acknowledgements.ofOrders([id]),
    ]);
    const receiptLines = await purchasing.receiptLines(receipts.map((receipt) => receipt.id));
    return {
      ...toPurchaseOrderSummary(order),
      lines: lines.map(toPurchaseOrderLine),
      transitions: transitions.map(toTransition),
      receipts: receipts.map((receipt) => toReceipt(receipt, receiptLines)),
      deliveries: deliveries.get(id) ?? [],
      acknowledgements: answers.get(id) ?? [],
      overReceiptTolerancePercent: shop.over_receipt_tolerance_percent,
    };
  }

  /**
   * Marks a locked draft sent and writes its `purchase_order.sent`, in the caller's transaction, and
   * fixes when its supplier should acknowledge it and when the shop is told it did not: the supplier's
   * working hours from now, and as many again from then (`acknowledgementDeadlines`).
   */
  async function sendDraft(
    trx: Kysely<Database>,
    repository: PurchasingRepository,
    write: EventWriter,
    order: PurchaseOrderRow,
    shop: { id: string; slug: string; name: string },
    actorId: string | null,
  ) {
    const lines = await repository.lines([order.id]);
    await repository.transition({ purchaseOrderId: order.id, from: 'draft', to: 'sent', actorId, note: null });
    const { acknowledge_within_hours: hours, time_zone: timeZone } = await repository.acknowledgementTerms(order.id);
    const deadlines = acknowledgementDeadlines(new Date(), hours, timeZone);
    if (deadlines) {
      await repository.setAcknowledgementDue(order.id, deadlines);
    }
    const acknowledgeUrl = await acknowledgeLinks.issueLink(trx, order.id);
    await write([purchaseOrderSentEvent(order, lines, shop, new Date(), randomUUID(), acknowledgeUrl)]);
  }

  /**
   * Moves a purchase order from one of `from` to `to`, with who and why, under its row's lock; a
   * purchase order in any other status is refused (409) with `refusal`'s sentence.
   */
  async function move(
    { shop, actor }: ShopCaller,
    id: string,
    change: {
      from: ReadonlySet<PurchaseOrderStatus>;
      to: PurchaseOrderStatus;
      note: string;
      refusal: string;
    },
  ): Promise<PurchaseOrder> {
    await db.transaction().execute(async (trx) => {
      const repository = purchasing.within(trx);
      const order = await orderOf(repository, shop.id, id, true);
      if (!change.from.has(order.status)) {
        throw conflict(`${isOf(order)}: ${change.refusal}`);
      }
      await repository.transition({
        purchaseOrderId: id,
        from: order.status,
        to: change.to,
        actorId: actor.userId,
        note: change.note,
      });
    });
    return detail(shop, id);
  }

  return {
    async list({ shop }: ShopCaller, query: PurchaseOrderListQuery): Promise<PurchaseOrderSummary[]> {
      const rows = await purchasing.list(shop.id, {
        status: query.status,
        supplierId: query.supplier,
        overdue: query.overdue,
        before: query.before,
        limit: query.limit,
      });
      return rows.map(toPurchaseOrderSummary);
    },

    get: ({ shop }: ShopCaller, id: string): Promise<PurchaseOrder> => detail(shop, id),

    /** A draft, numbered in the shop's series; the same id sent again answers the purchase order it made. */
    async create({ shop, actor }: ShopCaller, draft: PurchaseOrderDraft): Promise<PurchaseOrder> {
      const digest = digestOf(shop.id, draft);
      const sameId = async (repository: PurchasingRepository) => {
        const existing = await repository.findAnywhere(draft.id);
        if (existing && (existing.merchant_id !== shop.id || existing.request_digest !== digest)) {
          throw conflict(
            'This id belongs to another purchase order: make a new id for each purchase order.',
            [{ path: 'body.id', message: 'Already used for another purchase order.' }],
          );
        }
        return existing !== undefined;
      };
      if (await sameId(purchasing)) {
        return detail(shop, draft.id);
      }
      const supplier = await purchasing.supplier(shop.id, draft.supplierId);
      if (!supplier) {
        throw notFound('supplier');
      }
      if (supplier.archived_at) {
        throw badRequest(`${supplier.name} is archived: restore it under Suppliers to order from it.`, [
          { path: 'body.supplierId', message: `${supplier.name} is archived.` },
        ]);
      }
      const lines = await draftLines(purchasing, shop.id, draft.lines);
      await db.transaction().execute(async (trx) => {
        const repository = purchasing.within(trx);
        const sequence = await repository.lockNextSequence(shop.id);
        // Made meanwhile by the same request sent twice: that one answers; this one takes no number.
        if (await sameId(repository)) {
          return;
        }
        await repository.insert({
          id: draft.id,
          merchantId: shop.id,
          supplierId: supplier.id,
          sequence,
          number: purchaseOrderNumber(sequence),
          currency: shop.currency,
          expectedOn: draft.expectedOn ?? null,
          note: draft.note ?? '',
          createdBy: actor.userId,
          requestDigest: digest,
        });
        await repository.replaceLines(draft.id, lines);
        await repository.transition({
          purchaseOrderId: draft.id,
          from: null,
          to: 'draft',
          actorId: actor.userId,
          note: null,
        });
      });
      return detail(shop, draft.id);
    },

    /** A draft's lines, expected date or note; once sent, a purchase order is not edited (409). */
    async update({ shop }: ShopCaller, id: string, changes: PurchaseOrderChanges): Promise<PurchaseOrder> {
      await db.transaction().execute(async (trx) => {
        const repository = purchasing.within(trx);
        const order = await orderOf(repository, shop.id, id, true);
        if (order.status !== 'draft') {
          throw conflict(
            `${isOf(order)}: only a draft can be changed. Cancel it and write a new one to change what was sent.`,
          );
        }
        if (changes.lines) {
          await repository.replaceLines(id, await draftLines(repository, shop.id, changes.lines));
        }
        if (changes.expectedOn !== undefined || changes.note !== undefined) {
          await repository.update(id, { expected_on: changes.expectedOn, note: changes.note });
        }
      });
      return detail(shop, id);
    },

    /**
     * Sends a draft: marks it sent and, in the same transaction, writes `purchase_order.sent` on its
     * supplier's routing key and topic; the relay publishes it once committed.
     */
    async send({ shop, actor }: ShopCaller, id: string): Promise<PurchaseOrder> {
      await events.transaction(db, async (trx, write) => {
        const repository = purchasing.within(trx);
        const order = await orderOf(repository, shop.id, id, true);
        if (order.status !== 'draft') {
          throw conflict(`${isOf(order)}: only a draft can be sent.`);
        }
        if (order.supplier_archived_at) {
          throw conflict(
            `${order.supplier_name} was archived after this draft was written: restore it under Suppliers to send it, or cancel the draft.`,
          );
        }
        await sendDraft(trx, repository, write, order, shop, actor.userId);
      });
      return detail(shop, id);
    },

    /**
     * Writes what the reorder rules need of one supplier's products into the supplier's draft from
     * the rules, in the caller's transaction: the draft is made if there is none (numbered in the
     * shop's series, whose counter is locked first, so every reorder transaction takes its locks in
     * one order), and each line raised to at least its need. A supplier set to send automatically
     * is sent the draft at once. Answers the purchase order written to.
     */
    async reorderWithin(
      trx: Kysely<Database>,
      write: EventWriter,
      shop: { id: string; slug: string; name: string; currency: string },
      supplier: { id: string; sendAutomatically: boolean },
      needs: { productId: string; quantity: number; costMinor: number; supplierSku: string | null }[],
    ): Promise<{ id: string; number: string; status: PurchaseOrderStatus }> {
      const repository = purchasing.within(trx);
      const sequence = await repository.lockNextSequence(shop.id);
      let draft = await repository.reorderDraft(shop.id, supplier.id);
      if (!draft) {
        const id = randomUUID();
        await repository.insert({
          id,
          merchantId: shop.id,
          supplierId: supplier.id,
          sequence,
          number: purchaseOrderNumber(sequence),
          currency: shop.currency,
          expectedOn: null,
          note: '',
          createdBy: null,
          origin: 'reorder',
          requestDigest: '',
        });
        await repository.transition({ purchaseOrderId: id, from: null, to: 'draft', actorId: null, note: null });
        draft = (await repository.reorderDraft(shop.id, supplier.id))!;
      }
      await repository.raiseLines(draft.id, needs);
      if (!supplier.sendAutomatically) {
        return { id: draft.id, number: draft.number, status: 'draft' };
      }
      await sendDraft(trx, repository, write, draft, shop, null);
      return { id: draft.id, number: draft.number, status: 'sent' };
    },

    cancel: (caller: ShopCaller, id: string, reason: string) =>
      move(caller, id, {
        from: CANCELLABLE,
        to: 'cancelled',
        note: reason,
        refusal:
          'only a draft, or a purchase order against which nothing has been received, can be cancelled.',
      }),

    /**
     * Sends a sent purchase order its supplier has not acknowledged to backup suppliers instead, in
     * one transaction: each line to its product's first other supplier not archived (the preferred one
     * first, then by name), a new purchase order per supplier at that supplier's cost and SKU (the
     * product's average cost when it has none, the line's own when that is unknown too), sent as any
     * purchase order is; then the first is cancelled, naming them. Lines whose product has no other
     * supplier stay on the cancelled one, and the answer lists them; with none to move, nothing
     * changes (409). Once cancelled, asking again is refused (409).
     */
    async backup({ shop, actor }: ShopCaller, id: string): Promise<PurchaseOrderBackup> {
      const { made, kept } = await events.transaction(db, async (trx, write) => {
        const repository = purchasing.within(trx);
        const order = await orderOf(repository, shop.id, id, true);
        if (order.status !== 'sent') {
          throw conflict(
            `${isOf(order)}: only a purchase order sent and not yet acknowledged by its supplier can go to backup suppliers instead.`,
          );
        }
        const lines = await repository.lines([id]);
        const backups = new Map(
          (
            await repository.backupSuppliers(
              shop.id,
              lines.map((line) => line.product_id),
              order.supplier_id,
            )
          ).map((backup) => [backup.product_id, backup]),
        );
        const bySupplier = new Map<string, { name: string; lines: NewPurchaseOrderLine[] }>();
        for (const line of lines) {
          const backup = backups.get(line.product_id);
          if (!backup) {
            continue;
          }
          const group = bySupplier.get(backup.supplier_id) ?? { name: backup.supplier_name, lines: [] };
          group.lines.push({
            productId: line.product_id,
            sku: line.sku,
            name: line.name,
            quantity: line.quantity,
            costMinor: backup.cost_minor ?? backup.average_cost_minor ?? line.unit_cost_minor,
            supplierSku: backup.supplier_sku,
          });
          bySupplier.set(backup.supplier_id, group);
        }
        if (bySupplier.size === 0) {
          throw conflict(
            `No product on ${order.number} has a supplier other than ${order.supplier_name}: add a backup supplier to its products in the catalogue, or call ${order.supplier_name}.`,
          );
        }
        const made: string[] = [];
        for (const [supplierId, backup] of [...bySupplier].sort(([, a], [, b]) => a.name.localeCompare(b.name))) {
          const newId = randomUUID();
          const sequence = await repository.lockNextSequence(shop.id);
          await repository.insert({
            id: newId,
            merchantId: shop.id,
            supplierId,
            sequence,
            number: purchaseOrderNumber(sequence),
            currency: order.currency,
            expectedOn: order.expected_on,
            note: order.note,
            createdBy: actor.userId,
            requestDigest: '',
          });
          await repository.replaceLines(newId, backup.lines);
          await repository.transition({ purchaseOrderId: newId, from: null, to: 'draft', actorId: actor.userId, note: null });
          await sendDraft(trx, repository, write, await orderOf(repository, shop.id, newId, true), shop, actor.userId);
          made.push(newId);
        }
        const names = new Intl.ListFormat('en', { type: 'conjunction' }).format(
          [...bySupplier.values()].map((backup) => backup.name).sort((a, b) => a.localeCompare(b)),
        );
        await repository.transition({
          purchaseOrderId: id,
          from: 'sent',
          to: 'cancelled',
          actorId: actor.userId,
          note: `Sent to ${names} instead: not acknowledged in time.`,
        });
        return { made, kept: lines.filter((line) => !backups.has(line.product_id)) };
      });
      return {
        purchaseOrders: await Promise.all(made.map((madeId) => detail(shop, madeId))),
        cancelled: toPurchaseOrderSummary(await orderOf(purchasing, shop.id, id)),
        keptLines: kept.map(toPurchaseOrderLine),
      };
    },

    closeShort: (caller: ShopCaller, id: string, reason: string) =>
      move(caller, id, {
        from: new Set(['partially_received']),
        to: 'closed',
        note: reason,
        refusal:
          'only a partly received purchase order can be closed short; cancel one against which nothing has come.',
      }),

    /**
     * Goods received against a sent purchase order: each line at most what is still to come of its
     * product (more only if the owner says `allowOverReceipt`), posted as `receipt` movements with
     * the products' average cost, in one transaction with the purchase order's new status. The same
     * receipt id sent again moves nothing and answers the receipt it recorded.
     */
    async receive(
      { shop, actor, role }: ShopCaller,
      id: string,
      goods: GoodsReceived,
    ): Promise<PurchaseReceipt> {
      if (goods.allowOverReceipt && !mayReceiveBeyondOrder(role)) {
        throw forbidden(
          `A ${role} may not take in more than was ordered: ask a manager or the shop's owner to receive the surplus.`,
        );
      }
      const digest = digestOf(id, goods);
      const receiptId = await db.transaction().execute(async (trx) => {
        const repository = purchasing.within(trx);
        const order = await orderOf(repository, shop.id, id, true);
        const earlier = await repository.findReceipt(goods.id);
        if (earlier) {
          if (earlier.purchase_order_id !== order.id || earlier.request_digest !== digest) {
            throw conflict('This id belongs to another receipt: make a new id for each delivery received.', [
              { path: 'body.id', message: 'Already used for another receipt.' },
            ]);
          }
          return earlier.id;
        }
        if (order.status === 'draft') {
          throw conflict(`${isOf(order)}: send it before receiving goods against it.`);
        }
        if (!RECEIVABLE.has(order.status)) {
          throw conflict(
            `${isOf(order)}: nothing more is to come against it. Take in goods that were not ordered as a stock adjustment, "Received without order".`,
          );
        }
        const lines = await repository.lines([id]);
        const received = receiptLinesOf(order, lines, goods, {
          beyondAllowed: mayReceiveBeyondOrder(role),
          tolerancePercent: shop.over_receipt_tolerance_percent,
        });
        const moved = await repository.recordReceipt({
          id: goods.id,
          merchantId: shop.id,
          purchaseOrderId: id,
          receivedBy: actor.userId,
          note: goods.note ?? '',
          overReceipt: received.overReceipt,
          statusAfter: received.statusAfter,
          requestDigest: digest,
          lines: received.lines,
        });
        const full = received.lines.filter((line) => !moved.includes(line.productId));
        if (full.length > 0) {
          const names = full.map(
            (line) => lines.find((orderLine) => orderLine.product_id === line.productId)!.name,
          );
          throw conflict(
            `Receiving this would take the stock of ${names.join(', ')} above ${MAX_STOCK.toLocaleString('en')}, the most a product may have.`,
          );
        }
        if (received.statusAfter !== order.status) {
          await repository.transition({
            purchaseOrderId: id,
            from: order.status,
            to: received.statusAfter,
            actorId: actor.userId,
            note: null,
          });
        }
        return goods.id;
      });
      const [receipt] = await purchasing.receipts(id, receiptId);
      return toReceipt(receipt!, await purchasing.receiptLines([receiptId]));
    },
  };
}
export type PurchasingService = ReturnType<typeof createPurchasingService>;

/**
 * What a receipt posts, checked against the purchase order's lines: each product must be on it, and
 * take at most what is still to come and the shop's tolerance beyond it (`receivableWithinTolerance`)
 * unless `beyondAllowed` and asked for (409 naming every line refused); anything beyond what is still
 * to come makes it an over-receipt. The purchase order is received once every line has all it
 * ordered, else partly received.
 */
function receiptLinesOf(
  order: PurchaseOrderRow,
  lines: PurchaseOrderLineRow[],
  goods: GoodsReceived,
  { beyondAllowed, tolerancePercent }: { beyondAllowed: boolean; tolerancePercent: number },
) {
  const byProduct = new Map(lines.map((line) => [line.product_id, line]));
  const issues: Issue[] = [];
  let overReceipt = false;
  goods.lines.forEach((line, index) => {
    const ordered = byProduct.get(line.productId);
    if (!ordered) {
      issues.push(
        lineIssue(
          index,
          `Line ${index + 1}: this product is not on ${order.number}. Take in goods that were not ordered as a stock adjustment, "Received without order".`,
        ),
      );
      return;
    }
    const toCome = Math.max(0, ordered.quantity - ordered.quantity_received);
    if (line.quantity <= toCome) {
      return;
    }
    overReceipt = true;
    const receivable = receivableWithinTolerance(
      { quantity: ordered.quantity, quantityReceived: ordered.quantity_received },
      tolerancePercent,
    );
    if (line.quantity > receivable && !goods.allowOverReceipt) {
      const more = beyondAllowed
        ? 'send allowOverReceipt: true to take in more than was ordered'
        : "only a manager or the shop's owner may take in more than was ordered";
      const tolerance =
        receivable > toCome
          ? ` and the ${receivable - toCome} more the shop's tolerance of ${tolerancePercent} % allows`
          : '';
      issues.push({
        path: `body.lines.${index}.quantity`,
        message: `Line ${index + 1}: ${line.quantity} of ${ordered.name} is more than the ${toCome} still to come on ${order.number}${tolerance}; ${more}.`,
      });
    }
  });
  if (issues.length > 0) {
    throw conflict(issues.map((issue) => issue.message).join(' '), issues);
  }
  const receivedNow = new Map(goods.lines.map((line) => [line.productId, line.quantity]));
  const complete = lines.every(
    (line) => line.quantity_received + (receivedNow.get(line.product_id) ?? 0) >= line.quantity,
  );
  return {
    overReceipt,
    statusAfter: complete ? ('received' as const) : ('partially_received' as const),
    lines: goods.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      costMinor: byProduct.get(line.productId)!.unit_cost_minor,
    })),
  };
}
