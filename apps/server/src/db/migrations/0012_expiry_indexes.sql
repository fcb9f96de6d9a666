-- The hourly sweep of what has expired reads these by expiry instead of scanning every row.
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX password_resets_expires_at_idx ON password_resets (expires_at);
CREATE INDEX sign_in_flows_expires_at_idx ON sign_in_flows (expires_at);
