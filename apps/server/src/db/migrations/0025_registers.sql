-- The shop's counter. A register is opened for a shift by counting its float and closed by counting
-- its cash blind; cash put in or taken out meanwhile is a cash move with a reason; each sale is paid by
-- one or more tenders. Sales, their lines, tenders and cash moves are never changed or removed (the
-- trigger refuses): a return will be a new sale that refers to the first.
CREATE TABLE registers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  name text NOT NULL,
  -- Printed before each receipt's number: R1 → R1-000042.
  receipt_prefix text NOT NULL,
  -- The next receipt's sequence, taken with the register's row locked in the sale's transaction, so a
  -- register's receipts have no gaps.
  next_receipt integer NOT NULL DEFAULT 1,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX registers_name_idx ON registers (merchant_id, lower(name));
CREATE UNIQUE INDEX registers_prefix_idx ON registers (merchant_id, receipt_prefix);

CREATE TABLE register_shifts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  register_id uuid NOT NULL REFERENCES registers (id),
  opened_by uuid NOT NULL REFERENCES users (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  opening_float_minor bigint NOT NULL CHECK (opening_float_minor >= 0),
  -- The opening form's key: a retried opening finds the shift it opened.
  idempotency_key text NOT NULL UNIQUE,
  closed_by uuid REFERENCES users (id),
  closed_at timestamptz,
  -- At the close: what the shift's own records say the drawer holds, and what was counted in it.
  expected_cash_minor bigint,
  counted_cash_minor bigint,
  closing_note text,
  CHECK ((closed_at IS NULL) = (counted_cash_minor IS NULL))
);
-- One open shift per register.
CREATE UNIQUE INDEX register_shifts_open_idx ON register_shifts (register_id) WHERE closed_at IS NULL;
CREATE INDEX register_shifts_register_idx ON register_shifts (register_id, opened_at);

CREATE TABLE register_cash_moves (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shift_id uuid NOT NULL REFERENCES register_shifts (id),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  reason text NOT NULL,
  actor_id uuid NOT NULL REFERENCES users (id),
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_cash_moves_shift_idx ON register_cash_moves (shift_id, created_at);

CREATE TABLE register_sales (
  -- Made on the register: the sale's idempotency key.
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  register_id uuid NOT NULL REFERENCES registers (id),
  shift_id uuid NOT NULL REFERENCES register_shifts (id),
  receipt_number text NOT NULL,
  cashier_id uuid NOT NULL REFERENCES users (id),
  currency text NOT NULL,
  prices_include_tax boolean NOT NULL,
  gross_minor bigint NOT NULL,
  discount_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  change_minor bigint NOT NULL CHECK (change_minor >= 0),
  -- A digest of the sale as sent: the same id sent with another sale is refused, not answered as the first.
  request_digest text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX register_sales_receipt_idx ON register_sales (merchant_id, receipt_number);
CREATE INDEX register_sales_shift_idx ON register_sales (shift_id);
CREATE INDEX register_sales_merchant_idx ON register_sales (merchant_id, created_at);

-- A line as sold: the product's SKU, name, price and tax rate then, whatever they become.
CREATE TABLE register_sale_lines (
  sale_id uuid NOT NULL REFERENCES register_sales (id),
  position integer NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity <> 0),
  unit_price_minor bigint NOT NULL,
  discount_minor bigint NOT NULL,
  cart_discount_minor bigint NOT NULL,
  amount_minor bigint NOT NULL,
  tax_rate_id uuid,
  tax_rate_name text,
  tax_rate_ppm integer,
  tax_minor bigint NOT NULL,
  net_minor bigint NOT NULL,
  PRIMARY KEY (sale_id, position)
);

CREATE TABLE register_tenders (
  sale_id uuid NOT NULL REFERENCES register_sales (id),
  position integer NOT NULL,
  method text NOT NULL CHECK (method IN ('cash', 'card')),
  amount_minor bigint NOT NULL,
  reference text,
  PRIMARY KEY (sale_id, position)
);

CREATE FUNCTION register_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'register sales, their lines, tenders and cash moves are never changed or removed';
END
$$;
CREATE TRIGGER register_sales_append_only BEFORE UPDATE OR DELETE ON register_sales
  FOR EACH ROW EXECUTE FUNCTION register_records_append_only();
CREATE TRIGGER register_sale_lines_append_only BEFORE UPDATE OR DELETE ON register_sale_lines
  FOR EACH ROW EXECUTE FUNCTION register_records_append_only();
CREATE TRIGGER register_tenders_append_only BEFORE UPDATE OR DELETE ON register_tenders
  FOR EACH ROW EXECUTE FUNCTION register_records_append_only();
CREATE TRIGGER register_cash_moves_append_only BEFORE UPDATE OR DELETE ON register_cash_moves
  FOR EACH ROW EXECUTE FUNCTION register_records_append_only();

-- A register's sale takes stock as `sale`; a return will give it back as `return`.
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_type_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_type_check
  CHECK (type IN ('opening', 'order', 'cancellation', 'adjustment', 'count', 'import', 'sale', 'return'));
