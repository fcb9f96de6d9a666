-- A supplier has a deadline to acknowledge a purchase order, in working hours (Monday to Friday, 09:00
-- to 17:00 on the shop's clock). Past it, the order is sent again; past a second deadline counted from
-- the first, the shop's owner and managers are e-mailed. The shop may instead send the lines to
-- backup suppliers at once.

-- Null: the supplier has no deadline, and its orders are never escalated.
ALTER TABLE suppliers ADD COLUMN acknowledge_within_hours integer DEFAULT 4
  CHECK (acknowledge_within_hours BETWEEN 1 AND 200);

-- Both fixed when the order is sent, by its supplier's deadline then: changing the supplier's deadline
-- later does not move what was promised. Null for an order without a deadline, and for those sent
-- before this migration.
ALTER TABLE purchase_orders ADD COLUMN acknowledgement_due_at timestamptz;
ALTER TABLE purchase_orders ADD COLUMN tell_shop_at timestamptz;
-- What the escalation scheduler reads: sent orders with a deadline.
CREATE INDEX purchase_orders_acknowledgement_due_idx ON purchase_orders (acknowledgement_due_at)
  WHERE status = 'sent' AND acknowledgement_due_at IS NOT NULL;

-- Each step of an order's escalation, done once: the row is inserted (ON CONFLICT DO NOTHING) in the
-- transaction that takes the step, so two server processes, or one restarted, never take it twice.
CREATE TABLE purchase_order_escalations (
  purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
  step text NOT NULL CHECK (step IN ('resent', 'merchant_told')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (purchase_order_id, step)
);

CREATE TRIGGER purchase_order_escalations_append_only BEFORE UPDATE OR DELETE ON purchase_order_escalations
  FOR EACH ROW EXECUTE FUNCTION purchasing_append_only();
