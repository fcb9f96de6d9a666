import type { ColumnType, Generated } from 'kysely';

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
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface MerchantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  currency: Generated<string>;
  owner_id: string;
  created_at: GeneratedTimestamp;
}

export interface CategoriesTable {
  id: Generated<string>;
  merchant_id: string;
  slug: string;
  name: string;
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
  created_at: GeneratedTimestamp;
}

export interface SuppliersTable {
  id: Generated<string>;
  merchant_id: string;
  slug: string;
  name: string;
  emails: string[];
  agent_token_hash: string | null;
  created_at: GeneratedTimestamp;
}

export interface ProductSuppliersTable {
  product_id: string;
  supplier_id: string;
}

export interface OrdersTable {
  id: Generated<string>;
  merchant_id: string;
  customer_id: string;
  number: string;
  status: Generated<'open' | 'closed'>;
  total_minor: Minor;
  created_at: GeneratedTimestamp;
  dispatched_at: Timestamp | null;
}

export interface OrderItemsTable {
  order_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit_price_minor: Minor;
  quantity: number;
}

export interface OutboxEventsTable {
  id: string;
  type: string;
  merchant_id: string;
  order_id: string | null;
  supplier_id: string;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  merchants: MerchantsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  suppliers: SuppliersTable;
  product_suppliers: ProductSuppliersTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  outbox_events: OutboxEventsTable;
  delivery_steps: DeliveryStepsTable;
  agent_presence: AgentPresenceTable;
}
