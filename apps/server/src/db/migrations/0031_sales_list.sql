-- The shop's sales list pages through its orders and its register sales together by (created_at, id),
-- newest first. Each table's (merchant, created_at) index ends with the id now, so that a page is read
-- straight off the index from the previous page's last entry, sorting nothing, however many entries
-- share an instant (orders placed in one statement share it). The indexes keep their names and serve
-- every query they served before, so each table maintains no more indexes than it did.
DROP INDEX orders_merchant_id_created_at_idx;
CREATE INDEX orders_merchant_id_created_at_idx ON orders (merchant_id, created_at DESC, id DESC);
DROP INDEX register_sales_merchant_idx;
CREATE INDEX register_sales_merchant_idx ON register_sales (merchant_id, created_at, id);
