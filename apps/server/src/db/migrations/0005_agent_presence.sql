-- Which supplier devices (agents) are online, from their presence messages. One row per device:
-- a supplier may run several agents (a spare, a second site), each with its own client id or queue.
CREATE TABLE agent_presence (
  supplier_id uuid NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
  agent text NOT NULL,
  status text NOT NULL CHECK (status IN ('online', 'offline')),
  online_since timestamptz NOT NULL,
  last_seen timestamptz NOT NULL DEFAULT now(),
  heartbeat_seconds integer NOT NULL,
  PRIMARY KEY (supplier_id, agent)
);
