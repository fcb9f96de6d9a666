import { z } from 'zod';
import { ACKNOWLEDGEMENT_WAYS, id, requiredText, settingText, timestamp } from '../fields';
import { currencySchema, MAX_PRICE_MINOR } from '../money';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { merchantParams, type ShopRole } from './merchants';
import { deliverySchema } from './supplier-messages';

/**
 * Purchase orders: what the shop asks a supplier for, at what cost, and the goods received against
 * it. A draft is edited freely; sending it tells the supplier (`purchase_order.sent`, through the
 * event pipeline); goods received post `receipt` stock movements and update each product's
 * moving-average cost. Every change of status is kept, with who and when.
 */

/**
 * draft → sent → (acknowledged, by the supplier) → partially_received → received; a draft or a sent
 * (or acknowledged) order can be cancelled; a partially received one closed short, the rest never
 * to come.
 */
export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export const purchaseOrderStatusSchema = z.enum(PURCHASE_ORDER_STATUSES, {
  error: `Choose a status: ${PURCHASE_ORDER_STATUSES.join(', ')}.`,
});
export type PurchaseOrderStatus = z.infer<typeof purchaseOrderStatusSchema>;

/** A purchase order's number: `PO-` and its place in the shop's series, without gaps (PO-0001, PO-0002 …). */
export function purchaseOrderNumber(sequence: number): string {
  return `PO-${String(sequence).padStart(4, '0')}`;
}

/**
 * Who may allow more than was ordered, beyond the shop's tolerance (`allowOverReceipt`): a manager,
 * the shop's owner, or an administrator, who has an owner's rights.
 */
export const mayReceiveBeyondOrder = (role: ShopRole): boolean =>
  role === 'manager' || role === 'owner' || role === 'admin';

/**
 * How many of a line a delivery may bring without anyone allowing more: what is still to come, and
 * the shop's tolerance beyond it — `tolerancePercent` of what was ordered, rounded down.
 */
export function receivableWithinTolerance(
  line: { quantity: number; quantityReceived: number },
  tolerancePercent: number,
): number {
  return Math.max(0, line.quantity - line.quantityReceived) + Math.floor((line.quantity * tolerancePercent) / 100);
}

export const MAX_PURCHASE_ORDER_LINES = 200;
export const MAX_PURCHASE_QUANTITY = 1_000_000;
/** A purchase order's total at most, in minor units: every sum of it stays an exact integer. */
export const MAX_PURCHASE_ORDER_TOTAL_MINOR = 1_000_000_000_000_000;

const quantity = z
  .int({ error: 'The quantity is a whole number.' })
  .min(1, 'The quantity is at least 1.')
  .max(MAX_PURCHASE_QUANTITY, `At most ${MAX_PURCHASE_QUANTITY.toLocaleString('en')} of one line.`);

/** One product once per list: a second line of it is refused, naming it. */
function oneLinePerProduct(lines: { productId: string }[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.productId)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'productId'],
        message: `Line ${index + 1} names a product already on an earlier line: put its whole quantity on one line.`,
      });
    }
    seen.add(line.productId);
  });
}

export const purchaseOrderLineInputSchema = z.object({
  productId: id,
  quantity,
  /** What the supplier charges for one, in the shop's currency: typed from the supplier's price list. */
  costMinor: z
    .int({ error: 'The cost is a whole number of minor units (cents).' })
    .min(0, 'The cost cannot be negative.')
    .max(MAX_PRICE_MINOR, 'The cost is too large.'),
  /** The supplier's own code for the product, printed on the order beside ours; empty for none. */
  supplierSku: settingText("The supplier's SKU", 64)
    .transform((text) => text.trim() || null)
    .nullable()
    .optional(),
});

const purchaseOrderLines = z
  .array(purchaseOrderLineInputSchema)
  .min(1, 'A purchase order has at least one line.')
  .max(MAX_PURCHASE_ORDER_LINES, `At most ${MAX_PURCHASE_ORDER_LINES} lines in one purchase order.`)
  .superRefine(oneLinePerProduct)
  .refine(
    (lines) =>
      lines.reduce((total, line) => total + line.quantity * line.costMinor, 0) <=
      MAX_PURCHASE_ORDER_TOTAL_MINOR,
    'The purchase order comes to more than any order can: split it.',
  );

