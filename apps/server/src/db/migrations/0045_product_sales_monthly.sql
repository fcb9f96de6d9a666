-- Products' sales per local month, beside the days: a report over two years of a busy shop sums 24
-- rows per product and channel for its whole months instead of 730, and the days only for the months
-- it takes in part. Kept by the same fold as the days, from the same pending rows, in the same
-- statement (so a month is always the sum of its days); read, like the days, through a view that adds
-- what is still pending.
CREATE TABLE product_sales_monthly (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  -- The month's first day, in the shop's time zone as the days are.
  month date NOT NULL CHECK (extract(day FROM month) = 1),
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
CREATE UNIQUE INDEX product_sales_monthly_key ON product_sales_monthly (merchant_id, month, product_id, channel);

INSERT INTO product_sales_monthly (merchant_id, month, product_id, channel, sold_quantity, sold_net_minor,
  returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
SELECT merchant_id, date_trunc('month', day)::date, product_id, channel, sum(sold_quantity), sum(sold_net_minor),
  sum(returned_quantity), sum(returned_net_minor), sum(cost_minor), sum(costed_net_minor), sum(uncosted_quantity)
FROM product_sales_daily GROUP BY 1, 2, 3, 4;

CREATE VIEW product_sales_monthly_now AS
  SELECT merchant_id, month, product_id, channel, sold_quantity, sold_net_minor, returned_quantity,
    returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity
  FROM product_sales_monthly
  UNION ALL
  SELECT merchant_id, date_trunc('month', day)::date, product_id, channel, sold_quantity, sold_net_minor,
    returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity
  FROM product_sales_daily_pending;

-- Migration 0042's fold, which now also adds each batch of products' days to their months.
CREATE OR REPLACE FUNCTION fold_sales_summaries(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
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
  ), folded_by_month AS (
    INSERT INTO product_sales_monthly AS summary (merchant_id, month, product_id, channel, sold_quantity,
      sold_net_minor, returned_quantity, returned_net_minor, cost_minor, costed_net_minor, uncosted_quantity)
    SELECT merchant_id, date_trunc('month', day)::date, product_id, channel, sum(sold_quantity), sum(sold_net_minor),
      sum(returned_quantity), sum(returned_net_minor), sum(cost_minor), sum(costed_net_minor), sum(uncosted_quantity)
    FROM taken GROUP BY merchant_id, date_trunc('month', day)::date, product_id, channel
    ORDER BY merchant_id, date_trunc('month', day)::date, product_id, channel
    ON CONFLICT (merchant_id, month, product_id, channel) DO UPDATE SET
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
