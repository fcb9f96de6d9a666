-- Wakes the outbox relays of every server process when events nobody holds commit: NOTIFY is
-- delivered at commit (never for a rollback), once per transaction however many rows it wrote.
-- A dispatch's events are written leased to its own server's relay, which publishes them at once,
-- so they notify no one: PostgreSQL serialises the commits of notifying transactions, and the
-- dispatches would queue behind each other for a wake-up nobody needs. Relays LISTEN on a
-- connection of their own and keep polling as well, so a notice lost with that connection only
-- delays an event until the next poll.
CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_events', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH ROW WHEN (NEW.claimed_until IS NULL) EXECUTE FUNCTION outbox_events_notify();
