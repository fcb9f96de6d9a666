import type { ColumnType, Generated } from 'kysely';
import type { ConsentChannel, PurchaseOrderStatus, StoreCreditKind, TenderMethod } from '@myb/contracts';

/** Row types of the tables in migrations/, as Kysely sees them. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint columns come back as strings from node-postgres and as numbers from PGlite; both are parsed to number. */
type Minor = ColumnType<number, number, number>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: Generated<boolean>;
  is_merchant: Generated<boolean>;
  created_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  id: Generated<string>;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
  user_agent: Generated<string>;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface MerchantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  currency: Generated<string>;
  owner_id: string;
  created_at: GeneratedTimestamp;
  time_zone: Generated<string>;
  address: Generated<string>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  version: Generated<number>;
  /** Prices as entered include tax (true) or have it added on top (false); migration 0024. */
  prices_include_tax: Generated<boolean>;
  tax_rounding: Generated<TaxRounding>;
  /** Largest share of a register sale's gross its discounts may come to without approval, ppm; null: no cap (migration 0029). */
  register_cashier_discount_cap_ppm: Generated<number | null>;
  register_manager_discount_cap_ppm: number | null;
  /** Share of a purchase order line's ordered quantity a delivery may bring beyond it unasked, % (migration 0038). */
  over_receipt_tolerance_percent: Generated<number>;
  /** Hours an entry may stay clocked in before it is closed at that length and flagged (migration 0040). */
  max_shift_hours: Generated<number>;
  /** Hours worked in a week above which the rest is overtime (migration 0040). */
  overtime_threshold_hours: Generated<number>;
}

/** Tax rounded on each line, or per rate over a sale's total. */
export type TaxRounding = 'line' | 'total';

/** A shop's tax rate (migration 0024), in parts per million; archived, never deleted. */
export interface TaxRatesTable {
  id: Generated<string>;
  merchant_id: string;
  name: string;
  rate_ppm: number;
  archived_at: Date | null;
  created_at: GeneratedTimestamp;
}

export type MerchantStaffRole = 'manager' | 'cashier';

export interface MerchantMembersTable {
  merchant_id: string;
  user_id: string;
  role: MerchantStaffRole;
  created_at: GeneratedTimestamp;
}

export interface SupplierMembersTable {
  supplier_id: string;
  user_id: string;
  created_at: GeneratedTimestamp;
}

export interface SupplierInvitationsTable {
  id: Generated<string>;
  supplier_id: string;
  email: string;
  token_hash: string;
  invited_by: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  status: ColumnType<SupplierInvitationState, SupplierInvitationState | undefined, SupplierInvitationState>;
  ended_at: Timestamp | null;
  ended_by: string | null;
}
/** Pending until accepted, withdrawn by the shop, or replaced by inviting the same address again. */
export type SupplierInvitationState = 'pending' | 'accepted' | 'withdrawn' | 'replaced';

export interface AuditLogTable {
  id: Generated<string>;
  actor_id: string | null;
  actor_email: string;
  action: string;
  target_user_id: string | null;
  target_email: string | null;
  merchant_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: GeneratedTimestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  token_hash: string;
  name: string;
  merchant_id: string;
  role: MerchantStaffRole;
  created_by: string;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
}

export interface UserIdentitiesTable {
  provider_id: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: GeneratedTimestamp;
}

export interface SignInFlowsTable {
  state_hash: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  next_path: string;
  expires_at: Timestamp;
}

export interface CategoriesTable {
  id: Generated<string>;
  merchant_id: string;
  slug: string;
  name: string;
  /** The rate of its products that have none of their own. */
  tax_rate_id: string | null;
}

export interface ProductsTable {
  id: Generated<string>;
  merchant_id: string;
  category_id: string | null;
  sku: string;
  name: string;
  description: Generated<string>;
  price_minor: Minor;
  stock: number;
  /** Added to by every change of the product's form fields (not by stock). */
  version: Generated<number>;
  archived_at: Date | null;
  archived_by: string | null;
  created_at: GeneratedTimestamp;
  /** What a scanner reads; unique in the shop. */
  barcode: string | null;
  /** Its own rate; null: its category's. */
  tax_rate_id: string | null;
  /** What one costs on average, moved by each goods receipt (migration 0033); null while unknown. */
  average_cost_minor: ColumnType<number | null, number | null | undefined, number | null>;
}

