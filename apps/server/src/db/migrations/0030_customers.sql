-- A shop's customers: one record per person per shop. An online shopper gets one, tied to their
-- account, with their first order there; the register picks one or makes one on the spot (its id made
-- there). Contact details are the shop's copy: the shop may correct them.
CREATE TABLE shop_customers (
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  user_id uuid REFERENCES users (id),
  name text NOT NULL,
  email text,
  phone text,
  note text NOT NULL DEFAULT '',
  -- The sum of the customer's store credit entries, kept with each of them; never below zero.
  store_credit_minor bigint NOT NULL DEFAULT 0 CHECK (store_credit_minor >= 0),
  -- Null for a record made by an online order.
  created_by uuid REFERENCES users (id),
  -- A digest of the record as sent: the same id sent with another customer is refused.
  request_digest text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX shop_customers_account_idx ON shop_customers (merchant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX shop_customers_merchant_idx ON shop_customers (merchant_id, created_at);

INSERT INTO shop_customers (id, merchant_id, user_id, name, email, created_at)
SELECT gen_random_uuid(), first_orders.merchant_id, users.id, users.name, users.email, first_orders.at
FROM (SELECT merchant_id, customer_id, min(created_at) AS at FROM orders GROUP BY merchant_id, customer_id) AS first_orders
  JOIN users ON users.id = first_orders.customer_id;

-- What store credit a customer was given and spent, each entry with the balance after it: by a refund
-- or a sale at the register (one entry per sale, its id the sale's), or by hand with a reason.
CREATE TABLE store_credit_entries (
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  customer_id uuid NOT NULL REFERENCES shop_customers (id),
  kind text NOT NULL CHECK (kind IN ('refund', 'sale', 'manual')),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  balance_minor bigint NOT NULL CHECK (balance_minor >= 0),
  sale_id uuid UNIQUE REFERENCES register_sales (id),
  reason text,
  created_by uuid NOT NULL REFERENCES users (id),
  request_digest text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'manual') = (sale_id IS NULL))
);
CREATE INDEX store_credit_entries_customer_idx ON store_credit_entries (customer_id, created_at);

CREATE FUNCTION store_credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'store credit entries are never changed or removed: enter the correction as an entry of its own';
END
$$;
CREATE TRIGGER store_credit_entries_append_only BEFORE UPDATE OR DELETE ON store_credit_entries
  FOR EACH ROW EXECUTE FUNCTION store_credit_entries_append_only();

-- The customer a register sale or return was made for, if named.
ALTER TABLE register_sales ADD COLUMN customer_id uuid REFERENCES shop_customers (id);
CREATE INDEX register_sales_customer_idx ON register_sales (customer_id, created_at) WHERE customer_id IS NOT NULL;

ALTER TABLE register_tenders DROP CONSTRAINT register_tenders_method_check;
ALTER TABLE register_tenders ADD CONSTRAINT register_tenders_method_check
  CHECK (method IN ('cash', 'card', 'store_credit'));
