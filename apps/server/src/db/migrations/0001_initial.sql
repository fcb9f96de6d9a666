-- The first slice: users and sessions, merchants, catalogue, suppliers, orders, outbox.
-- Runs unchanged on PostgreSQL and PGlite. Money is integer minor units.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  is_admin boolean NOT NULL DEFAULT false,
  is_merchant boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE merchants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  currency char(3) NOT NULL DEFAULT 'EUR',
  owner_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX merchants_owner_id_idx ON merchants (owner_id);

CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  UNIQUE (merchant_id, slug)
);

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  category_id uuid REFERENCES categories (id) ON DELETE SET NULL,
  sku text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  stock integer NOT NULL CHECK (stock >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (merchant_id, sku)
);
CREATE INDEX products_category_id_idx ON products (category_id);

CREATE TABLE suppliers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  emails text[] NOT NULL,
  -- SHA-256 of the token the supplier's agent presents to read its recipients; shown once.
  agent_token_hash text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (merchant_id, slug)
);

CREATE TABLE product_suppliers (
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  supplier_id uuid NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, supplier_id)
);
CREATE INDEX product_suppliers_supplier_id_idx ON product_suppliers (supplier_id);

CREATE SEQUENCE order_number_seq START 1001;

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  customer_id uuid NOT NULL REFERENCES users (id),
  number text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  total_minor bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX orders_merchant_id_created_at_idx ON orders (merchant_id, created_at DESC);
CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at DESC);

CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  sku text NOT NULL,
  name text NOT NULL,
  unit_price_minor bigint NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);

-- Transactional outbox: one row per (event, supplier), written in the transaction of the change.
-- A relay claims due rows with a lease (claimed_until) so a relay that dies mid-publish only
-- delays a row, and several relays never work on the same row at the same time.
CREATE TABLE outbox_events (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  order_id uuid REFERENCES orders (id),
  supplier_id uuid NOT NULL REFERENCES suppliers (id),
  routing_key text NOT NULL,
  topic text NOT NULL,
  -- json, not jsonb: the body is published byte for byte as it was committed, key order included.
  payload json NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  available_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_events_due_idx ON outbox_events (available_at) WHERE status = 'pending';
CREATE INDEX outbox_events_order_id_idx ON outbox_events (order_id);
