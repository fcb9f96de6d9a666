-- Wakes the outbox relays of every server process when events commit: NOTIFY is delivered at
-- commit (never for a rollback), once per transaction however many rows it wrote. Relays LISTEN
-- on a connection of their own and keep polling as well, so a notice lost with that connection
-- only delays an event until the next poll.
CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_events', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify();
