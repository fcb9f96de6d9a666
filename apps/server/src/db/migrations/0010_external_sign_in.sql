-- Sign-in through OpenID Connect issuers: the accounts linked to each external identity, and the
-- sign-ins under way (state, nonce and PKCE verifier kept server-side, the state stored hashed).
CREATE TABLE user_identities (
  provider_id text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, subject)
);
CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

CREATE TABLE sign_in_flows (
  state_hash text PRIMARY KEY,
  provider_id text NOT NULL,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  next_path text NOT NULL,
  expires_at timestamptz NOT NULL
);
