import { z } from 'zod';
import { notTakenSchema } from './delivery-warning';
import { named } from './messages';
import { currencySchema, priceMinorSchema } from './money';
import { PASSWORD_IS_EMAIL, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';
import { slugSchema } from './slug';

/** HTTP DTOs of the REST API under `API_PREFIX`. The server validates with these, the web app reuses them in its forms. */
export const API_PREFIX = '/api/v1';

const id = z.uuid();
/** One line of text: a line break or tab in a name is refused (control characters are refused for every field). */
const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\t\n\r]*$/, named((field) => `${field} must fit on one line.`));
const timestamp = z.iso.datetime({ offset: true });
/** Large enough for any shop, small enough that no sum of it overflows. */
export const MAX_QUANTITY = 10_000;
export const MAX_STOCK = 1_000_000_000;

export const errorSchema = z.object({
  statusCode: z.int(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof errorSchema>;

// ---- auth ---------------------------------------------------------------------------------

/**
 * Account-wide roles: everybody is a customer; a merchant may open shops (and owns those); staff
 * work at a shop as manager or cashier (which shops and how: `merchantRoleSchema`); a supplier's
 * people read what was sent to their supplier; an admin runs the platform.
 */
export const roleSchema = z.enum(['admin', 'merchant', 'customer', 'staff', 'supplier']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id,
  email: z.email(),
  name: z.string(),
  roles: z.array(roleSchema),
  createdAt: timestamp,
});
export type User = z.infer<typeof userSchema>;

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem.message });
    }
  });
export const signUpSchema = z
  .object({
    email: z.email().max(254),
    name,
    password: newPassword,
  })
  .superRefine((body, context) => {
    if (passwordProblem(body.password, body.email)?.message === PASSWORD_IS_EMAIL) {
      context.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL });
    }
  });
export type SignUp = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export type SignIn = z.infer<typeof signInSchema>;

/** Asks for a reset link by e-mail; answered 202 whether or not the address has an account. */
export const passwordResetRequestSchema = z.object({ email: z.email().max(254) });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;
/** Sets a new password with the token from the e-mailed link; every session of the account ends. */
export const passwordResetSchema = z.object({ token: z.string().min(1).max(200), password: newPassword });
export type PasswordReset = z.infer<typeof passwordResetSchema>;

export const sessionSchema = z.object({ user: userSchema });
export type Session = z.infer<typeof sessionSchema>;

