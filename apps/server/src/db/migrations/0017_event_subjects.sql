-- An event names what it is about in general terms (an order today; a purchase order or a product
-- tomorrow), so the outbox needs no column per kind of subject. order_id stays, for the rows written
-- before; new rows leave it empty. Its index keeps only those rows: the foreign key's check on an
-- order still finds them through it, and no new event adds an entry to it.
ALTER TABLE outbox_events
  ADD COLUMN subject_type text,
  ADD COLUMN subject_id uuid,
  ADD COLUMN subject_label text,
  ADD CONSTRAINT outbox_events_subject_check
    CHECK ((subject_type IS NULL) = (subject_id IS NULL) AND (subject_id IS NULL) = (subject_label IS NULL));
UPDATE outbox_events SET subject_type = 'order', subject_id = orders.id, subject_label = orders.number
FROM orders WHERE orders.id = outbox_events.order_id;
-- An order's page reads its deliveries by its id; the shop's messages are searched by an order's number.
CREATE INDEX outbox_events_subject_id_idx ON outbox_events (subject_id);
CREATE INDEX outbox_events_subject_label_idx ON outbox_events (merchant_id, subject_label);
DROP INDEX outbox_events_order_id_idx;
CREATE INDEX outbox_events_order_id_idx ON outbox_events (order_id) WHERE order_id IS NOT NULL;