/** The day the goods are expected, in the shop's calendar; null for none said. */
const expectedOn = z.iso
  .date({ error: 'Give the expected date as YYYY-MM-DD, such as 2026-12-06.' })
  .nullable();
const note = settingText('The note', 2000).transform((text) => text.trim());

/**
 * A draft purchase order. `id`, made by the client, is its idempotency key: sent again (a retry
 * after a lost answer) it makes one purchase order, and the answer is that one; the same id with
 * another order is refused.
 */
export const createPurchaseOrderSchema = z.object({
  id: z.uuid({ error: "The purchase order's id is a UUID made once for each new purchase order." }),
  supplierId: id,
  lines: purchaseOrderLines,
  expectedOn: expectedOn.optional(),
  note: note.optional(),
});
export type CreatePurchaseOrder = z.input<typeof createPurchaseOrderSchema>;
/** A draft as the server reads it: text trimmed, an empty supplier's SKU null. */
export type PurchaseOrderDraft = z.infer<typeof createPurchaseOrderSchema>;

/** A draft's lines (all of them, replaced), expected date (null clears it) or note; only while it is a draft. */
export const updatePurchaseOrderSchema = z
  .object({ lines: purchaseOrderLines, expectedOn, note })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of lines, expectedOn and note.');
export type UpdatePurchaseOrder = z.input<typeof updatePurchaseOrderSchema>;
export type PurchaseOrderChanges = z.infer<typeof updatePurchaseOrderSchema>;

/** Why a purchase order is cancelled, or closed with goods still to come. */
export const purchaseOrderReasonSchema = z.object({ reason: requiredText('The reason', 500) });
export type PurchaseOrderReason = z.input<typeof purchaseOrderReasonSchema>;

/**
 * Goods received against a sent purchase order, part or all of it. `id`, made by the client, is the
 * receipt's idempotency key: sent twice, stock moves once and the answer is the first. Each line takes
 * at most what is still to come of its product unless `allowOverReceipt` (the shop's owner only).
 */
export const receivePurchaseOrderSchema = z.object({
  id: z.uuid({ error: "The receipt's id is a UUID made once for each delivery received." }),
  lines: z
    .array(z.object({ productId: id, quantity }))
    .min(1, 'Receive at least one line.')
    .max(MAX_PURCHASE_ORDER_LINES, `At most ${MAX_PURCHASE_ORDER_LINES} lines at once.`)
    .superRefine(oneLinePerProduct),
  note: note.optional(),
  allowOverReceipt: z
    .boolean({ error: 'Say whether more than ordered may be taken in: true or false.' })
    .default(false),
});
export type ReceivePurchaseOrder = z.input<typeof receivePurchaseOrderSchema>;
/** Goods received as the server reads them: `allowOverReceipt` false unless said. */
export type GoodsReceived = z.infer<typeof receivePurchaseOrderSchema>;

export const purchaseOrderListQuerySchema = z.object({
  status: purchaseOrderStatusSchema.optional(),
  /** A supplier of the shop, by id. */
  supplier: id.optional(),
  /** `true`: only those sent and still not acknowledged past their supplier's deadline. */
  overdue: z
    .stringbool({ error: 'Say overdue=true for the overdue purchase orders only, or leave it out.' })
    .optional(),
  /** A purchase order of the same list (its id): the page holds those made before it. */
  before: id.optional(),
  limit: z.coerce
    .number({ error: 'The limit is a number.' })
    .int('The limit is a whole number.')
    .min(1, 'Ask for at least 1 purchase order.')
    .max(200, 'Ask for at most 200 purchase orders at once.')
    .default(50),
});
export type PurchaseOrderListQuery = z.infer<typeof purchaseOrderListQuerySchema>;

const person = z.object({ id, name: z.string() });
const productRef = z.object({ id, sku: z.string(), name: z.string() });

/**
 * A sent purchase order its supplier has not acknowledged in time: by `dueAt` (the supplier's deadline
 * in working hours, fixed when it was sent) it is sent again (`resentAt`), and by a second deadline
 * counted from the first the shop's owner and managers are e-mailed (`merchantToldAt`).
 */
