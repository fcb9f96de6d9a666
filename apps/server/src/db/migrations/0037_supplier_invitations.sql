-- A shop invites a supplier's people by e-mail. The e-mailed link makes whoever signs in with the
-- invited address one of the supplier's people (supplier_members). Only the token's SHA-256 is kept,
-- so the table does not hand out working links; a link works once, for 14 days. Invitations are never
-- deleted: an accepted, withdrawn or replaced one stays, saying who ended it and when.
CREATE TABLE supplier_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  -- Lowercased, as accounts' addresses are compared.
  email text NOT NULL CHECK (email = lower(email)),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- replaced: the same address was invited again while this one was pending.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'withdrawn', 'replaced')),
  -- When it stopped being pending, and who ended it: the person who accepted, withdrew or invited again.
  ended_at timestamptz,
  ended_by uuid REFERENCES users (id) ON DELETE SET NULL,
  CHECK ((status = 'pending') = (ended_at IS NULL))
);
-- One pending invitation per supplier and address: inviting again replaces it.
CREATE UNIQUE INDEX supplier_invitations_pending_idx ON supplier_invitations (supplier_id, email) WHERE status = 'pending';
CREATE INDEX supplier_invitations_supplier_idx ON supplier_invitations (supplier_id, created_at);