/** One of the signed-in user's sessions (a browser or device), as the account page lists them. */
export const sessionInfoSchema = z.object({
  id,
  createdAt: timestamp,
  lastSeenAt: timestamp,
  userAgent: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
export const sessionInfoListSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export const sessionIdParams = z.object({ sessionId: id });

/** Sign-in methods the server offers; the sign-in page shows one entry per method. */
export const authProvidersSchema = z.object({
  providers: z.array(z.object({ id: z.string(), kind: z.enum(['password', 'oidc', 'oauth2']), label: z.string() })),
});
export type AuthProviders = z.infer<typeof authProvidersSchema>;

// ---- admin --------------------------------------------------------------------------------

export const userListSchema = z.object({ users: z.array(userSchema) });
export const userIdParams = z.object({ userId: id });

/** What a person may do in one shop: the owner everything; a manager the catalogue, suppliers and orders; a cashier orders. */
export const merchantRoleSchema = z.enum(['owner', 'manager', 'cashier']);
export type MerchantRole = z.infer<typeof merchantRoleSchema>;
/**
 * What one may do in a shop's back office; the server checks it, the web app hides what it would refuse
 * (`can` in permissions.ts reads this table for both). `readCatalogue` reads the back office's product
 * list (stock, suppliers per product); `catalogue` changes it.
 */
export type MerchantPermission = 'orders' | 'readCatalogue' | 'catalogue' | 'suppliers' | 'staff' | 'settings';
export const MERCHANT_PERMISSIONS: Record<MerchantPermission, readonly MerchantRole[]> = {
  orders: ['owner', 'manager', 'cashier'],
  readCatalogue: ['owner', 'manager', 'cashier'],
  catalogue: ['owner', 'manager'],
  suppliers: ['owner', 'manager'],
  staff: ['owner'],
  /** The shop's name, description, currency, time zone and address, and closing it. */
  settings: ['owner'],
};
export const staffRoleSchema = z.enum(['manager', 'cashier']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const adminUserSchema = userSchema.extend({
  disabled: z.boolean(),
  memberships: z.array(z.object({ merchant: z.object({ slug: slugSchema, name: z.string() }), role: staffRoleSchema })),
  suppliers: z.array(z.object({ id, slug: slugSchema, name: z.string(), merchantSlug: slugSchema })),
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export const userSupplierParams = userIdParams.extend({ supplierId: id });

export const auditEntrySchema = z.object({
  id,
  at: timestamp,
  actor: z.object({ id: id.nullable(), email: z.string() }),
  /** For example `role.granted`, `user.disabled`, `staff.added`. */
  action: z.string(),
  target: z.object({ id: id.nullable(), email: z.string().nullable() }),
  merchantSlug: slugSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditLogSchema = z.object({ entries: z.array(auditEntrySchema) });
export const auditLogQuerySchema = z.object({
  /** Entries older than this one's time, for the next page. */
  before: timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- merchants ------------------------------------------------------------------------------

export const merchantSchema = z.object({
  id,
  slug: slugSchema,
  name: z.string(),
  description: z.string(),
  currency: currencySchema,
  /** IANA name; the shop's days ("today's orders", reports) are days in this zone. */
  timeZone: z.string(),
  /** Multi-line postal address, as the owner typed it; may be empty. */
  address: z.string(),
  /** When the shop closed: it takes no orders and is not listed, but its history stays. */
  closedAt: timestamp.nullable(),
});
export type Merchant = z.infer<typeof merchantSchema>;
export const merchantListSchema = z.object({ merchants: z.array(merchantSchema) });

export const createMerchantSchema = z.object({
  name,
  slug: slugSchema.optional(),
  description: z.string().max(2000).default(''),
  currency: currencySchema.default('EUR'),
});
export type CreateMerchant = z.input<typeof createMerchantSchema>;

export const merchantParams = z.object({ merchantSlug: slugSchema });

/**
 * How one acts in a shop: as its owner, as staff, or as an administrator, who may do everything in
 * every shop (an owner's rights, in each one) without working there.
 */
export const shopRoleSchema = z.enum([...merchantRoleSchema.options, 'admin']);
export type ShopRole = z.infer<typeof shopRoleSchema>;
/** A shop the signed-in person works at (every shop, for an admin), and as what. */
export const myMerchantSchema = merchantSchema.extend({ role: shopRoleSchema });
export type MyMerchant = z.infer<typeof myMerchantSchema>;
export const myMerchantListSchema = z.object({ merchants: z.array(myMerchantSchema) });

export const staffMemberSchema = z.object({
  user: z.object({ id, name: z.string(), email: z.string() }),
  role: merchantRoleSchema,
  since: timestamp,
});
export type StaffMember = z.infer<typeof staffMemberSchema>;
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) });
/** Adds someone who already has an account, by e-mail, or changes their role. */
export const addStaffSchema = z.object({ email: z.email().max(254), role: staffRoleSchema });
export type AddStaff = z.infer<typeof addStaffSchema>;
export const staffParams = merchantParams.extend({ userId: id });

/** A token for a script or device, acting in one shop with a staff role's permissions. */
export const apiTokenSchema = z.object({
  id,
  name: z.string(),
  role: staffRoleSchema,
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  createdBy: z.object({ id, email: z.string() }),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const createApiTokenSchema = z.object({ name: name.max(100), role: staffRoleSchema });
export type CreateApiToken = z.infer<typeof createApiTokenSchema>;
/** The only time the token itself is shown: keep it, it cannot be read again. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export const apiTokenParams = merchantParams.extend({ tokenId: id });

// ---- catalogue ------------------------------------------------------------------------------

export const categorySchema = z.object({ id, slug: slugSchema, name: z.string() });
export type Category = z.infer<typeof categorySchema>;
export const categoryListSchema = z.object({ categories: z.array(categorySchema) });
export const createCategorySchema = z.object({ name, slug: slugSchema.optional() });
export type CreateCategory = z.input<typeof createCategorySchema>;
export const categoryParams = merchantParams.extend({ categoryId: id });

export const productSchema = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceMinor: z.int(),
  currency: currencySchema,
  stock: z.int(),
  categoryId: id.nullable(),
});
export type Product = z.infer<typeof productSchema>;
export const productListSchema = z.object({ products: z.array(productSchema) });
export const productQuerySchema = z.object({
  category: slugSchema.optional(),
  q: z.string().max(200).optional(),
});

/**
 * What the merchant sees of a product: the public view plus who supplies it, the version its form
 * sends back (`updateProductSchema`), and when it was archived (null while on sale).
 */
export const managedProductSchema = productSchema.extend({
  supplierIds: z.array(id),
  version: z.int(),
  archivedAt: timestamp.nullable(),
});
export type ManagedProduct = z.infer<typeof managedProductSchema>;
export const managedProductListSchema = z.object({ products: z.array(managedProductSchema) });

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    named((field) => `${field} may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit.`),
  );
const productFields = z.object({
  sku,
  name,
  description: z.string().max(5000),
  priceMinor: priceMinorSchema,
  stock: z.int().min(0).max(MAX_STOCK),
  categoryId: id.nullable(),
  supplierIds: z.array(id).max(50),
});
export const createProductSchema = productFields.extend({
  description: productFields.shape.description.default(''),
  categoryId: productFields.shape.categoryId.default(null),
  supplierIds: productFields.shape.supplierIds.default([]),
});
export type CreateProduct = z.input<typeof createProductSchema>;
// From the fields without their defaults: a change names what it changes, and zod would fill a
// missing field's default in even under .partial(), wiping what the product had. Stock is not
// among them: it changes by a stated amount and reason (`stockAdjustmentSchema`), never by
// writing back a figure the form read earlier. `version` is the one the form was opened with.
export const updateProductSchema = productFields
  .omit({ stock: true })
  .partial()
  .extend({
    version: z.int({ error: 'Send the version of the product the form was opened with.' }).min(1),
    stock: z
      .never({
        error:
          'Stock is not set here: change it by an amount with a reason at POST /api/v1/merchants/:merchantSlug/products/:productId/stock-adjustments.',
      })
      .optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'Nothing to change: name at least one field.');
export type UpdateProduct = z.input<typeof updateProductSchema>;
export const productParams = merchantParams.extend({ productId: id });

// ---- suppliers ------------------------------------------------------------------------------

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
  .object({ name, emails: createSupplierSchema.shape.emails })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change: send at least one field.');
export type UpdateSupplier = z.input<typeof updateSupplierSchema>;
export const supplierParams = merchantParams.extend({ supplierId: id });

/** A supplier device's credential to read its recipients; the token is shown once, only its hash is kept. */
export const agentTokenSchema = z.object({ token: z.string(), recipientsUrl: z.string() });
export type AgentToken = z.infer<typeof agentTokenSchema>;
export const agentRecipientsSchema = z.object({ merchant: slugSchema, supplier: slugSchema, emails: z.array(z.string()) });
export type AgentRecipients = z.infer<typeof agentRecipientsSchema>;

// ---- orders ---------------------------------------------------------------------------------

/** open: placed, waiting for the shop; closed: dispatched, suppliers told; cancelled: before dispatch, stock given back. */
export const orderStatusSchema = z.enum(['open', 'closed', 'cancelled']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const placeOrderSchema = z.object({
  merchantSlug: slugSchema,
  items: z
    .array(z.object({ productId: id, quantity: z.int().min(1).max(MAX_QUANTITY) }))
    .min(1, 'The cart is empty: add a product first.')
    .max(100),
});
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

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

export const orderSchema = z.object({
  id,
  number: z.string(),
  status: orderStatusSchema,
  merchant: z.object({ slug: slugSchema, name: z.string() }),
  customer: z.object({ id, name: z.string(), email: z.string() }),
  currency: currencySchema,
  totalMinor: z.int(),
  createdAt: timestamp,
  dispatchedAt: timestamp.nullable(),
  /** Set when the order was cancelled: by its customer or by the shop, when, and why. */
  cancellation: z
    .object({
      at: timestamp,
      by: z.enum(['customer', 'shop']),
      /** Who cancelled: the shop's staff member for the shop, the shop's name for its customer. */
      name: z.string(),
      reason: z.string().nullable(),
    })
    .nullable(),
  items: z.array(
    z.object({ productId: id, sku: z.string(), name: z.string(), unitPriceMinor: z.int(), quantity: z.int() }),
  ),
  deliveries: z.array(deliverySchema),
  /** The shop's view of one order only: the suppliers a dispatch tells, each once, by name. */
  suppliers: z.array(z.object({ id, slug: slugSchema, name: z.string() })).optional(),
});
export type Order = z.infer<typeof orderSchema>;
export const orderListSchema = z.object({ orders: z.array(orderSchema) });
/** Orders come newest first, a page at a time: the next page starts `before` the last order of this one. */
export const orderPageQuerySchema = z.object({
  /** An order of the same list (its id): the page holds the orders placed before it. */
  before: id.optional(),
  /** 200 unless told: what the lists gave before they had pages. */
  limit: z.coerce.number().int().min(1).max(200).default(200),
});
export type OrderPage = z.infer<typeof orderPageQuerySchema>;
export const orderQuerySchema = orderPageQuerySchema.extend({ status: orderStatusSchema.optional() });
export const orderParams = z.object({ orderId: id });
export const merchantOrderParams = merchantParams.extend({ orderId: id });

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
});
export type SupplierMessage = z.infer<typeof supplierMessageSchema>;
export const supplierMessageListSchema = z.object({ messages: z.array(supplierMessageSchema) });

// ---- mail folder (embedded mode) ------------------------------------------------------------

export const mailMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  date: timestamp,
  text: z.string(),
  html: z.string().nullable(),
});
export type MailMessage = z.infer<typeof mailMessageSchema>;
export const mailListSchema = z.object({ enabled: z.boolean(), messages: z.array(mailMessageSchema) });

// ---- message log (the supplier messages of a shop) ------------------------------------------

export const messageLogQuerySchema = z.object({
  supplier: slugSchema.optional(),
  /** An order number such as A-1042, or its number alone (1042). */
  order: z.string().min(1).max(40).optional(),
  stage: deliveryStageSchema.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
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
});
export type MessageLogEntry = z.infer<typeof messageLogEntrySchema>;
export const messageLogSchema = z.object({ messages: z.array(messageLogEntrySchema) });
export const merchantMessageParams = merchantParams.extend({ eventId: id });

// ---- supplier devices (agents' presence) ----------------------------------------------------

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