export const purchaseOrderEscalationSchema = z.object({
  /** When the supplier should have acknowledged it; null for a draft, or a supplier without a deadline. */
  dueAt: timestamp.nullable(),
  resentAt: timestamp.nullable(),
  merchantToldAt: timestamp.nullable(),
});
export type PurchaseOrderEscalation = z.infer<typeof purchaseOrderEscalationSchema>;

export const purchaseOrderSummarySchema = z.object({
  id,
  number: z.string(),
  status: purchaseOrderStatusSchema,
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  currency: currencySchema,
  expectedOn: z.iso.date().nullable(),
  note: z.string(),
  lineCount: z.int(),
  /** Σ quantity × cost over the lines, as ordered. */
  totalMinor: z.int(),
  /** `reorder`: written by the shop's reorder rules, which add to it while it is a draft. */
  origin: z.enum(['manual', 'reorder']),
  /** Null when the shop's reorder rules wrote it. */
  createdBy: person.nullable(),
  createdAt: timestamp,
  escalation: purchaseOrderEscalationSchema,
});
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;
export const purchaseOrderListSchema = z.object({ purchaseOrders: z.array(purchaseOrderSummarySchema) });

export const purchaseOrderLineSchema = z.object({
  /** The line's place on the order, from 1. */
  position: z.int(),
  /** Our SKU and name as they were when the line was written. */
  product: productRef,
  quantity: z.int(),
  quantityReceived: z.int(),
  /** What the supplier confirmed it will deliver (perhaps fewer than ordered); null until it did. */
  quantityConfirmed: z.int().nullable(),
  costMinor: z.int(),
  supplierSku: z.string().nullable(),
  amountMinor: z.int(),
});
export type PurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

/** A change of status: `from` is null for the draft's creation. */
export const purchaseOrderTransitionSchema = z.object({
  from: purchaseOrderStatusSchema.nullable(),
  to: purchaseOrderStatusSchema,
  /** Null when no person made the change: the reorder rules wrote or sent it. */
  by: person.nullable(),
  at: timestamp,
  /** Why it was cancelled or closed short. */
  note: z.string().nullable(),
});
export type PurchaseOrderTransition = z.infer<typeof purchaseOrderTransitionSchema>;

/** Goods received, as recorded: each line with the cost it came at and the product's average cost after it. */
export const purchaseReceiptSchema = z.object({
  id,
  purchaseOrder: z.object({ id, number: z.string() }),
  /** The purchase order's status right after this receipt. */
  statusAfter: purchaseOrderStatusSchema,
  by: person,
  at: timestamp,
  note: z.string(),
  /** Taken in beyond what was still to come, as the owner allowed. */
  overReceipt: z.boolean(),
  lines: z.array(
    z.object({
      product: productRef,
      quantity: z.int(),
      costMinor: z.int(),
      averageCostAfterMinor: z.int(),
    }),
  ),
});
export type PurchaseReceipt = z.infer<typeof purchaseReceiptSchema>;

/**
 * The supplier's answer to a sent purchase order: how many of each line it will deliver, and when.
 * `by` is the supplier's person in the portal, null by message or link.
 */
export const purchaseOrderAcknowledgementSchema = z.object({
  how: z.enum(ACKNOWLEDGEMENT_WAYS),
  by: person.nullable(),
  deliveryOn: z.iso.date(),
  note: z.string(),
  at: timestamp,
  lines: z.array(z.object({ productId: id, quantity: z.int() })),
});
export type PurchaseOrderAcknowledgement = z.infer<typeof purchaseOrderAcknowledgementSchema>;

/**
 * A supplier's acknowledgement of a sent purchase order, in its portal or through the e-mailed link:
 * each line's quantity it will deliver (0 up to what was ordered; every line named once) and the day.
 */
export const acknowledgePurchaseOrderSchema = z.object({
  lines: z
    .array(
      z.object({
        productId: id,
        quantity: z
          .int({ error: 'The quantity is a whole number.' })
          .min(0, 'The quantity cannot be negative: give 0 for a line you will not deliver.')
          .max(MAX_PURCHASE_QUANTITY, `At most ${MAX_PURCHASE_QUANTITY.toLocaleString('en')} of one line.`),
      }),
    )
    .min(1, 'Confirm at least one line.')
    .max(MAX_PURCHASE_ORDER_LINES, `At most ${MAX_PURCHASE_ORDER_LINES} lines at once.`)
    .superRefine(oneLinePerProduct),
  deliveryOn: z.iso.date({ error: 'Give the delivery date as YYYY-MM-DD, such as 2026-12-06.' }),
  note: note.optional(),
});
export type AcknowledgePurchaseOrder = z.input<typeof acknowledgePurchaseOrderSchema>;
export type PurchaseOrderConfirmation = z.infer<typeof acknowledgePurchaseOrderSchema>;

