-- Stock counts. A count notes each product's stock as it starts (`expected`); people enter figures
-- line by line (each entry kept, with who and when); applying it posts, per counted line, a `count`
-- movement of counted − the stock when the line was counted, so what sold after the shelf was counted
-- stays sold. Counts are never deleted: they end applied or cancelled, with who and when.
CREATE TABLE stock_counts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'counting' CHECK (status IN ('counting', 'applied', 'cancelled')),
  started_by uuid REFERENCES users (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid REFERENCES users (id),
  closed_at timestamptz,
  -- The form's key, made once: a retried start finds the count it started.
  idempotency_key text NOT NULL UNIQUE,
  CHECK ((status = 'counting') = (closed_at IS NULL))
);
CREATE INDEX stock_counts_merchant_idx ON stock_counts (merchant_id, started_at);

CREATE TABLE stock_count_lines (
  count_id uuid NOT NULL REFERENCES stock_counts (id),
  product_id uuid NOT NULL REFERENCES products (id),
  expected integer NOT NULL,
  counted integer CHECK (counted >= 0),
  -- The product's stock when its last figure was entered.
  stock_when_counted integer,
  counted_by uuid REFERENCES users (id),
  counted_at timestamptz,
  PRIMARY KEY (count_id, product_id),
  CHECK ((counted IS NULL) = (stock_when_counted IS NULL))
);

CREATE TABLE stock_count_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  count_id uuid NOT NULL,
  product_id uuid NOT NULL,
  mode text NOT NULL CHECK (mode IN ('set', 'add')),
  quantity integer NOT NULL,
  actor_id uuid REFERENCES users (id),
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (count_id, product_id) REFERENCES stock_count_lines (count_id, product_id)
);
CREATE INDEX stock_count_entries_line_idx ON stock_count_entries (count_id, product_id);
