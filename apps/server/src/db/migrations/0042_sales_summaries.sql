-- What the dashboard and the reports read: the shop's sales summed per hour, per product and day, and
-- per payment method and day, each in the shop's time zone as it was when the sale was made.
--
-- A sale does not update a summary row itself: a busy shop's sales would all wait on the same row (this
-- hour's) until each commits. Instead the statement that records sales adds their figures to a pending
-- table (rows appended, nothing locked), and a folder in the server moves pending rows into the
-- summaries every few seconds. Readers read the summary and the pending rows together (the `_now`
-- views), so a figure is exact the moment its sale commits. Pending rows are derived figures, not
-- records: folding deletes them.

-- One row per shop, local day and hour, channel and, at the register, cashier. Amounts in minor units;
-- `net` is after discounts and before tax. Returns (at the register) and cancelled online orders are
-- counted on the day they happened, as refunds, so that a day's figures never change afterwards.
CREATE TABLE sales_hourly (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  day date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  channel text NOT NULL CHECK (channel IN ('online', 'register')),
  -- The cashier at the register; null online.
  staff_id uuid REFERENCES users (id),
  sales integer NOT NULL DEFAULT 0,
  sales_net_minor bigint NOT NULL DEFAULT 0,
  sales_tax_minor bigint NOT NULL DEFAULT 0,
  sales_total_minor bigint NOT NULL DEFAULT 0,
  discount_minor bigint NOT NULL DEFAULT 0,
  refunds integer NOT NULL DEFAULT 0,
  refunds_net_minor bigint NOT NULL DEFAULT 0,
  refunds_total_minor bigint NOT NULL DEFAULT 0,
  voided_lines integer NOT NULL DEFAULT 0,
  voided_minor bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sales_hourly_key ON sales_hourly (merchant_id, day, hour, channel, staff_id) NULLS NOT DISTINCT;
CREATE TABLE sales_hourly_pending (LIKE sales_hourly INCLUDING DEFAULTS, id bigserial PRIMARY KEY);

-- Per product and local day: quantities and net amounts sold and given back, and their cost at the
-- product's average cost when sold (quantities sold with no cost known are counted apart, so a margin
-- is only shown over what has a cost).
CREATE TABLE product_sales_daily (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  day date NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  channel text NOT NULL CHECK (channel IN ('online', 'register')),
  sold_quantity integer NOT NULL DEFAULT 0,
  sold_net_minor bigint NOT NULL DEFAULT 0,
  returned_quantity integer NOT NULL DEFAULT 0,
  returned_net_minor bigint NOT NULL DEFAULT 0,
  cost_minor bigint NOT NULL DEFAULT 0,
  costed_net_minor bigint NOT NULL DEFAULT 0,
  uncosted_quantity integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX product_sales_daily_key ON product_sales_daily (merchant_id, day, product_id, channel);
CREATE TABLE product_sales_daily_pending (LIKE product_sales_daily INCLUDING DEFAULTS, id bigserial PRIMARY KEY);

-- Per payment method and local day: what came in (cash net of change) and what went back.
CREATE TABLE payments_daily (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  day date NOT NULL,
  method text NOT NULL CHECK (method IN ('cash', 'card', 'store_credit', 'online')),
  payments integer NOT NULL DEFAULT 0,
  paid_minor bigint NOT NULL DEFAULT 0,
  refunds integer NOT NULL DEFAULT 0,
  refunded_minor bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX payments_daily_key ON payments_daily (merchant_id, day, method);
CREATE TABLE payments_daily_pending (LIKE payments_daily INCLUDING DEFAULTS, id bigserial PRIMARY KEY);

CREATE VIEW sales_hourly_now AS
  SELECT merchant_id, day, hour, channel, staff_id, sales, sales_net_minor, sales_tax_minor, sales_total_minor,
    discount_minor, refunds, refunds_net_minor, refunds_total_minor, voided_lines, voided_minor
  FROM sales_hourly
  UNION ALL
  SELECT merchant_id, day, hour, channel, staff_id, sales, sales_net_minor, sales_tax_minor, sales_total_minor,
    discount_minor, refunds, refunds_net_minor, refunds_total_minor, voided_lines, voided_minor
  FROM sales_hourly_pending;
CREATE VIEW product_sales_daily_now AS
  SELECT merchant_id, day, product_id, channel, sold_quantity, sold_net_minor, returned_quantity, returned_net_minor,
    cost_minor, costed_net_minor, uncosted_quantity
  FROM product_sales_daily
  UNION ALL
  SELECT merchant_id, day, product_id, channel, sold_quantity, sold_net_minor, returned_quantity, returned_net_minor,
    cost_minor, costed_net_minor, uncosted_quantity
  FROM product_sales_daily_pending;
CREATE VIEW payments_daily_now AS
  SELECT merchant_id, day, method, payments, paid_minor, refunds, refunded_minor FROM payments_daily
  UNION ALL
  SELECT merchant_id, day, method, payments, paid_minor, refunds, refunded_minor FROM payments_daily_pending;

-- The figures each kind of record adds, given the records' ids. The triggers below call them with the
-- rows a statement wrote; this migration calls them once with every record already there.

-- A register sale or return: a sale, or a refund, in the hour it was recorded, for its cashier.
CREATE FUNCTION add_register_sales(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, staff_id, sales, sales_net_minor,
    sales_tax_minor, sales_total_minor, discount_minor, refunds, refunds_net_minor, refunds_total_minor)
  SELECT sale.merchant_id, local.at::date, extract(hour FROM local.at), 'register', sale.cashier_id,
    CASE WHEN sale.kind = 'sale' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN sale.total_minor - sale.tax_minor ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN sale.tax_minor ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN sale.total_minor ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN sale.discount_minor ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN sale.tax_minor - sale.total_minor ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN -sale.total_minor ELSE 0 END
  FROM register_sales AS sale
  JOIN merchants ON merchants.id = sale.merchant_id
  CROSS JOIN LATERAL (SELECT sale.created_at AT TIME ZONE merchants.time_zone AS at) AS local
  WHERE sale.id = ANY(ids);

  INSERT INTO product_sales_daily_pending (merchant_id, day, product_id, channel, sold_quantity, sold_net_minor,
    returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
  SELECT sale.merchant_id, (sale.created_at AT TIME ZONE merchants.time_zone)::date, line.product_id, 'register',
    greatest(line.quantity, 0), CASE WHEN line.quantity > 0 THEN line.net_minor ELSE 0 END,
    greatest(-line.quantity, 0), CASE WHEN line.quantity < 0 THEN -line.net_minor ELSE 0 END,
    coalesce(line.quantity * products.average_cost_minor, 0),
    CASE WHEN products.average_cost_minor IS NULL THEN 0 ELSE line.net_minor END,
    CASE WHEN products.average_cost_minor IS NULL THEN line.quantity ELSE 0 END
  FROM register_sale_lines AS line
  JOIN register_sales AS sale ON sale.id = line.sale_id
  JOIN merchants ON merchants.id = sale.merchant_id
  JOIN products ON products.id = line.product_id
  WHERE line.sale_id = ANY(ids);

  -- The change handed back comes out of the cash tendered.
  INSERT INTO payments_daily_pending (merchant_id, day, method, payments, paid_minor, refunds, refunded_minor)
  SELECT sale.merchant_id, (sale.created_at AT TIME ZONE merchants.time_zone)::date, tendered.method,
    CASE WHEN sale.kind = 'sale' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN tendered.amount_minor ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN -tendered.amount_minor ELSE 0 END
  FROM (
    SELECT tender.sale_id, tender.method, sum(tender.amount_minor) AS amount_minor
    FROM register_tenders AS tender WHERE tender.sale_id = ANY(ids)
    GROUP BY tender.sale_id, tender.method
  ) AS summed
  JOIN register_sales AS sale ON sale.id = summed.sale_id
  JOIN merchants ON merchants.id = sale.merchant_id
  CROSS JOIN LATERAL (
    SELECT summed.method,
      summed.amount_minor - CASE WHEN summed.method = 'cash' THEN sale.change_minor ELSE 0 END AS amount_minor
  ) AS tendered;
$$;

-- Lines taken off a cart before it was paid, in the hour they were taken off, for who took them off.
CREATE FUNCTION add_register_voids(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, staff_id, voided_lines, voided_minor)
  SELECT shift.merchant_id, local.at::date, extract(hour FROM local.at), 'register', void.actor_id, 1,
    void.quantity * void.unit_price_minor
  FROM register_voids AS void
  JOIN register_shifts AS shift ON shift.id = void.shift_id
  JOIN merchants ON merchants.id = shift.merchant_id
  CROSS JOIN LATERAL (SELECT void.created_at AT TIME ZONE merchants.time_zone AS at) AS local
  WHERE void.id = ANY(ids);
$$;

-- An online order as placed (paid online), or, with `cancellation`, taken back when it was cancelled.
CREATE FUNCTION add_online_orders(ids uuid[], cancellation boolean) RETURNS void LANGUAGE sql AS $$
  INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, sales, sales_net_minor, sales_tax_minor,
    sales_total_minor, refunds, refunds_net_minor, refunds_total_minor)
  SELECT orders.merchant_id, local.at::date, extract(hour FROM local.at), 'online',
    CASE WHEN cancellation THEN 0 ELSE 1 END,
    CASE WHEN cancellation THEN 0 ELSE orders.total_minor - orders.tax_minor END,
    CASE WHEN cancellation THEN 0 ELSE orders.tax_minor END,
    CASE WHEN cancellation THEN 0 ELSE orders.total_minor END,
    CASE WHEN cancellation THEN 1 ELSE 0 END,
    CASE WHEN cancellation THEN orders.total_minor - orders.tax_minor ELSE 0 END,
    CASE WHEN cancellation THEN orders.total_minor ELSE 0 END
  FROM orders
  JOIN merchants ON merchants.id = orders.merchant_id
  CROSS JOIN LATERAL (
    SELECT (CASE WHEN cancellation THEN orders.cancelled_at ELSE orders.created_at END) AT TIME ZONE merchants.time_zone AS at
  ) AS local
  WHERE orders.id = ANY(ids) AND (NOT cancellation OR orders.cancelled_at IS NOT NULL);

  INSERT INTO product_sales_daily_pending (merchant_id, day, product_id, channel, sold_quantity, sold_net_minor,
    returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
  SELECT orders.merchant_id,
    ((CASE WHEN cancellation THEN orders.cancelled_at ELSE orders.created_at END) AT TIME ZONE merchants.time_zone)::date,
    item.product_id, 'online',
    CASE WHEN cancellation THEN 0 ELSE item.quantity END,
    CASE WHEN cancellation THEN 0 ELSE item.net_minor END,
    CASE WHEN cancellation THEN item.quantity ELSE 0 END,
    CASE WHEN cancellation THEN item.net_minor ELSE 0 END,
    coalesce(signed.quantity * products.average_cost_minor, 0),
    CASE WHEN products.average_cost_minor IS NULL THEN 0 ELSE signed.net_minor END,
    CASE WHEN products.average_cost_minor IS NULL THEN signed.quantity ELSE 0 END
  FROM order_items AS item
  JOIN orders ON orders.id = item.order_id
  JOIN merchants ON merchants.id = orders.merchant_id
  JOIN products ON products.id = item.product_id
  CROSS JOIN LATERAL (
    SELECT CASE WHEN cancellation THEN -item.quantity ELSE item.quantity END AS quantity,
      CASE WHEN cancellation THEN -item.net_minor ELSE item.net_minor END AS net_minor
  ) AS signed
  WHERE item.order_id = ANY(ids) AND (NOT cancellation OR orders.cancelled_at IS NOT NULL);

  INSERT INTO payments_daily_pending (merchant_id, day, method, payments, paid_minor, refunds, refunded_minor)
  SELECT orders.merchant_id,
    ((CASE WHEN cancellation THEN orders.cancelled_at ELSE orders.created_at END) AT TIME ZONE merchants.time_zone)::date,
    'online',
    CASE WHEN cancellation THEN 0 ELSE 1 END,
    CASE WHEN cancellation THEN 0 ELSE orders.total_minor END,
    CASE WHEN cancellation THEN 1 ELSE 0 END,
    CASE WHEN cancellation THEN orders.total_minor ELSE 0 END
  FROM orders
  JOIN merchants ON merchants.id = orders.merchant_id
  WHERE orders.id = ANY(ids) AND (NOT cancellation OR orders.cancelled_at IS NOT NULL);
$$;

-- Once per statement, over the rows it wrote. A register sale's lines and tenders are written by the
-- statement that writes the sale, and an order's items by the one that writes the order, so the sale's
-- (the order's) trigger adds them all; AFTER triggers run when the whole statement has.
CREATE FUNCTION add_to_sales_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cancelled uuid[];
BEGIN
  IF TG_TABLE_NAME = 'register_sales' THEN
    PERFORM add_register_sales(ARRAY(SELECT id FROM written));
  ELSIF TG_TABLE_NAME = 'register_voids' THEN
    PERFORM add_register_voids(ARRAY(SELECT id FROM written));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM add_online_orders(ARRAY(SELECT id FROM written), false);
  ELSE
    -- Most updates of orders (a dispatch closing them) cancel none: nothing to add then.
    cancelled := ARRAY(SELECT written.id FROM written JOIN before USING (id)
      WHERE written.status = 'cancelled' AND before.status <> 'cancelled');
    IF cardinality(cancelled) > 0 THEN
      PERFORM add_online_orders(cancelled, true);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER register_sales_summaries AFTER INSERT ON register_sales
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION add_to_sales_summaries();
CREATE TRIGGER register_voids_summaries AFTER INSERT ON register_voids
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION add_to_sales_summaries();
CREATE TRIGGER orders_placed_summaries AFTER INSERT ON orders
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION add_to_sales_summaries();
CREATE TRIGGER orders_cancelled_summaries AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS before NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION add_to_sales_summaries();

-- Moves up to `batch` pending rows of each summary into it, summed, and answers how many it moved. Rows
-- another folder holds are skipped, so folders in several processes never wait on one another.
CREATE FUNCTION fold_sales_summaries(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved integer := 0;
  folded integer;
BEGIN
  WITH taken AS (
    DELETE FROM sales_hourly_pending
    WHERE id IN (SELECT id FROM sales_hourly_pending ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING *
  ), folded AS (
    INSERT INTO sales_hourly AS summary (merchant_id, day, hour, channel, staff_id, sales, sales_net_minor,
      sales_tax_minor, sales_total_minor, discount_minor, refunds, refunds_net_minor, refunds_total_minor,
      voided_lines, voided_minor)
    SELECT merchant_id, day, hour, channel, staff_id, sum(sales), sum(sales_net_minor), sum(sales_tax_minor),
      sum(sales_total_minor), sum(discount_minor), sum(refunds), sum(refunds_net_minor), sum(refunds_total_minor),
      sum(voided_lines), sum(voided_minor)
    FROM taken GROUP BY merchant_id, day, hour, channel, staff_id
    ORDER BY merchant_id, day, hour, channel, staff_id
    ON CONFLICT (merchant_id, day, hour, channel, staff_id) DO UPDATE SET
      sales = summary.sales + excluded.sales,
      sales_net_minor = summary.sales_net_minor + excluded.sales_net_minor,
      sales_tax_minor = summary.sales_tax_minor + excluded.sales_tax_minor,
      sales_total_minor = summary.sales_total_minor + excluded.sales_total_minor,
      discount_minor = summary.discount_minor + excluded.discount_minor,
      refunds = summary.refunds + excluded.refunds,
      refunds_net_minor = summary.refunds_net_minor + excluded.refunds_net_minor,
      refunds_total_minor = summary.refunds_total_minor + excluded.refunds_total_minor,
      voided_lines = summary.voided_lines + excluded.voided_lines,
      voided_minor = summary.voided_minor + excluded.voided_minor
  )
  SELECT count(*) INTO folded FROM taken;
  moved := moved + folded;

  WITH taken AS (
    DELETE FROM product_sales_daily_pending
    WHERE id IN (SELECT id FROM product_sales_daily_pending ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING *
  ), folded AS (
    INSERT INTO product_sales_daily AS summary (merchant_id, day, product_id, channel, sold_quantity, sold_net_minor,
      returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
    SELECT merchant_id, day, product_id, channel, sum(sold_quantity), sum(sold_net_minor), sum(returned_quantity),
      sum(returned_net_minor), sum(cost_minor), sum(costed_net_minor), sum(uncosted_quantity)
    FROM taken GROUP BY merchant_id, day, product_id, channel
    ORDER BY merchant_id, day, product_id, channel
    ON CONFLICT (merchant_id, day, product_id, channel) DO UPDATE SET
      sold_quantity = summary.sold_quantity + excluded.sold_quantity,
      sold_net_minor = summary.sold_net_minor + excluded.sold_net_minor,
      returned_quantity = summary.returned_quantity + excluded.returned_quantity,
      returned_net_minor = summary.returned_net_minor + excluded.returned_net_minor,
      cost_minor = summary.cost_minor + excluded.cost_minor,
      costed_net_minor = summary.costed_net_minor + excluded.costed_net_minor,
      uncosted_quantity = summary.uncosted_quantity + excluded.uncosted_quantity
  )
  SELECT count(*) INTO folded FROM taken;
  moved := moved + folded;

  WITH taken AS (
    DELETE FROM payments_daily_pending
    WHERE id IN (SELECT id FROM payments_daily_pending ORDER BY id LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING *
  ), folded AS (
    INSERT INTO payments_daily AS summary (merchant_id, day, method, payments, paid_minor, refunds, refunded_minor)
    SELECT merchant_id, day, method, sum(payments), sum(paid_minor), sum(refunds), sum(refunded_minor)
    FROM taken GROUP BY merchant_id, day, method
    ORDER BY merchant_id, day, method
    ON CONFLICT (merchant_id, day, method) DO UPDATE SET
      payments = summary.payments + excluded.payments,
      paid_minor = summary.paid_minor + excluded.paid_minor,
      refunds = summary.refunds + excluded.refunds,
      refunded_minor = summary.refunded_minor + excluded.refunded_minor
  )
  SELECT count(*) INTO folded FROM taken;
  RETURN moved + folded;
END
$$;

-- What was sold before the summaries existed.
SELECT add_register_sales(ARRAY(SELECT id FROM register_sales));
SELECT add_register_voids(ARRAY(SELECT id FROM register_voids));
SELECT add_online_orders(ARRAY(SELECT id FROM orders), false);
SELECT add_online_orders(ARRAY(SELECT id FROM orders WHERE status = 'cancelled'), true);

-- The dashboard counts the shop's online orders waiting for dispatch, and its messages of the last days.
CREATE INDEX orders_waiting_idx ON orders (merchant_id) WHERE status = 'open';
CREATE INDEX outbox_events_merchant_created_idx ON outbox_events (merchant_id, created_at);
