import { z } from 'zod';
import { notTakenSchema } from '../delivery-warning';
import { ACKNOWLEDGEMENT_WAYS, id, timestamp } from '../fields';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { merchantParams } from './merchants';

/**
 * Messages to suppliers: how far each got (the order page, the shop's Messages, the supplier's
 * inbox show the same stage), sending one again, and the supplier devices that take them.
 */

/** Per supplier concerned by a dispatched order: where its message stands. */
export const deliveryStatusSchema = z.enum(['pending', 'published', 'failed']);
/** queued and published are the server's steps; delivered, emailed and failed come in agents' receipts. */
export const deliveryStageSchema = z.enum(['queued', 'published', 'delivered', 'emailed', 'failed']);
export type DeliveryStage = z.infer<typeof deliveryStageSchema>;
export const deliveryStepSchema = z.object({
  stage: deliveryStageSchema,
  at: timestamp,
  recipients: z.array(z.string()),
  reason: z.string().nullable(),
  /** The agent that reported it (its client id or queue), null for the server's own steps. */
  agent: z.string().nullable(),
});
export type DeliveryStep = z.infer<typeof deliveryStepSchema>;
export const deliverySchema = z.object({
  eventId: id,
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  routingKey: z.string(),
  status: deliveryStatusSchema,
  attempts: z.int(),
  lastError: z.string().nullable(),
  publishedAt: timestamp.nullable(),
  /** How far the message got: the outbox's part, then what the supplier's agent reported back. */
  stage: deliveryStageSchema,
  /** Everyone the agent reported e-mailed, across receipts. */
  emailedTo: z.array(z.string()),
  /** Set while the message is published and no device has taken it for longer than the threshold. */
  notTaken: notTakenSchema.nullable(),
  /** Every step, oldest first; a step seen twice (a redelivery) is listed twice. */
  trail: z.array(deliveryStepSchema),
});
export type Delivery = z.infer<typeof deliverySchema>;

/**
 * A dispatched order's message its supplier is asked to acknowledge (the supplier's
 * `ordersNeedAcknowledgement`): by when, what the escalation did, and who acknowledged it, how and when.
 * A copy sent again shows the same: acknowledging any copy acknowledges the message.
 */
export const messageAcknowledgementSchema = z.object({
  /** By the supplier's deadline in working hours when the order was dispatched; null for no deadline. */
  dueAt: timestamp.nullable(),
  /** Past its deadline and still not acknowledged. */
  overdue: z.boolean(),
  /** When it was sent again for being late, and when the shop's owner and managers were told. */
  resentAt: timestamp.nullable(),
  merchantToldAt: timestamp.nullable(),
  acknowledged: z
    .object({
      how: z.enum(ACKNOWLEDGEMENT_WAYS),
      /** The supplier's person, in the portal; null by message or link. */
      by: z.object({ id, name: z.string() }).nullable(),
      /** The device that sent the `order.acknowledged` message, as it named itself. */
      agent: z.string().nullable(),
      at: timestamp,
    })
    .nullable(),
});
export type MessageAcknowledgement = z.infer<typeof messageAcknowledgementSchema>;

/** What was sent to a supplier the signed-in person belongs to. */
export const supplierMessageSchema = z.object({
  id,
  type: z.string(),
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  /** The order it is about (A-1042), when it is about one. */
  order: z.object({ id, number: z.string() }).nullable(),
  routingKey: z.string(),
  /** The outbox's part only (pending, published); `stage` is how far the message got. */
  status: deliveryStatusSchema,
  /** The same stage the shop's order page and Messages show for this message. */
  stage: deliveryStageSchema,
  notTaken: notTakenSchema.nullable(),
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
  payload: z.record(z.string(), z.unknown()),
  /** Null unless the shop asked for this message to be acknowledged. */
  acknowledgement: messageAcknowledgementSchema.nullable(),
});
export type SupplierMessage = z.infer<typeof supplierMessageSchema>;
export const supplierMessageListSchema = z.object({ messages: z.array(supplierMessageSchema) });

export const messageLogQuerySchema = z.object({
  supplier: slugSchema.optional(),
  /** An order number such as A-1042, or its number alone (1042). */
  order: z.string().min(1).max(40).optional(),
  stage: deliveryStageSchema.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  /** `true`: only the messages needing acknowledgement and still not acknowledged past their deadline. */
  overdue: z
    .stringbool({ error: 'Say overdue=true for the messages not acknowledged in time only, or leave it out.' })
    .optional(),
});
export type MessageLogQuery = z.infer<typeof messageLogQuerySchema>;

