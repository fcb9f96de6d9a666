-- The embedded MQTT broker's state that must outlive a restart of the server: subscriptions of
-- persistent sessions (clean = false), the QoS 1/2 messages queued for them until acknowledged,
-- retained messages and last wills. Only the embedded broker (no MQTT_URL, no AMQP_URL) uses these.
-- Packets are kept as their payload plus the rest of their fields in JSON (`fields`).
CREATE TABLE mqtt_subscriptions (
  client_id text NOT NULL,
  topic text NOT NULL,
  qos smallint NOT NULL,
  -- MQTT 5 subscription options (rh, rap, nl, subscriptionIdentifier), JSON.
  options text NOT NULL,
  PRIMARY KEY (client_id, topic)
);

-- One row per message and persistent session, in the order the broker queued them.
CREATE TABLE mqtt_outgoing (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id text NOT NULL,
  broker_id text NOT NULL,
  broker_counter bigint NOT NULL,
  -- Kept for QoS 2 only, whose PUBREL replaces the PUBLISH by message id.
  message_id integer,
  fields text NOT NULL,
  payload bytea NOT NULL,
  UNIQUE (client_id, broker_id, broker_counter)
);

CREATE TABLE mqtt_retained (
  topic text PRIMARY KEY,
  fields text NOT NULL,
  payload bytea NOT NULL
);

CREATE TABLE mqtt_wills (
  client_id text PRIMARY KEY,
  fields text NOT NULL,
  payload bytea NOT NULL
);
