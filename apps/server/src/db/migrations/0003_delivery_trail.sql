-- The delivery trail: every step of one outbox event, from the server (queued, published) and from
-- the supplier's agent (delivered, emailed, failed, each from a receipt). A step seen twice — a
-- redelivery, a relay publishing again — is kept twice: the trail shows what happened.
CREATE TABLE delivery_steps (
  -- A receipt's own id for agents' steps, so a receipt that arrives twice is recorded once.
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('queued', 'published', 'delivered', 'emailed', 'failed')),
  at timestamptz NOT NULL DEFAULT now(),
  recipients text[] NOT NULL DEFAULT '{}',
  reason text,
  agent text
);
CREATE INDEX delivery_steps_event_id_idx ON delivery_steps (event_id, at);

-- Events written before this migration get the steps their outbox row already proves.
INSERT INTO delivery_steps (event_id, stage, at) SELECT id, 'queued', created_at FROM outbox_events;
INSERT INTO delivery_steps (event_id, stage, at)
  SELECT id, 'published', published_at FROM outbox_events WHERE published_at IS NOT NULL;