export const messageLogEntrySchema = z.object({
  eventId: id,
  type: z.string(),
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  order: z.object({ id, number: z.string() }).nullable(),
  routingKey: z.string(),
  status: deliveryStatusSchema,
  stage: deliveryStageSchema,
  attempts: z.int(),
  lastError: z.string().nullable(),
  /** Why the agent gave up, when the stage is failed: the dead letter's reason. */
  failure: z.string().nullable(),
  emailedTo: z.array(z.string()),
  notTaken: notTakenSchema.nullable(),
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
  trail: z.array(deliveryStepSchema),
  /** Null unless the shop asked for this message to be acknowledged. */
  acknowledgement: messageAcknowledgementSchema.nullable(),
});
export type MessageLogEntry = z.infer<typeof messageLogEntrySchema>;
export const messageLogSchema = z.object({ messages: z.array(messageLogEntrySchema) });
export const merchantMessageParams = merchantParams.extend({ eventId: id });

export const supplierMessageParams = z.object({ messageId: id });
/** The link's token as the e-mail carries it; any other text is a link that does not exist (404). */
export const orderMessageLinkParams = z.object({
  token: z.string().min(1, 'The link has no token.').max(200, 'This is not an order link.'),
});
/** Where the e-mailed link opens in the web app: `<public URL>/order-messages/acknowledge/<token>`. */
export const ORDER_ACKNOWLEDGE_LINK_PATH = '/order-messages/acknowledge';

export const agentDeviceSchema = z.object({
  supplier: z.object({ id, slug: slugSchema, name: z.string() }),
  agent: z.string(),
  online: z.boolean(),
  /** Online: since it connected. Offline: since it was last heard of. */
  since: timestamp,
  lastSeen: timestamp,
});
export type AgentDevice = z.infer<typeof agentDeviceSchema>;
export const agentDeviceListSchema = z.object({ devices: z.array(agentDeviceSchema) });

export const messageRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/messages',
    summary: "The shop's messages to suppliers, newest first: search by supplier, order, stage and time",
    tags: ['messages'],
    permission: 'suppliers',
    params: merchantParams,
    query: messageLogQuerySchema,
    responses: { 200: messageLogSchema },
  }),
  resend: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/messages/:eventId/resend',
    summary: 'Send a message again, as a new event the supplier is e-mailed about again',
    tags: ['messages'],
    permission: 'suppliers',
    params: merchantMessageParams,
    responses: { 201: messageLogEntrySchema },
  }),
  retry: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/messages/:eventId/retry',
    summary: 'Retry a failed (dead-lettered) or waiting message under its own id',
    tags: ['messages'],
    permission: 'suppliers',
    params: merchantMessageParams,
    responses: { 200: messageLogEntrySchema },
  }),
  devices: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/devices',
    summary: "The shop's supplier devices (agents): which are online, and since when",
    tags: ['messages'],
    permission: 'suppliers',
    params: merchantParams,
    responses: { 200: agentDeviceListSchema },
  }),
  supplierInbox: defineRoute({
    method: 'GET',
    path: '/me/supplier-messages',
    summary: 'What was sent to the suppliers I belong to (supplier role)',
    tags: ['suppliers'],
    caller: 'supplier',
    responses: { 200: supplierMessageListSchema },
  }),
  supplierAcknowledge: defineRoute({
    method: 'POST',
    path: '/me/supplier-messages/:messageId/acknowledgement',
    summary: "Acknowledge a dispatched order's message the shop asked my supplier to acknowledge (supplier role)",
    tags: ['suppliers'],
    caller: 'supplier',
    params: supplierMessageParams,
    responses: { 200: supplierMessageSchema },
  }),
  byLink: defineRoute({
    method: 'GET',
    path: '/order-message-links/:token',
    summary: "The dispatched order's message an e-mailed link is for, as its supplier sees it (no sign-in)",
    tags: ['suppliers'],
    caller: 'anyone',
    params: orderMessageLinkParams,
    responses: { 200: supplierMessageSchema },
  }),
  acknowledgeByLink: defineRoute({
    method: 'POST',
    path: '/order-message-links/:token/acknowledgement',
    summary: "Acknowledge the dispatched order's message of an e-mailed link (no sign-in); the link then stops working",
    tags: ['suppliers'],
    caller: 'anyone',
    params: orderMessageLinkParams,
    responses: { 200: supplierMessageSchema },
  }),
};
