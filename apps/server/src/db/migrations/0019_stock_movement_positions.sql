-- A movement's place in the ledger. created_at is when its transaction began, and two transactions
-- that change one product commit in an order their start times need not follow, so a history read by
-- time could show a balance going the wrong way. The position is taken as the movement is written,
-- while its product's row is locked until commit, so for each product it follows the order its
-- balance changed in; histories and pages are read by it.
ALTER TABLE stock_movements ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX stock_movements_product_idx;
DROP INDEX stock_movements_merchant_idx;
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, position);
CREATE INDEX stock_movements_merchant_idx ON stock_movements (merchant_id, position);
