-- An online order carries tax as a register sale does: each line's tax rate as sold (copied, like
-- register_sale_lines, so it stays what it was whatever the rate becomes), its amount, tax and net,
-- and the order's tax and whether its prices included it. The total is still what the customer pays.

-- Null: placed before orders carried tax, recorded without any (their tax is 0, their total what
-- was charged then). Set on every order placed since.
ALTER TABLE orders
  ADD COLUMN prices_include_tax boolean,
  ADD COLUMN tax_minor bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ALTER COLUMN tax_minor DROP DEFAULT;
ALTER TABLE orders ADD CONSTRAINT orders_tax_recorded_check CHECK (prices_include_tax IS NOT NULL OR tax_minor = 0);

ALTER TABLE order_items
  ADD COLUMN amount_minor bigint,
  ADD COLUMN tax_rate_id uuid,
  ADD COLUMN tax_rate_name text,
  ADD COLUMN tax_rate_ppm integer,
  ADD COLUMN tax_minor bigint NOT NULL DEFAULT 0,
  ADD COLUMN net_minor bigint;
-- Lines placed before: no tax, so their amount and net are what they came to. What the customer
-- paid (orders.total_minor) is left as it is.
UPDATE order_items SET amount_minor = unit_price_minor * quantity, net_minor = unit_price_minor * quantity;
ALTER TABLE order_items
  ALTER COLUMN amount_minor SET NOT NULL,
  ALTER COLUMN net_minor SET NOT NULL,
  ALTER COLUMN tax_minor DROP DEFAULT;
