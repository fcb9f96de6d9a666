-- The dead stock report asks each product in stock for its last day with a sale: this index answers it
-- with one step per product, where the summary's key (merchant, day, …) would read every day of the shop.
CREATE INDEX product_sales_daily_last_sale_idx ON product_sales_daily (merchant_id, product_id, day)
  WHERE sold_quantity > 0;