export const purchaseOrderSchema = purchaseOrderSummarySchema.extend({
  lines: z.array(purchaseOrderLineSchema),
  /** Oldest first, from the draft's creation. */
  transitions: z.array(purchaseOrderTransitionSchema),
  /** Oldest first. */
  receipts: z.array(purchaseReceiptSchema),
  /** The supplier's answers, oldest first. */
  acknowledgements: z.array(purchaseOrderAcknowledgementSchema),
  /** The `purchase_order.sent` message's way to the supplier: queued, published, delivered, e-mailed. */
  deliveries: z.array(deliverySchema),
  /** The shop's over-receipt tolerance now, in %: see `receivableWithinTolerance`. */
  overReceiptTolerancePercent: z.int(),
});
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const purchaseOrderParams = merchantParams.extend({ purchaseOrderId: id });

/**
 * A sent purchase order's lines sent instead to backup suppliers: a new purchase order to each, and the
 * first cancelled. `keptLines` are the lines no backup supplier has; the first is cancelled all the same.
 */
export const purchaseOrderBackupSchema = z.object({
  /** The new purchase orders, sent, one per backup supplier. */
  purchaseOrders: z.array(purchaseOrderSchema),
  /** The first purchase order, cancelled. */
  cancelled: purchaseOrderSummarySchema,
  /** Its lines whose product has no other supplier, not ordered anywhere now. */
  keptLines: z.array(purchaseOrderLineSchema),
});
export type PurchaseOrderBackup = z.infer<typeof purchaseOrderBackupSchema>;

const tags = ['purchase orders'];

export const purchaseOrderRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/purchase-orders',
    summary: "The shop's purchase orders, newest first, by status or supplier, or those overdue",
    tags,
    permission: 'purchasing',
    params: merchantParams,
    query: purchaseOrderListQuerySchema,
    responses: { 200: purchaseOrderListSchema },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders',
    summary: 'Write a draft purchase order to a supplier; the same id sent again answers the first',
    tags,
    permission: 'purchasing',
    params: merchantParams,
    body: createPurchaseOrderSchema,
    responses: { 201: purchaseOrderSchema },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId',
    summary: 'A purchase order with its lines, changes of status, receipts and message to the supplier',
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    responses: { 200: purchaseOrderSchema },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId',
    summary: "Change a draft's lines, expected date or note (409 once sent)",
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    body: updatePurchaseOrderSchema,
    responses: { 200: purchaseOrderSchema },
  }),
  send: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/send',
    summary: 'Send a draft to its supplier: purchase_order.sent on its routing key and topic',
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    responses: { 200: purchaseOrderSchema },
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/cancel',
    summary: 'Cancel a draft or a sent purchase order, with a reason',
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    body: purchaseOrderReasonSchema,
    responses: { 200: purchaseOrderSchema },
  }),
  receive: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/receipts',
    summary:
      'Receive goods against a sent purchase order: stock and average cost move; the same id sent again answers the first',
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    body: receivePurchaseOrderSchema,
    responses: { 201: purchaseReceiptSchema },
  }),
  backup: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/backup',
    summary: "Send a sent, unacknowledged purchase order's lines to each product's backup supplier, and cancel it",
    description:
      "For each line, the product's first other supplier (its preferred one first, then by name; not archived): a new purchase order per supplier at its cost and SKU (the product's average cost without one), sent at once. The first is cancelled in the same transaction. 409 when it is not sent, or when no line has a backup supplier.",
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    responses: { 201: purchaseOrderBackupSchema },
  }),
  closeShort: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/purchase-orders/:purchaseOrderId/close',
    summary: 'Close a partially received purchase order: the rest will not come',
    tags,
    permission: 'purchasing',
    params: purchaseOrderParams,
    body: purchaseOrderReasonSchema,
    responses: { 200: purchaseOrderSchema },
  }),
};
