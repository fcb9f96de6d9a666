-- A shop's settings beside its name: the time zone its days are counted in (IANA name), its postal
-- address, and whether it has closed (when, and who closed it; reopening clears both, the audit log
-- keeps each closing and reopening). `version` counts changes to the settings, so a form saved
-- after someone else's change is refused instead of undoing it.
ALTER TABLE merchants
  ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
  ADD COLUMN address text NOT NULL DEFAULT '',
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN closed_by uuid REFERENCES users (id),
  ADD COLUMN version integer NOT NULL DEFAULT 1;
