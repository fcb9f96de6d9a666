-- A shop may ask a supplier to acknowledge each dispatched order's message (`order.dispatched`), as it
-- acknowledges purchase orders: in the supplier portal, by an `order.acknowledged` message on the
-- receipts' route, or through the single-use link the e-mailed message carries. Unacknowledged past
-- the supplier's deadline, the message is sent again; past twice the deadline, the shop is told.

ALTER TABLE suppliers ADD COLUMN orders_need_acknowledgement boolean NOT NULL DEFAULT false;

-- The message of a dispatch to a supplier that needs acknowledgement, written in the statement that
-- writes the message. One per order and supplier: a copy sent again is acknowledged through it.
CREATE TABLE order_message_deadlines (
  event_id uuid PRIMARY KEY REFERENCES outbox_events (id),
  order_id uuid NOT NULL REFERENCES orders (id),
  supplier_id uuid NOT NULL REFERENCES suppliers (id),
  -- By the supplier's deadline when the order was dispatched; null when it has none (never escalated).
  acknowledgement_due_at timestamptz,
  tell_shop_at timestamptz,
  -- The e-mailed link's token, kept only as its SHA-256; it works once, until it expires.
  link_hash text NOT NULL UNIQUE,
  link_expires_at timestamptz NOT NULL,
  UNIQUE (order_id, supplier_id)
);
CREATE INDEX order_message_deadlines_due_idx ON order_message_deadlines (acknowledgement_due_at)
  WHERE acknowledgement_due_at IS NOT NULL;

-- The supplier's acknowledgement of it, once.
CREATE TABLE order_message_acknowledgements (
  event_id uuid PRIMARY KEY REFERENCES order_message_deadlines (event_id),
  how text NOT NULL CHECK (how IN ('portal', 'message', 'link')),
  -- The supplier's person, in the portal; nobody known by message or link.
  acknowledged_by uuid REFERENCES users (id),
  -- The `order.acknowledged` message's own id: a message delivered twice is recorded once.
  message_id uuid UNIQUE,
  agent text,
  acknowledged_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((how = 'portal') = (acknowledged_by IS NOT NULL)),
  CHECK ((how = 'message') = (message_id IS NOT NULL))
);

-- Each step of a message's escalation, done once across server processes, as for purchase orders.
CREATE TABLE order_message_escalations (
  event_id uuid NOT NULL REFERENCES order_message_deadlines (event_id),
  step text NOT NULL CHECK (step IN ('resent', 'merchant_told')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, step)
);

CREATE TRIGGER order_message_acknowledgements_append_only BEFORE UPDATE OR DELETE ON order_message_acknowledgements
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
CREATE TRIGGER order_message_escalations_append_only BEFORE UPDATE OR DELETE ON order_message_escalations
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
