-- Every run of the ledger's check (Σ movements = stock, for every product): when, what started it,
-- who (for an admin's), how many products it read, and those that differed.
CREATE TABLE stock_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger text NOT NULL CHECK (trigger IN ('start', 'nightly', 'admin', 'command')),
  checked_by uuid REFERENCES users (id),
  products integer NOT NULL,
  unbalanced jsonb NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_checks_checked_at_idx ON stock_checks (checked_at);
