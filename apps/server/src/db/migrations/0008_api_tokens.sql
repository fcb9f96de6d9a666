-- Tokens for scripts and devices, each limited to one shop and one staff role there. Shown once;
-- only the SHA-256 is kept. Revoking deletes the row.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  name text NOT NULL,
  merchant_id uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('manager', 'cashier')),
  created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX api_tokens_merchant_id_idx ON api_tokens (merchant_id);
