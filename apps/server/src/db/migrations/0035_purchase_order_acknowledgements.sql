-- A supplier acknowledges a sent purchase order: how many of each line it will deliver (perhaps fewer
-- than ordered) and on which day. It does so in the supplier portal, by a message its agent publishes
-- back (`purchase_order.acknowledged`), or through the link the e-mailed order carries.

-- What the supplier confirmed of the line, null until it did; what is still to come is then
-- confirmed − received rather than ordered − received.
ALTER TABLE purchase_order_lines ADD COLUMN quantity_confirmed integer
  CHECK (quantity_confirmed >= 0 AND quantity_confirmed <= quantity);

CREATE TABLE purchase_order_acknowledgements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  how text NOT NULL CHECK (how IN ('portal', 'message', 'link')),
  -- The supplier's person, in the portal; nobody known by message or link.
  acknowledged_by uuid REFERENCES users (id),
  -- The message's own id: a message delivered twice is recorded once.
  message_id uuid UNIQUE,
  -- The device that sent the message, as it named itself.
  agent text,
  delivery_on date NOT NULL,
  note text NOT NULL DEFAULT '',
  acknowledged_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((how = 'portal') = (acknowledged_by IS NOT NULL)),
  CHECK ((how = 'message') = (message_id IS NOT NULL))
);
CREATE INDEX purchase_order_acknowledgements_order_idx ON purchase_order_acknowledgements (purchase_order_id, id);

CREATE TABLE purchase_order_acknowledgement_lines (
  acknowledgement_id bigint NOT NULL REFERENCES purchase_order_acknowledgements (id),
  product_id uuid NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (acknowledgement_id, product_id)
);

CREATE TRIGGER purchase_order_acknowledgements_append_only BEFORE UPDATE OR DELETE ON purchase_order_acknowledgements
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
CREATE TRIGGER purchase_order_acknowledgement_lines_append_only BEFORE UPDATE OR DELETE ON purchase_order_acknowledgement_lines
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();

-- The link in the e-mailed purchase order that acknowledges it without signing in: only the token's
-- SHA-256 is kept, so the table does not hand out working links; it works once, until it expires.
CREATE TABLE purchase_order_links (
  token_hash text PRIMARY KEY,
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX purchase_order_links_order_idx ON purchase_order_links (purchase_order_id);