export type StockMovementType =
  'opening' | 'order' | 'cancellation' | 'adjustment' | 'count' | 'import' | 'sale' | 'return' | 'receipt';

/** Append-only (migration 0018): the stock ledger, written only through `modules/stock`. */
export interface StockMovementsTable {
  id: Generated<string>;
  merchant_id: string;
  product_id: string;
  quantity: number;
  type: StockMovementType;
  document_id: string | null;
  actor_id: string | null;
  reason: string | null;
  note: string | null;
  balance_after: number;
  idempotency_key: string;
  created_at: GeneratedTimestamp;
  /** Its place in the ledger (migration 0019): per product, the order its balance changed in. */
  position: Generated<number>;
}

/** Migration 0021: counts, their lines, and every figure entered. */
export type StockCountStatus = 'counting' | 'applied' | 'cancelled';
export interface StockCountsTable {
  id: Generated<string>;
  merchant_id: string;
  name: string;
  status: Generated<StockCountStatus>;
  started_by: string | null;
  started_at: GeneratedTimestamp;
  closed_by: string | null;
  closed_at: Date | null;
  idempotency_key: string;
}

export interface StockCountLinesTable {
  count_id: string;
  product_id: string;
  expected: number;
  counted: number | null;
  stock_when_counted: number | null;
  counted_by: string | null;
  counted_at: Date | null;
}

export interface StockCountEntriesTable {
  id: Generated<string>;
  count_id: string;
  product_id: string;
  mode: 'set' | 'add' | 'clear';
  quantity: number;
  actor_id: string | null;
  idempotency_key: string;
  created_at: GeneratedTimestamp;
}

/** Migration 0025: the shop's registers, their shifts, cash moves and sales. */
export interface RegistersTable {
  id: Generated<string>;
  merchant_id: string;
  name: string;
  receipt_prefix: string;
  next_receipt: Generated<number>;
  archived_at: Date | null;
  created_at: GeneratedTimestamp;
}

export interface RegisterShiftsTable {
  id: Generated<string>;
  merchant_id: string;
  register_id: string;
  opened_by: string;
  opened_at: GeneratedTimestamp;
  opening_float_minor: Minor;
  idempotency_key: string;
  closed_by: string | null;
  closed_at: Date | null;
  expected_cash_minor: Minor | null;
  counted_cash_minor: Minor | null;
  closing_note: string | null;
}

export interface RegisterCashMovesTable {
  id: Generated<string>;
  shift_id: string;
  amount_minor: Minor;
  reason: string;
  actor_id: string;
  idempotency_key: string;
  created_at: GeneratedTimestamp;
}

export interface RegisterSalesTable {
  id: string;
  merchant_id: string;
  register_id: string;
  shift_id: string;
  receipt_number: string;
  cashier_id: string;
  currency: string;
  prices_include_tax: boolean;
  gross_minor: Minor;
  discount_minor: Minor;
  tax_minor: Minor;
  total_minor: Minor;
  change_minor: Minor;
  request_digest: string;
  kind: Generated<'sale' | 'return'>;
  return_of: string | null;
  return_reason: string | null;
  created_at: GeneratedTimestamp;
  /** Who approved discounts above the seller's cap (migration 0029). */
  approved_by: string | null;
  /** The shop's customer, if named (migration 0030). */
  customer_id: string | null;
}

export interface RegisterSaleLinesTable {
  sale_id: string;
  position: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price_minor: Minor;
  discount_minor: Minor;
  cart_discount_minor: Minor;
  amount_minor: Minor;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
  tax_minor: Minor;
  net_minor: Minor;
  returned_position: number | null;
  restock: boolean | null;
}

/** A person's register PIN at one shop, as a salted hash (migration 0029). */
export interface RegisterPinsTable {
  merchant_id: string;
  user_id: string;
  pin_hash: string;
  set_at: GeneratedTimestamp;
}

/** A wrong PIN typed for an approver: the limit of tries counts these. */
export interface RegisterPinFailuresTable {
  merchant_id: string;
  user_id: string;
  failed_at: GeneratedTimestamp;
}

export interface RegisterVoidsTable {
  id: string;
  shift_id: string;
  cart_id: string;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price_minor: Minor;
  actor_id: string;
  created_at: GeneratedTimestamp;
}

