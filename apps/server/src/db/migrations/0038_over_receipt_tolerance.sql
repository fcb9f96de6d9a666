-- How much more than is still to come of a purchase order line a delivery may bring without anyone
-- allowing it, as a share of the line's ordered quantity (0 to 100 %); beyond it, a manager or the
-- owner allows the surplus, or it is refused.
ALTER TABLE merchants ADD COLUMN over_receipt_tolerance_percent integer NOT NULL DEFAULT 0
  CHECK (over_receipt_tolerance_percent BETWEEN 0 AND 100);
