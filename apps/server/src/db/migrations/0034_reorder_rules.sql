-- Reorder rules: per product a minimum and a maximum. When what the shop has and has ordered (on hand
-- + still to come on sent purchase orders) falls below the minimum, the product needs enough to reach
-- the maximum, which the rules write into one draft purchase order per supplier.

CREATE TABLE reorder_rules (
  product_id uuid PRIMARY KEY REFERENCES products (id),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  minimum integer NOT NULL CHECK (minimum >= 0),
  maximum integer NOT NULL CHECK (maximum > 0 AND maximum >= minimum),
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reorder_rules_merchant_idx ON reorder_rules (merchant_id);

-- Products whose rule is to be evaluated, queued by the statements that change what they have or have
-- on order, and taken (deleted) by an evaluator just before it evaluates them: one row per product
-- however many movements queue it, so a burst of sales is evaluated once.
CREATE TABLE reorder_checks (
  product_id uuid PRIMARY KEY REFERENCES products (id),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  queued_at timestamptz NOT NULL DEFAULT now()
);

-- A movement that leaves a product with a rule below its minimum queues it. Below the minimum on hand
-- is the only way below it with what is on order too, so nothing else needs looking at here. Once per
-- statement, over the rows it wrote (the orders placed together in one statement, say), with one notice.
CREATE FUNCTION reorder_check_movements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reorder_checks (product_id, merchant_id)
  SELECT DISTINCT rule.product_id, rule.merchant_id
  FROM moved JOIN reorder_rules AS rule ON rule.product_id = moved.product_id
  WHERE moved.balance_after < rule.minimum
  ON CONFLICT (product_id) DO NOTHING;
  IF FOUND THEN
    PERFORM pg_notify('reorder_checks', '');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER stock_movements_reorder_check AFTER INSERT ON stock_movements
  REFERENCING NEW TABLE AS moved FOR EACH STATEMENT EXECUTE FUNCTION reorder_check_movements();

-- A sent purchase order cancelled, closed short or confirmed for less leaves less on order: its
-- products under their minimum are looked at again. (A draft's lines are not on order.)
CREATE FUNCTION reorder_check_purchase_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reorder_checks (product_id, merchant_id)
  SELECT rule.product_id, rule.merchant_id
  FROM purchase_order_lines AS line
  JOIN reorder_rules AS rule ON rule.product_id = line.product_id
  JOIN products ON products.id = rule.product_id
  WHERE line.purchase_order_id = NEW.id AND products.stock < rule.minimum
  ON CONFLICT (product_id) DO NOTHING;
  IF FOUND THEN
    PERFORM pg_notify('reorder_checks', '');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER purchase_orders_reorder_check AFTER UPDATE OF status ON purchase_orders
  FOR EACH ROW WHEN (NEW.status IN ('cancelled', 'closed', 'acknowledged') AND OLD.status NOT IN ('draft', NEW.status))
  EXECUTE FUNCTION reorder_check_purchase_order();

-- Who wrote a purchase order: a person (`manual`), or the shop's reorder rules (`reorder`, no person).
-- Each supplier has at most one draft of the rules at a time, which they add to until it is sent.
ALTER TABLE purchase_orders ADD COLUMN origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'reorder'));
ALTER TABLE purchase_orders ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_author_check
  CHECK ((origin = 'manual') = (created_by IS NOT NULL));
CREATE UNIQUE INDEX purchase_orders_reorder_draft_idx ON purchase_orders (supplier_id)
  WHERE status = 'draft' AND origin = 'reorder';
-- A change of status no person made (the rules sending a draft) has no actor.
ALTER TABLE purchase_order_transitions ALTER COLUMN actor_id DROP NOT NULL;

-- A supplier whose drafts from the reorder rules are sent as soon as they are written.
ALTER TABLE suppliers ADD COLUMN send_automatically boolean NOT NULL DEFAULT false;
