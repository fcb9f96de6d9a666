-- Staff hours. Each shop's owner sets how long a shift may stay open before it is closed for the
-- person (at that length, flagged), and the hours a week above which work is overtime.
ALTER TABLE merchants
  ADD COLUMN max_shift_hours integer NOT NULL DEFAULT 12 CHECK (max_shift_hours BETWEEN 1 AND 24),
  ADD COLUMN overtime_threshold_hours integer NOT NULL DEFAULT 40
    CHECK (overtime_threshold_hours BETWEEN 1 AND 168);

-- One stretch of work of one person at one shop, clocked in (and out) on a register with the person's
-- PIN or from their own account. Its id is made where it is clocked in: sent twice, it is recorded
-- once. clock_in and clock_out are the entry's current values; a manager's correction changes them in
-- the same transaction as it appends its time_entry_edits row, which keeps the values before and after.
CREATE TABLE time_entries (
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  clock_in timestamptz NOT NULL,
  clock_out timestamptz,
  source text NOT NULL CHECK (source IN ('register', 'account')),
  -- Who was signed in when it was clocked in: the person, or the register's account with their PIN.
  recorded_by uuid NOT NULL REFERENCES users (id),
  -- Left open past the shop's maximum shift length, and closed by the server at that length.
  auto_closed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (clock_out IS NULL OR clock_out > clock_in)
);
-- One open entry per person per shop: a second clock-in, from anywhere, is refused.
CREATE UNIQUE INDEX time_entries_one_open ON time_entries (merchant_id, user_id) WHERE clock_out IS NULL;
CREATE INDEX time_entries_by_week ON time_entries (merchant_id, clock_in);
-- What the sweep of entries left open reads.
CREATE INDEX time_entries_open ON time_entries (clock_in) WHERE clock_out IS NULL;

-- A break within an entry, paid (counted as worked) or unpaid (not); one open at a time.
CREATE TABLE time_entry_breaks (
  id uuid PRIMARY KEY,
  entry_id uuid NOT NULL REFERENCES time_entries (id),
  paid boolean NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX time_entry_breaks_one_open ON time_entry_breaks (entry_id) WHERE ended_at IS NULL;
CREATE INDEX time_entry_breaks_by_entry ON time_entry_breaks (entry_id, started_at);

-- A manager's correction of an entry: who, when, why, and its times before and after. Never changed
-- nor deleted: the first row's "before" is the entry as it was clocked.
CREATE TABLE time_entry_edits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES time_entries (id),
  edited_by uuid NOT NULL REFERENCES users (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  old_clock_in timestamptz NOT NULL,
  old_clock_out timestamptz,
  new_clock_in timestamptz NOT NULL,
  new_clock_out timestamptz NOT NULL,
  edited_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX time_entry_edits_by_entry ON time_entry_edits (entry_id, edited_at);

CREATE FUNCTION time_entry_edits_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'time_entry_edits is append-only: record a new correction instead';
END;
$$;
CREATE TRIGGER time_entry_edits_append_only BEFORE UPDATE OR DELETE ON time_entry_edits
  FOR EACH ROW EXECUTE FUNCTION time_entry_edits_append_only();

-- A shop's week (Monday to Sunday in its time zone) approved by a manager or the owner: its entries
-- are locked, refusing clock-ins and corrections that touch it.
CREATE TABLE timesheet_approvals (
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
  approved_by uuid NOT NULL REFERENCES users (id),
  approved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, week_start)
);
