-- Lines taken off a cart before it was paid, and whole carts abandoned: nothing was sold, but who took
-- what off, and when, is kept (a shift's report counts them). Each line's id is made on the register,
-- so a void sent twice is recorded once. Never changed or removed.
CREATE TABLE register_voids (
  id uuid PRIMARY KEY,
  shift_id uuid NOT NULL REFERENCES register_shifts (id),
  -- The sale's id the cart would have had: the lines of one cart voided together share it.
  cart_id uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL,
  actor_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_voids_shift_idx ON register_voids (shift_id, created_at);
CREATE TRIGGER register_voids_append_only BEFORE UPDATE OR DELETE ON register_voids
  FOR EACH ROW EXECUTE FUNCTION register_records_append_only();
