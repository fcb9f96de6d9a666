-- Discounts at the register above a cap need a manager's approval on the spot. Each cap is the largest
-- share of a sale's gross (Σ quantity × price) its discounts, line and cart together, may come to
-- without approval, in parts per million (100000 = 10 %); null is no cap. Owners have none. The owner
-- sets them with the shop's settings.
ALTER TABLE merchants
  ADD COLUMN register_cashier_discount_cap_ppm integer DEFAULT 100000
    CHECK (register_cashier_discount_cap_ppm BETWEEN 0 AND 1000000),
  ADD COLUMN register_manager_discount_cap_ppm integer
    CHECK (register_manager_discount_cap_ppm BETWEEN 0 AND 1000000);

-- A person's PIN at one shop's registers, set by themself, stored only as a salted scrypt hash (the
-- account password's hashing): a manager or the owner types it on the register to approve a discount.
CREATE TABLE register_pins (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  pin_hash text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, user_id)
);

-- Wrong PINs typed for an approver, counted here (not in one process's memory) so that a limit of
-- tries holds across server processes. A right PIN clears them; older ones no longer count.
CREATE TABLE register_pin_failures (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_pin_failures_idx ON register_pin_failures (merchant_id, user_id, failed_at);

-- Who approved a sale's discounts above the seller's cap; null when none was needed.
ALTER TABLE register_sales ADD COLUMN approved_by uuid REFERENCES users (id);
