import { z } from 'zod';
import { id, name, noContent, timestamp } from '../fields';
import { defineRoute } from '../route';
import { slugSchema } from '../slug';
import { merchantParams } from './merchants';

/** A shop's suppliers, and the token their agent reads its recipients with. */

/** The most working hours a supplier may be given to acknowledge a purchase order: five weeks of them. */
export const MAX_ACKNOWLEDGE_WITHIN_HOURS = 200;
/** What a new supplier is given. */
export const DEFAULT_ACKNOWLEDGE_WITHIN_HOURS = 4;

/**
 * Working hours (Monday to Friday, 09:00 to 17:00 on the shop's clock) a supplier has to acknowledge a
 * purchase order before it is sent again, and as many more before the shop is told; null for none.
 */
export const acknowledgeWithinHoursSchema = z
  .int({ error: 'Give the hours to acknowledge within as a whole number, or null for no deadline.' })
  .min(1, 'Give the supplier at least 1 working hour to acknowledge.')
  .max(
    MAX_ACKNOWLEDGE_WITHIN_HOURS,
    `At most ${MAX_ACKNOWLEDGE_WITHIN_HOURS} working hours (five weeks); null for no deadline.`,
  )
  .nullable();

export const supplierSchema = z.object({
  id,
  slug: slugSchema,
  name: z.string(),
  emails: z.array(z.email()),
  /** AMQP routing key and MQTT topic the supplier's agent subscribes to. */
  routingKey: z.string(),
  topic: z.string(),
  /** When it was archived: no longer offered for products, kept wherever it was used. */
  archivedAt: timestamp.nullable(),
  /** Drafts the reorder rules write for it are sent as soon as they are written, not left for review. */
  sendAutomatically: z.boolean(),
  /** Working hours it has to acknowledge a purchase order; null for no deadline. */
  acknowledgeWithinHours: acknowledgeWithinHoursSchema,
  /** Each dispatched order's message to it needs acknowledgement, within `acknowledgeWithinHours`. */
  ordersNeedAcknowledgement: z.boolean(),
});
export type Supplier = z.infer<typeof supplierSchema>;
export const supplierListSchema = z.object({ suppliers: z.array(supplierSchema) });
export const createSupplierSchema = z.object({
  name,
  slug: slugSchema.optional(),
  emails: z.array(z.email().max(254)).min(1, 'Give at least one e-mail address.').max(50),
});
export type CreateSupplier = z.input<typeof createSupplierSchema>;
export const updateSupplierSchema = z
  .object({
    name,
    emails: createSupplierSchema.shape.emails,
    sendAutomatically: z.boolean({ error: 'Say whether the reorder rules send its drafts at once: true or false.' }),
    acknowledgeWithinHours: acknowledgeWithinHoursSchema,
    ordersNeedAcknowledgement: z.boolean({
      error: "Say whether its dispatched orders' messages need acknowledgement: true or false.",
    }),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change: send at least one field.');
export type UpdateSupplier = z.input<typeof updateSupplierSchema>;
export const supplierParams = merchantParams.extend({ supplierId: id });

/** A supplier device's credential to read its recipients; the token is shown once, only its hash is kept. */
export const agentTokenSchema = z.object({ token: z.string(), recipientsUrl: z.string() });
export type AgentToken = z.infer<typeof agentTokenSchema>;
export const agentRecipientsSchema = z.object({
  merchant: slugSchema,
  supplier: slugSchema,
  emails: z.array(z.string()),
});
export type AgentRecipients = z.infer<typeof agentRecipientsSchema>;

const tags = ['suppliers'];

export const supplierRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/merchants/:merchantSlug/suppliers',
    summary: "The shop's suppliers",
    tags,
    permission: 'suppliers',
    params: merchantParams,
    responses: { 200: supplierListSchema },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/suppliers',
    summary: 'Add a supplier',
    tags,
    permission: 'suppliers',
    params: merchantParams,
    body: createSupplierSchema,
    responses: { 201: supplierSchema },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/merchants/:merchantSlug/suppliers/:supplierId',
    summary: "Change a supplier's name, e-mail addresses, sending of reorder drafts, deadline to acknowledge, or whether its order messages need acknowledgement",
    tags,
    permission: 'suppliers',
    params: supplierParams,
    body: updateSupplierSchema,
    responses: { 200: supplierSchema },
  }),
  issueAgentToken: defineRoute({
    method: 'POST',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/agent-token',
    summary: "Issue the token the supplier's agent uses to read its recipients (replaces the previous one)",
    tags,
    permission: 'suppliers',
    params: supplierParams,
    responses: { 201: agentTokenSchema },
  }),
  agentRecipients: defineRoute({
    method: 'GET',
    path: '/agent/recipients',
    summary: "The e-mail addresses a supplier's agent sends to (Authorization: Bearer <agent token>)",
    tags,
    caller: 'supplier agent',
    responses: { 200: agentRecipientsSchema },
  }),
  archive: defineRoute({
    method: 'PUT',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/archived',
    summary: 'Archive a supplier: no longer offered for products, kept in its history',
    description: 'Products that already have it keep it, and their dispatches still reach it.',
    tags,
    permission: 'suppliers',
    params: supplierParams,
    responses: { 200: supplierSchema },
  }),
  restore: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/suppliers/:supplierId/archived',
    summary: 'Restore an archived supplier',
    tags,
    permission: 'suppliers',
    params: supplierParams,
    responses: { 200: supplierSchema },
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/merchants/:merchantSlug/suppliers/:supplierId',
    summary: 'Delete a supplier never sent an order (archive one that was)',
    tags,
    permission: 'suppliers',
    params: supplierParams,
    responses: { 204: noContent },
  }),
};
