-- Purchase orders: what a shop asks a supplier for, at what cost, and the goods received against it.
-- A draft's lines are edited freely; from its sending on, a purchase order changes only by new rows:
-- a transition for each change of status, a receipt for each delivery taken in.

-- What one of the product costs the shop on average, in minor units, moved by each goods receipt
-- (moving average); null while unknown.
ALTER TABLE products ADD COLUMN average_cost_minor bigint CHECK (average_cost_minor >= 0);

-- Each shop's series of purchase order numbers: the row is locked by the draft that takes the next
-- number, in its own transaction, so the numbers have no gaps (PO-0001, PO-0002 …).
CREATE TABLE purchase_order_counters (
  merchant_id uuid PRIMARY KEY REFERENCES merchants (id),
  next_sequence integer NOT NULL DEFAULT 1
);

CREATE TABLE purchase_orders (
  -- Made by the client: the draft's idempotency key.
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  supplier_id uuid NOT NULL REFERENCES suppliers (id),
  sequence integer NOT NULL,
  number text NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'acknowledged', 'partially_received', 'received', 'closed', 'cancelled')),
  -- The shop's currency when it was written: its costs are in it.
  currency text NOT NULL,
  expected_on date,
  note text NOT NULL DEFAULT '',
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A digest of the draft as first sent: the same id sent with another purchase order is refused.
  request_digest text NOT NULL,
  UNIQUE (merchant_id, sequence),
  UNIQUE (merchant_id, number)
);
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id, sequence);
CREATE INDEX purchase_orders_status_idx ON purchase_orders (merchant_id, status, sequence);

CREATE TABLE purchase_order_lines (
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  position integer NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  -- Our SKU and name as they were when the line was written.
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  quantity_received integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0),
  unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
  supplier_sku text,
  PRIMARY KEY (purchase_order_id, position),
  UNIQUE (purchase_order_id, product_id)
);
CREATE INDEX purchase_order_lines_product_idx ON purchase_order_lines (product_id);

-- Every change of a purchase order's status, from its creation (from_status null), with who and why.
CREATE TABLE purchase_order_transitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  from_status text
    CHECK (from_status IN ('draft', 'sent', 'acknowledged', 'partially_received', 'received', 'closed', 'cancelled')),
  to_status text NOT NULL
    CHECK (to_status IN ('draft', 'sent', 'acknowledged', 'partially_received', 'received', 'closed', 'cancelled')),
  actor_id uuid NOT NULL REFERENCES users (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchase_order_transitions_order_idx ON purchase_order_transitions (purchase_order_id, id);

-- Goods received against a purchase order, each line with the cost it came at (the order's) and the
-- product's average cost right after it.
CREATE TABLE purchase_receipts (
  -- Made by the client: the receipt's idempotency key.
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  received_by uuid NOT NULL REFERENCES users (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT '',
  -- More than was still to come was taken in, as the owner allowed.
  over_receipt boolean NOT NULL,
  status_after text NOT NULL CHECK (status_after IN ('partially_received', 'received')),
  request_digest text NOT NULL
);
CREATE INDEX purchase_receipts_order_idx ON purchase_receipts (purchase_order_id, received_at);

CREATE TABLE purchase_receipt_lines (
  receipt_id uuid NOT NULL REFERENCES purchase_receipts (id),
  position integer NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
  average_cost_after_minor bigint NOT NULL CHECK (average_cost_after_minor >= 0),
  PRIMARY KEY (receipt_id, position)
);

CREATE FUNCTION purchasing_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed or removed: record what happened as a new row', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER purchase_order_transitions_append_only BEFORE UPDATE OR DELETE ON purchase_order_transitions
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
CREATE TRIGGER purchase_receipts_append_only BEFORE UPDATE OR DELETE ON purchase_receipts
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
CREATE TRIGGER purchase_receipt_lines_append_only BEFORE UPDATE OR DELETE ON purchase_receipt_lines
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();

ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_type_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_type_check
  CHECK (type IN ('opening', 'order', 'cancellation', 'adjustment', 'count', 'import', 'sale', 'return', 'receipt'));
