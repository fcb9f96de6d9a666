-- An order can be cancelled before it is dispatched, by its customer or by the shop. Nothing is
-- deleted: the order keeps its lines, and says who cancelled it, when, on whose side and why.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('open', 'closed', 'cancelled'));
ALTER TABLE orders
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancelled_by uuid REFERENCES users (id),
  ADD COLUMN cancelled_as text CHECK (cancelled_as IN ('customer', 'shop')),
  ADD COLUMN cancel_reason text;
ALTER TABLE orders ADD CONSTRAINT orders_cancellation_check
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL AND cancelled_as IS NOT NULL));
