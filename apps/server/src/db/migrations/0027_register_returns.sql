-- A return is a register sale of its own, with negative lines and refunds, on the register and shift
-- where the customer brought the goods back; it refers to the sale it returns (scanned from the
-- receipt), or to none when a manager takes it without a receipt. Nothing of the first sale changes.
ALTER TABLE register_sales
  ADD COLUMN kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'return')),
  ADD COLUMN return_of uuid REFERENCES register_sales (id),
  -- Why the goods came back: said by the customer, typed by the cashier.
  ADD COLUMN return_reason text,
  ADD CONSTRAINT register_sales_return_check
    CHECK (kind = 'return' OR (return_of IS NULL AND return_reason IS NULL));
CREATE INDEX register_sales_return_of_idx ON register_sales (return_of) WHERE return_of IS NOT NULL;

ALTER TABLE register_sale_lines
  -- On a return with a receipt: the line of the first sale it gives back.
  ADD COLUMN returned_position integer,
  -- On a return: whether the goods went back on the shelf (a `return` movement) or not (damaged, say).
  ADD COLUMN restock boolean;
