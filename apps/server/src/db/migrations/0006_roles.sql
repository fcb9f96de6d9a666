-- Roles beyond the first slice's flags: staff of a shop (manager, cashier), people of a supplier,
-- disabled accounts, and an audit log of every change of who may do what.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

CREATE TABLE merchant_members (
  merchant_id uuid NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('manager', 'cashier')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, user_id)
);
CREATE INDEX merchant_members_user_id_idx ON merchant_members (user_id);

CREATE TABLE supplier_members (
  supplier_id uuid NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (supplier_id, user_id)
);
CREATE INDEX supplier_members_user_id_idx ON supplier_members (user_id);

-- Who changed whose access, when. E-mails are copied so an entry still reads the same later.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_email text NOT NULL,
  action text NOT NULL,
  target_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  target_email text,
  merchant_id uuid REFERENCES merchants (id) ON DELETE SET NULL,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at DESC, id);
