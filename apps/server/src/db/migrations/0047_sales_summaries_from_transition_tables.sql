-- The sales summaries' triggers read the rows their statement wrote from its transition tables, in
-- PL/pgSQL, whose statements are planned once per session. Migration 0042's SQL functions took the
-- records' ids, looked each record up again, and were planned on every call: on a young shop, whose
-- tables the planner still thought small, that was a scan of every order for each one placed, and
-- the order path's slowest part.

-- A register sale or return: a sale, or a refund, in the hour it was recorded, for its cashier; its
-- lines by product; its tenders by method, the change handed back out of the cash tendered.
CREATE FUNCTION summaries_of_register_sales() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
  FROM written AS sale
  JOIN merchants ON merchants.id = sale.merchant_id
  CROSS JOIN LATERAL (SELECT sale.created_at AT TIME ZONE merchants.time_zone AS at) AS local;

  INSERT INTO product_sales_daily_pending (merchant_id, day, product_id, channel, sold_quantity, sold_net_minor,
    returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
  SELECT sale.merchant_id, (sale.created_at AT TIME ZONE merchants.time_zone)::date, line.product_id, 'register',
    greatest(line.quantity, 0), CASE WHEN line.quantity > 0 THEN line.net_minor ELSE 0 END,
    greatest(-line.quantity, 0), CASE WHEN line.quantity < 0 THEN -line.net_minor ELSE 0 END,
    coalesce(line.quantity * products.average_cost_minor, 0),
    CASE WHEN products.average_cost_minor IS NULL THEN 0 ELSE line.net_minor END,
    CASE WHEN products.average_cost_minor IS NULL THEN line.quantity ELSE 0 END
  FROM written AS sale
  JOIN register_sale_lines AS line ON line.sale_id = sale.id
  JOIN merchants ON merchants.id = sale.merchant_id
  JOIN products ON products.id = line.product_id;

  INSERT INTO payments_daily_pending (merchant_id, day, method, payments, paid_minor, refunds, refunded_minor)
  SELECT sale.merchant_id, (sale.created_at AT TIME ZONE merchants.time_zone)::date, tendered.method,
    CASE WHEN sale.kind = 'sale' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'sale' THEN tendered.amount_minor ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN 1 ELSE 0 END,
    CASE WHEN sale.kind = 'return' THEN -tendered.amount_minor ELSE 0 END
  FROM written AS sale
  JOIN merchants ON merchants.id = sale.merchant_id
  CROSS JOIN LATERAL (
    SELECT tender.method,
      sum(tender.amount_minor) - CASE WHEN tender.method = 'cash' THEN sale.change_minor ELSE 0 END AS amount_minor
    FROM register_tenders AS tender WHERE tender.sale_id = sale.id
    GROUP BY tender.method
  ) AS tendered;
  RETURN NULL;
END
$$;

-- Lines taken off a cart before it was paid, in the hour they were taken off, for who took them off.
CREATE FUNCTION summaries_of_register_voids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, staff_id, voided_lines, voided_minor)
  SELECT shift.merchant_id, local.at::date, extract(hour FROM local.at), 'register', void.actor_id, 1,
    void.quantity * void.unit_price_minor
  FROM written AS void
  JOIN register_shifts AS shift ON shift.id = void.shift_id
  JOIN merchants ON merchants.id = shift.merchant_id
  CROSS JOIN LATERAL (SELECT void.created_at AT TIME ZONE merchants.time_zone AS at) AS local;
  RETURN NULL;
END
$$;

