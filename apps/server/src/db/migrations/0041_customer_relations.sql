-- The shop's customers as a customer list: what each bought (a summary kept with every sale, order,
-- return and cancellation), their marketing consent, and duplicates merged.

-- Two records of one person: the absorbed one is marked merged into the kept one, by whom and when.
-- Nothing of it is removed; its purchases, store credit history and consent show on the kept one.
ALTER TABLE shop_customers
  ADD COLUMN merged_into uuid REFERENCES shop_customers (id),
  ADD COLUMN merged_at timestamptz,
  ADD COLUMN merged_by uuid REFERENCES users (id),
  ADD CONSTRAINT shop_customers_merge_check CHECK (
    merged_into IS DISTINCT FROM id
    AND (merged_into IS NULL) = (merged_at IS NULL)
    AND (merged_into IS NULL) = (merged_by IS NULL)
  );
CREATE INDEX shop_customers_merged_into_idx ON shop_customers (merged_into) WHERE merged_into IS NOT NULL;

-- The record a customer's purchases count for: theirs, or the one it was merged into (and so on).
CREATE FUNCTION shop_customer_kept(customer uuid) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
DECLARE
  kept uuid := customer;
  next uuid;
BEGIN
  LOOP
    SELECT merged_into INTO next FROM shop_customers WHERE id = kept;
    EXIT WHEN next IS NULL;
    kept := next;
  END LOOP;
  RETURN kept;
END
$$;

-- Per kept customer: visits (register sales and online orders not cancelled; a return is no visit),
-- the shop's days of the first and last of them, and net spend: sales less returns, plus online orders
-- not cancelled, in minor units. Kept up to date by the triggers below, in the transaction of the
-- sale, order, return or cancellation; an absorbed record's figures are added to the kept one's.
CREATE TABLE customer_figures (
  customer_id uuid PRIMARY KEY REFERENCES shop_customers (id),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  visits integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
  net_spend_minor bigint NOT NULL DEFAULT 0,
  first_purchase_on date,
  last_purchase_on date,
  CHECK ((visits = 0) = (first_purchase_on IS NULL) AND (visits = 0) = (last_purchase_on IS NULL))
);
CREATE INDEX customer_figures_merchant_idx ON customer_figures (merchant_id, last_purchase_on);

