-- The stock ledger: every change of a product's stock is a row here, written in the same statement
-- as the change of products.stock, so the sum of a product's movements is its stock. Rows are never
-- changed or removed (the trigger refuses): a correction is a new movement.
CREATE TABLE stock_movements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  product_id uuid NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity <> 0),
  type text NOT NULL CHECK (type IN ('opening', 'order', 'cancellation', 'adjustment', 'count', 'import')),
  -- The order (an order or its cancellation), count or import the movement belongs to.
  document_id uuid,
  actor_id uuid REFERENCES users (id),
  reason text,
  note text,
  balance_after integer NOT NULL CHECK (balance_after >= 0),
  -- Made from the document (an order's line, say), so a retried request posts nothing twice.
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, created_at);
CREATE INDEX stock_movements_merchant_idx ON stock_movements (merchant_id, created_at);

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock movements are never changed or removed: post a correcting movement';
END
$$;
CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only();

-- The stock each product already has enters the ledger as its opening movement.
INSERT INTO stock_movements (merchant_id, product_id, quantity, type, balance_after, idempotency_key, created_at)
SELECT merchant_id, id, stock, 'opening', stock, 'opening:' || id, created_at FROM products WHERE stock <> 0;