/** Migration 0040: a stretch of one person's work at a shop, clocked in and out. */
export interface TimeEntriesTable {
  id: string;
  merchant_id: string;
  user_id: string;
  clock_in: ColumnType<Date, Date | string, Date | string>;
  clock_out: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  source: 'register' | 'account';
  recorded_by: string;
  auto_closed: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

/** Migration 0040: a break within a time entry, paid or unpaid. */
export interface TimeEntryBreaksTable {
  id: string;
  entry_id: string;
  paid: boolean;
  started_at: ColumnType<Date, Date | string, Date | string>;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Migration 0040: a correction of a time entry, append-only: its times before and after, who and why. */
export interface TimeEntryEditsTable {
  id: Generated<string>;
  entry_id: string;
  edited_by: string;
  reason: string;
  old_clock_in: Date;
  old_clock_out: Date | null;
  new_clock_in: Date;
  new_clock_out: Date;
  edited_at: GeneratedTimestamp;
}

/** Migration 0040: a shop's week whose hours were approved, and so locked. */
export interface TimesheetApprovalsTable {
  merchant_id: string;
  /** The week's Monday, in the shop's time zone. */
  week_start: ColumnType<string, string, string>;
  approved_by: string;
  approved_at: GeneratedTimestamp;
}

/** Migration 0030: a shop's customers, one per person per shop. */
export interface ShopCustomersTable {
  id: string;
  merchant_id: string;
  user_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  note: Generated<string>;
  store_credit_minor: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  request_digest: string | null;
  created_at: GeneratedTimestamp;
  /** Migration 0041: set together when the record was merged into another of the same person. */
  merged_into: string | null;
  merged_at: Timestamp | null;
  merged_by: string | null;
}

/** Migration 0041: a kept customer's figures, kept up to date by triggers on sales and orders. */
export interface CustomerFiguresTable {
  customer_id: string;
  merchant_id: string;
  visits: number;
  net_spend_minor: Minor;
  /** The shop's day, as `YYYY-MM-DD`. */
  first_purchase_on: string | null;
  last_purchase_on: string | null;
}

/** Migration 0041: marketing consent given or withdrawn, how and by whom; the latest is the customer's now. */
export interface CustomerConsentsTable {
  id: string;
  merchant_id: string;
  customer_id: string;
  given: boolean;
  channel: ConsentChannel;
  note: Generated<string>;
  recorded_by: string;
  request_digest: string;
  created_at: GeneratedTimestamp;
}

/** Migration 0030: a customer's store credit, given and spent, each entry with the balance after it. */
export interface StoreCreditEntriesTable {
  id: string;
  merchant_id: string;
  customer_id: string;
  kind: StoreCreditKind;
  amount_minor: Minor;
  balance_minor: Minor;
  sale_id: string | null;
  reason: string | null;
  created_by: string;
  request_digest: string | null;
  created_at: GeneratedTimestamp;
}

export interface RegisterTendersTable {
  sale_id: string;
  position: number;
  method: TenderMethod;
  amount_minor: Minor;
  reference: string | null;
}

/** Migration 0022: each run of the ledger's check. */
export type StockCheckTrigger = 'start' | 'nightly' | 'admin' | 'command';
/** A product whose stock is not the sum of its movements, as a check found it. */
export interface UnbalancedProduct {
  shop_slug: string;
  shop_name: string;
  product_id: string;
  sku: string;
  name: string;
  stock: number;
  movements: number;
}
export interface StockChecksTable {
  id: Generated<string>;
  trigger: StockCheckTrigger;
  checked_by: string | null;
  products: number;
  unbalanced: ColumnType<UnbalancedProduct[], string, string>;
  checked_at: GeneratedTimestamp;
}

/** Migration 0020: an applied catalogue import, by the id its client made (`modules/catalogue`). */
export interface CatalogueImportsTable {
  id: string;
  merchant_id: string;
  actor_id: string | null;
  created: number;
  updated: number;
  unchanged: number;
  applied_at: GeneratedTimestamp;
}

/** Migration 0033: purchase orders, their lines, changes of status and goods receipts. */
export interface PurchaseOrderCountersTable {
  merchant_id: string;
  next_sequence: Generated<number>;
}

export interface PurchaseOrdersTable {
  id: string;
  merchant_id: string;
  supplier_id: string;
  sequence: number;
  number: string;
  status: Generated<PurchaseOrderStatus>;
  currency: string;
  /** A date column: read as text (`expected_on::text`), since the two drivers parse dates differently. */
  expected_on: string | null;
  note: Generated<string>;
  /** Null for a draft the reorder rules wrote (migration 0034). */
  created_by: string | null;
  created_at: GeneratedTimestamp;
  request_digest: string;
  origin: Generated<'manual' | 'reorder'>;
  /** When its supplier should have acknowledged it, fixed when it was sent; null for no deadline (migration 0036). */
  acknowledgement_due_at: Timestamp | null;
  /** When the shop is told it is still not acknowledged: a second deadline from the first (migration 0036). */
  tell_shop_at: Timestamp | null;
}

export interface PurchaseOrderLinesTable {
  purchase_order_id: string;
  position: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  quantity_received: Generated<number>;
  unit_cost_minor: Minor;
  supplier_sku: string | null;
  /** What the supplier confirmed it will deliver; null until it did (migration 0035). */
  quantity_confirmed: Generated<number | null>;
}

export interface PurchaseOrderTransitionsTable {
  id: Generated<number>;
  purchase_order_id: string;
  from_status: PurchaseOrderStatus | null;
  to_status: PurchaseOrderStatus;
  /** Null for a change no person made (migration 0034). */
  actor_id: string | null;
  note: string | null;
  created_at: GeneratedTimestamp;
}

export interface PurchaseReceiptsTable {
  id: string;
  merchant_id: string;
  purchase_order_id: string;
  received_by: string;
  received_at: GeneratedTimestamp;
  note: Generated<string>;
  over_receipt: boolean;
  status_after: 'partially_received' | 'received';
  request_digest: string;
}

export interface PurchaseReceiptLinesTable {
  receipt_id: string;
  position: number;
  product_id: string;
  quantity: number;
  unit_cost_minor: Minor;
  average_cost_after_minor: Minor;
}

/** Migration 0035: a supplier's acknowledgements of purchase orders, and the e-mailed links that make them. */
export type AcknowledgementWay = 'portal' | 'message' | 'link';

export interface PurchaseOrderAcknowledgementsTable {
  id: Generated<number>;
  purchase_order_id: string;
  how: AcknowledgementWay;
  acknowledged_by: string | null;
  message_id: string | null;
  agent: string | null;
  /** A date column: read as text, as `expected_on` is. */
  delivery_on: string;
  note: Generated<string>;
  acknowledged_at: GeneratedTimestamp;
}

export interface PurchaseOrderAcknowledgementLinesTable {
  acknowledgement_id: number;
  product_id: string;
  quantity: number;
}

/** Migration 0036: each step of a purchase order's escalation, taken once. */
export interface PurchaseOrderEscalationsTable {
  purchase_order_id: string;
  step: EscalationStep;
  at: GeneratedTimestamp;
}
/** The steps of an escalation, of a purchase order or of an order's message. */
export type EscalationStep = 'resent' | 'merchant_told';

export interface PurchaseOrderLinksTable {
  token_hash: string;
  purchase_order_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SuppliersTable {
  id: Generated<string>;
  merchant_id: string;
  slug: string;
  name: string;
  emails: string[];
  agent_token_hash: string | null;
  archived_at: Date | null;
  archived_by: string | null;
  created_at: GeneratedTimestamp;
  /** Drafts the reorder rules write to it are sent at once (migration 0034). */
  send_automatically: Generated<boolean>;
  /** Working hours it has to acknowledge a purchase order; null for no deadline (migration 0036). */
  acknowledge_within_hours: Generated<number | null>;
  /** Each dispatched order's message to it needs acknowledgement (migration 0039). */
  orders_need_acknowledgement: Generated<boolean>;
}

/** Migration 0039: a dispatched order's message to a supplier that needs acknowledgement. */
export interface OrderMessageDeadlinesTable {
  event_id: string;
  order_id: string;
  supplier_id: string;
  acknowledgement_due_at: Timestamp | null;
  tell_shop_at: Timestamp | null;
  link_hash: string;
  link_expires_at: Timestamp;
}

export interface OrderMessageAcknowledgementsTable {
  event_id: string;
  how: AcknowledgementWay;
  acknowledged_by: string | null;
  message_id: string | null;
  agent: string | null;
  acknowledged_at: GeneratedTimestamp;
}

export interface OrderMessageEscalationsTable {
  event_id: string;
  step: EscalationStep;
  at: GeneratedTimestamp;
}

/** Migration 0032 added a product's terms with the supplier, and which of its suppliers is preferred. */
export interface ProductSuppliersTable {
  product_id: string;
  supplier_id: string;
  supplier_sku: string | null;
  cost_minor: Minor | null;
  pack_size: Generated<number>;
  min_order_quantity: Generated<number>;
  lead_time_days: number | null;
  preferred: Generated<boolean>;
}

/** Migration 0034: a product's reorder rule. */
export interface ReorderRulesTable {
  product_id: string;
  merchant_id: string;
  minimum: number;
  maximum: number;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

/** Migration 0034: products queued for their reorder rule to be evaluated. */
export interface ReorderChecksTable {
  product_id: string;
  merchant_id: string;
  queued_at: GeneratedTimestamp;
}

/**
 * Migration 0042: the shop's sales per local day and hour, channel and cashier (null online), read
 * through `sales_hourly_now` (the summary and the figures not yet folded into it).
 */
export interface SalesHourlyView {
  merchant_id: string;
  day: string;
  hour: number;
  channel: 'online' | 'register';
  staff_id: string | null;
  sales: number;
  sales_net_minor: Minor;
  sales_tax_minor: Minor;
  sales_total_minor: Minor;
  discount_minor: Minor;
  refunds: number;
  refunds_net_minor: Minor;
  refunds_total_minor: Minor;
  voided_lines: number;
  voided_minor: Minor;
}

/** Migration 0045: per product, local month (its first day) and channel, read through `product_sales_monthly_now`. */
export type ProductSalesMonthlyView = Omit<ProductSalesDailyView, 'day'> & { month: string };

/** Migration 0042: per product, local day and channel, read through `product_sales_daily_now`. */
export interface ProductSalesDailyView {
  merchant_id: string;
  day: string;
  product_id: string;
  channel: 'online' | 'register';
  sold_quantity: number;
  sold_net_minor: Minor;
  returned_quantity: number;
  returned_net_minor: Minor;
  cost_minor: Minor;
  costed_net_minor: Minor;
  uncosted_quantity: number;
}

/** Migration 0042: per payment method and local day, read through `payments_daily_now`. */
export interface PaymentsDailyView {
  merchant_id: string;
  day: string;
  method: 'cash' | 'card' | 'store_credit' | 'online';
  payments: number;
  paid_minor: Minor;
  refunds: number;
  refunded_minor: Minor;
}

export interface OrdersTable {
  id: Generated<string>;
  merchant_id: string;
  customer_id: string;
  number: string;
  status: Generated<'open' | 'closed' | 'cancelled'>;
  /** What the customer pays, tax included. */
  total_minor: Minor;
  /** Null for orders placed before orders carried tax (migration 0028): recorded without tax. */
  prices_include_tax: boolean | null;
  tax_minor: Minor;
  created_at: GeneratedTimestamp;
  dispatched_at: Timestamp | null;
  /** Set together when the order is cancelled (before dispatch): when, by whom, on which side, why. */
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancelled_as: 'customer' | 'shop' | null;
  cancel_reason: string | null;
}

export interface OrderItemsTable {
  order_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit_price_minor: Minor;
  quantity: number;
  /** quantity × unit price, in the shop's price convention (with or without tax). */
  amount_minor: Minor;
  /** The rate as sold, copied: null for no tax. */
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
  tax_minor: Minor;
  net_minor: Minor;
}

export interface OutboxEventsTable {
  id: string;
  type: string;
  merchant_id: string;
  /** Written by versions before events named their subject (migration 0017); null since. */
  order_id: string | null;
  supplier_id: string;
  /** What the event is about (`EventSubject`): all three set, or none. */
  subject_type: string | null;
  subject_id: string | null;
  subject_label: string | null;
  routing_key: string;
  topic: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<'pending' | 'published' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  available_at: GeneratedTimestamp;
  claimed_until: Timestamp | null;
  created_at: GeneratedTimestamp;
  published_at: Timestamp | null;
}

export interface DeliveryStepsTable {
  id: Generated<string>;
  event_id: string;
  stage: 'queued' | 'published' | 'delivered' | 'emailed' | 'failed';
  at: GeneratedTimestamp;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  reason: string | null;
  agent: string | null;
}

export interface AgentPresenceTable {
  supplier_id: string;
  agent: string;
  status: 'online' | 'offline';
  online_since: Timestamp;
  last_seen: GeneratedTimestamp;
  heartbeat_seconds: number;
}

/** The embedded MQTT broker's durable state (messaging/embedded-broker-store.ts). */
export interface MqttSubscriptionsTable {
  client_id: string;
  topic: string;
  qos: number;
  options: string;
}

export interface MqttOutgoingTable {
  seq: Generated<number>;
  client_id: string;
  broker_id: string;
  broker_counter: number;
  message_id: number | null;
  fields: string;
  payload: Uint8Array;
}

export interface MqttRetainedTable {
  topic: string;
  fields: string;
  payload: Uint8Array;
}

export interface MqttWillsTable {
  client_id: string;
  fields: string;
  payload: Uint8Array;
}

/** One row: the deployment this database belongs to (migration 0014). */
export interface DeploymentTable {
  one: Generated<boolean>;
  id: Generated<string>;
  created_at: GeneratedTimestamp;
}

/**
 * Migration 0043: what changed, by scope and topic, in commit order (`sequence_live_changes`); 0046: a
 * change with no scope is the whole deployment's (the mail folder).
 */
export interface LiveChangesTable {
  id: number;
  merchant_id: string | null;
  supplier_id: string | null;
  user_id: string | null;
  topic: string;
  sequenced_at: GeneratedTimestamp;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  merchants: MerchantsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  tax_rates: TaxRatesTable;
  stock_movements: StockMovementsTable;
  catalogue_imports: CatalogueImportsTable;
  stock_counts: StockCountsTable;
  stock_count_lines: StockCountLinesTable;
  stock_count_entries: StockCountEntriesTable;
  stock_checks: StockChecksTable;
  registers: RegistersTable;
  register_shifts: RegisterShiftsTable;
  register_cash_moves: RegisterCashMovesTable;
  register_sales: RegisterSalesTable;
  register_sale_lines: RegisterSaleLinesTable;
  register_tenders: RegisterTendersTable;
  register_voids: RegisterVoidsTable;
  register_pins: RegisterPinsTable;
  register_pin_failures: RegisterPinFailuresTable;
  shop_customers: ShopCustomersTable;
  time_entries: TimeEntriesTable;
  time_entry_breaks: TimeEntryBreaksTable;
  time_entry_edits: TimeEntryEditsTable;
  timesheet_approvals: TimesheetApprovalsTable;
  store_credit_entries: StoreCreditEntriesTable;
  customer_figures: CustomerFiguresTable;
  customer_consents: CustomerConsentsTable;
  purchase_order_counters: PurchaseOrderCountersTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  purchase_order_transitions: PurchaseOrderTransitionsTable;
  purchase_receipts: PurchaseReceiptsTable;
  purchase_receipt_lines: PurchaseReceiptLinesTable;
  purchase_order_acknowledgements: PurchaseOrderAcknowledgementsTable;
  purchase_order_acknowledgement_lines: PurchaseOrderAcknowledgementLinesTable;
  purchase_order_links: PurchaseOrderLinksTable;
  purchase_order_escalations: PurchaseOrderEscalationsTable;
  order_message_deadlines: OrderMessageDeadlinesTable;
  order_message_acknowledgements: OrderMessageAcknowledgementsTable;
  order_message_escalations: OrderMessageEscalationsTable;
  suppliers: SuppliersTable;
  product_suppliers: ProductSuppliersTable;
  reorder_rules: ReorderRulesTable;
  reorder_checks: ReorderChecksTable;
  sales_hourly_now: SalesHourlyView;
  product_sales_daily_now: ProductSalesDailyView;
  product_sales_monthly_now: ProductSalesMonthlyView;
  payments_daily_now: PaymentsDailyView;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  outbox_events: OutboxEventsTable;
  merchant_members: MerchantMembersTable;
  supplier_members: SupplierMembersTable;
  supplier_invitations: SupplierInvitationsTable;
  audit_log: AuditLogTable;
  api_tokens: ApiTokensTable;
  delivery_steps: DeliveryStepsTable;
  user_identities: UserIdentitiesTable;
  sign_in_flows: SignInFlowsTable;
  agent_presence: AgentPresenceTable;
  mqtt_subscriptions: MqttSubscriptionsTable;
  mqtt_outgoing: MqttOutgoingTable;
  mqtt_retained: MqttRetainedTable;
  mqtt_wills: MqttWillsTable;
  deployment: DeploymentTable;
  live_changes: LiveChangesTable;
}