-- The shop's day of an instant, in the shop's time zone.
CREATE FUNCTION shop_day(merchant uuid, instant timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (instant AT TIME ZONE merchants.time_zone)::date FROM merchants WHERE merchants.id = merchant
$$;

-- Adds one purchase (visit 1) or return (visit 0, the day not touched) to a kept customer's figures.
CREATE FUNCTION customer_figures_add(customer uuid, merchant uuid, visit integer, amount bigint, day date)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_figures AS f (customer_id, merchant_id, visits, net_spend_minor, first_purchase_on, last_purchase_on)
  VALUES (customer, merchant, visit, amount, CASE WHEN visit > 0 THEN day END, CASE WHEN visit > 0 THEN day END)
  ON CONFLICT (customer_id) DO UPDATE SET
    visits = f.visits + EXCLUDED.visits,
    net_spend_minor = f.net_spend_minor + EXCLUDED.net_spend_minor,
    first_purchase_on = LEAST(f.first_purchase_on, EXCLUDED.first_purchase_on),
    last_purchase_on = GREATEST(f.last_purchase_on, EXCLUDED.last_purchase_on);
END
$$;

-- Counts a kept customer's figures again from their own and their absorbed records' sales and orders
-- (through the customer indexes): after a cancellation (the first or last day may move), a merge, and
-- once below for what was sold before this migration. The row is locked before it is counted, so a
-- sale written meanwhile is either counted here or added after.
CREATE FUNCTION customer_figures_recount(kept uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  merchant uuid;
BEGIN
  SELECT merchant_id INTO merchant FROM shop_customers WHERE id = kept;
  INSERT INTO customer_figures (customer_id, merchant_id) VALUES (kept, merchant) ON CONFLICT (customer_id) DO NOTHING;
  PERFORM 1 FROM customer_figures WHERE customer_id = kept FOR UPDATE;
  WITH RECURSIVE family AS (
    SELECT id, user_id FROM shop_customers WHERE id = kept
    UNION ALL
    SELECT c.id, c.user_id FROM shop_customers c JOIN family ON c.merged_into = family.id
  ),
  bought AS (
    SELECT CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END AS visit, s.total_minor, s.created_at
    FROM register_sales s WHERE s.customer_id IN (SELECT id FROM family)
    UNION ALL
    SELECT 1, o.total_minor, o.created_at
    FROM orders o
    WHERE o.merchant_id = merchant AND o.status <> 'cancelled'
      AND o.customer_id IN (SELECT user_id FROM family WHERE user_id IS NOT NULL)
  ),
  summed AS (
    SELECT coalesce(sum(visit), 0)::int AS visits, coalesce(sum(total_minor), 0)::bigint AS net,
      min(shop_day(merchant, created_at)) FILTER (WHERE visit > 0) AS first_on,
      max(shop_day(merchant, created_at)) FILTER (WHERE visit > 0) AS last_on
    FROM bought
  )
  UPDATE customer_figures SET visits = summed.visits, net_spend_minor = summed.net,
    first_purchase_on = summed.first_on, last_purchase_on = summed.last_on
  FROM summed WHERE customer_figures.customer_id = kept;
END
$$;

CREATE FUNCTION customer_figures_on_sale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_figures_add(shop_customer_kept(NEW.customer_id), NEW.merchant_id,
    CASE WHEN NEW.kind = 'sale' THEN 1 ELSE 0 END, NEW.total_minor, shop_day(NEW.merchant_id, NEW.created_at));
  RETURN NULL;
END
$$;
CREATE TRIGGER customer_figures_on_sale AFTER INSERT ON register_sales
  FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL) EXECUTE FUNCTION customer_figures_on_sale();

-- Online orders count for the shop's record of each shopper's account. The placing statement makes
-- that record with the first order (an AFTER trigger runs once the statement is done, and sees it);
-- an order written another way makes it here. Once per statement, over its rows: the orders placed
-- together add to each customer's figures in the order of the customers' ids, so two batches of
-- orders lock the figures they share in the same order.
CREATE FUNCTION customer_figures_on_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO shop_customers (id, merchant_id, user_id, name, email)
  SELECT gen_random_uuid(), shoppers.merchant_id, users.id, users.name, users.email
  FROM (SELECT DISTINCT merchant_id, customer_id FROM placed) AS shoppers JOIN users ON users.id = shoppers.customer_id
  ON CONFLICT (merchant_id, user_id) WHERE user_id IS NOT NULL DO NOTHING;
  INSERT INTO customer_figures AS f (customer_id, merchant_id, visits, net_spend_minor, first_purchase_on, last_purchase_on)
  SELECT shop_customer_kept(c.id), placed.merchant_id, count(*), sum(placed.total_minor),
    min(shop_day(placed.merchant_id, placed.created_at)), max(shop_day(placed.merchant_id, placed.created_at))
  FROM placed JOIN shop_customers c ON c.merchant_id = placed.merchant_id AND c.user_id = placed.customer_id
  WHERE placed.status <> 'cancelled'
  GROUP BY 1, 2
  ORDER BY 1
  ON CONFLICT (customer_id) DO UPDATE SET
    visits = f.visits + EXCLUDED.visits,
    net_spend_minor = f.net_spend_minor + EXCLUDED.net_spend_minor,
    first_purchase_on = LEAST(f.first_purchase_on, EXCLUDED.first_purchase_on),
    last_purchase_on = GREATEST(f.last_purchase_on, EXCLUDED.last_purchase_on);
  RETURN NULL;
END
$$;
CREATE TRIGGER customer_figures_on_orders AFTER INSERT ON orders
  REFERENCING NEW TABLE AS placed FOR EACH STATEMENT EXECUTE FUNCTION customer_figures_on_orders();

-- An order cancelled (or, should it happen, cancelled no more): its customer's figures counted again,
-- since its day may have been their first or last.
CREATE FUNCTION customer_figures_on_cancellation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_figures_recount(shop_customer_kept(c.id))
  FROM shop_customers c WHERE c.merchant_id = NEW.merchant_id AND c.user_id = NEW.customer_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER customer_figures_on_cancellation AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN ((OLD.status = 'cancelled') IS DISTINCT FROM (NEW.status = 'cancelled'))
  EXECUTE FUNCTION customer_figures_on_cancellation();

SELECT customer_figures_recount(id) FROM shop_customers;

-- Marketing consent: each time a customer gives or withdraws it, how (at the register, online, on the
-- phone…), who recorded it and when. The latest entry is the customer's consent now. Never changed.
CREATE TABLE customer_consents (
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  customer_id uuid NOT NULL REFERENCES shop_customers (id),
  given boolean NOT NULL,
  channel text NOT NULL CHECK (channel IN ('register', 'online', 'phone', 'email', 'in_writing')),
  note text NOT NULL DEFAULT '',
  recorded_by uuid NOT NULL REFERENCES users (id),
  request_digest text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_consents_customer_idx ON customer_consents (customer_id, created_at);

CREATE FUNCTION customer_consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent entries are never changed or removed: record the change as an entry of its own';
END
$$;
CREATE TRIGGER customer_consents_append_only BEFORE UPDATE OR DELETE ON customer_consents
  FOR EACH ROW EXECUTE FUNCTION customer_consents_append_only();