-- Online orders as placed (paid online), in the hour they were placed.
CREATE FUNCTION summaries_of_placed_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, sales, sales_net_minor, sales_tax_minor,
    sales_total_minor)
  SELECT placed.merchant_id, local.at::date, extract(hour FROM local.at), 'online', 1,
    placed.total_minor - placed.tax_minor, placed.tax_minor, placed.total_minor
  FROM written AS placed
  JOIN merchants ON merchants.id = placed.merchant_id
  CROSS JOIN LATERAL (SELECT placed.created_at AT TIME ZONE merchants.time_zone AS at) AS local;

  INSERT INTO product_sales_daily_pending (merchant_id, day, product_id, channel, sold_quantity, sold_net_minor,
    cost_minor, costed_net_minor, uncosted_quantity)
  SELECT placed.merchant_id, (placed.created_at AT TIME ZONE merchants.time_zone)::date, item.product_id, 'online',
    item.quantity, item.net_minor,
    coalesce(item.quantity * products.average_cost_minor, 0),
    CASE WHEN products.average_cost_minor IS NULL THEN 0 ELSE item.net_minor END,
    CASE WHEN products.average_cost_minor IS NULL THEN item.quantity ELSE 0 END
  FROM written AS placed
  JOIN order_items AS item ON item.order_id = placed.id
  JOIN merchants ON merchants.id = placed.merchant_id
  JOIN products ON products.id = item.product_id;

  INSERT INTO payments_daily_pending (merchant_id, day, method, payments, paid_minor)
  SELECT placed.merchant_id, (placed.created_at AT TIME ZONE merchants.time_zone)::date, 'online', 1,
    placed.total_minor
  FROM written AS placed
  JOIN merchants ON merchants.id = placed.merchant_id;
  RETURN NULL;
END
$$;

-- Online orders the statement cancelled, taken back as refunds in the hour of their cancellation, so
-- the day they were placed keeps its figures.
CREATE FUNCTION summaries_of_cancelled_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most updates of orders (a dispatch closing them) cancel none: then `cancelled` is empty.
  WITH cancelled AS (
    SELECT written.id, written.merchant_id, written.total_minor, written.tax_minor,
      written.cancelled_at AT TIME ZONE merchants.time_zone AS at
    FROM written
    JOIN before USING (id)
    JOIN merchants ON merchants.id = written.merchant_id
    WHERE written.status = 'cancelled' AND before.status <> 'cancelled' AND written.cancelled_at IS NOT NULL
  ), hourly AS (
    INSERT INTO sales_hourly_pending (merchant_id, day, hour, channel, refunds, refunds_net_minor, refunds_total_minor)
    SELECT merchant_id, at::date, extract(hour FROM at), 'online', 1, total_minor - tax_minor, total_minor
    FROM cancelled
  ), lines AS (
    INSERT INTO product_sales_daily_pending (merchant_id, day, product_id, channel, returned_quantity,
      returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
    SELECT cancelled.merchant_id, cancelled.at::date, item.product_id, 'online', item.quantity, item.net_minor,
      coalesce(-item.quantity * products.average_cost_minor, 0),
      CASE WHEN products.average_cost_minor IS NULL THEN 0 ELSE -item.net_minor END,
      CASE WHEN products.average_cost_minor IS NULL THEN -item.quantity ELSE 0 END
    FROM cancelled
    JOIN order_items AS item ON item.order_id = cancelled.id
    JOIN products ON products.id = item.product_id
  )
  INSERT INTO payments_daily_pending (merchant_id, day, method, refunds, refunded_minor)
  SELECT merchant_id, at::date, 'online', 1, total_minor FROM cancelled;
  RETURN NULL;
END
$$;

-- The same triggers (their names keep the order they fire in), each on its own function.
DROP TRIGGER register_sales_summaries ON register_sales;
CREATE TRIGGER register_sales_summaries AFTER INSERT ON register_sales
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION summaries_of_register_sales();
DROP TRIGGER register_voids_summaries ON register_voids;
CREATE TRIGGER register_voids_summaries AFTER INSERT ON register_voids
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION summaries_of_register_voids();
DROP TRIGGER orders_placed_summaries ON orders;
CREATE TRIGGER orders_placed_summaries AFTER INSERT ON orders
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION summaries_of_placed_orders();
DROP TRIGGER orders_cancelled_summaries ON orders;
CREATE TRIGGER orders_cancelled_summaries AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS before NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION summaries_of_cancelled_orders();

DROP FUNCTION add_to_sales_summaries();
DROP FUNCTION add_register_sales(uuid[]);
DROP FUNCTION add_register_voids(uuid[]);
DROP FUNCTION add_online_orders(uuid[], boolean);
