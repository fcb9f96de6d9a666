import { z } from 'zod';
import { id, timestamp } from '../fields';
import { currencySchema } from '../money';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import {
  acknowledgePurchaseOrderSchema,
  purchaseOrderAcknowledgementSchema,
  purchaseOrderLineSchema,
  purchaseOrderStatusSchema,
} from './purchase-orders';

/**
 * Purchase orders as their supplier sees them: in the supplier portal (a supplier's people, signed
 * in) or through the link the e-mailed order carries (anyone holding it, once, for 14 days). Drafts
 * are the shop's own business and never shown.
 */

export const supplierPurchaseOrderSummarySchema = z.object({
  id,
  number: z.string(),
  status: purchaseOrderStatusSchema,
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  currency: currencySchema,
  /** The day the shop expects the goods: once acknowledged, the day the supplier promised. */
  expectedOn: z.iso.date().nullable(),
  note: z.string(),
  lineCount: z.int(),
  totalMinor: z.int(),
  sentAt: timestamp,
});
export type SupplierPurchaseOrderSummary = z.infer<typeof supplierPurchaseOrderSummarySchema>;
export const supplierPurchaseOrderListSchema = z.object({
  purchaseOrders: z.array(supplierPurchaseOrderSummarySchema),
});

export const supplierPurchaseOrderSchema = supplierPurchaseOrderSummarySchema.extend({
  lines: z.array(purchaseOrderLineSchema),
  /** The supplier's answers, oldest first: one once acknowledged. */
  acknowledgements: z.array(purchaseOrderAcknowledgementSchema),
});
export type SupplierPurchaseOrder = z.infer<typeof supplierPurchaseOrderSchema>;

export const supplierPurchaseOrderParams = z.object({ purchaseOrderId: id });
/** The link's token as the e-mail carries it; any other text is a link that does not exist (404). */
export const purchaseOrderLinkParams = z.object({
  token: z.string().min(1, 'The link has no token.').max(200, 'This is not a purchase order link.'),
});

/** Where the e-mailed link opens in the web app: `<public URL>/purchase-orders/acknowledge/<token>`. */
export const ACKNOWLEDGE_LINK_PATH = '/purchase-orders/acknowledge';

const tags = ['suppliers'];

export const supplierPurchaseOrderRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/me/supplier-purchase-orders',
    summary: 'The purchase orders sent to the suppliers I belong to (supplier role), newest first',
    tags,
    caller: 'supplier',
    responses: { 200: supplierPurchaseOrderListSchema },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/me/supplier-purchase-orders/:purchaseOrderId',
    summary: 'A purchase order sent to a supplier I belong to, with its lines and acknowledgement',
    tags,
    caller: 'supplier',
    params: supplierPurchaseOrderParams,
    responses: { 200: supplierPurchaseOrderSchema },
  }),
  acknowledge: defineRoute({
    method: 'POST',
    path: '/me/supplier-purchase-orders/:purchaseOrderId/acknowledgement',
    summary: 'Acknowledge a sent purchase order: the quantities my supplier will deliver, and the day',
    tags,
    caller: 'supplier',
    params: supplierPurchaseOrderParams,
    body: acknowledgePurchaseOrderSchema,
    responses: { 200: supplierPurchaseOrderSchema },
  }),
  byLink: defineRoute({
    method: 'GET',
    path: '/purchase-order-links/:token',
    summary: 'The purchase order an e-mailed link is for, as its supplier sees it (no sign-in)',
    tags,
    caller: 'anyone',
    params: purchaseOrderLinkParams,
    responses: { 200: supplierPurchaseOrderSchema },
  }),
  acknowledgeByLink: defineRoute({
    method: 'POST',
    path: '/purchase-order-links/:token/acknowledgement',
    summary: 'Acknowledge the purchase order of an e-mailed link (no sign-in); the link then stops working',
    tags,
    caller: 'anyone',
    params: purchaseOrderLinkParams,
    body: acknowledgePurchaseOrderSchema,
    responses: { 200: supplierPurchaseOrderSchema },
  }),
};
