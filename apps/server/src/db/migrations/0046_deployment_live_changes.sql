-- A live change may belong to the whole deployment rather than to one shop, supplier or person: the
-- mail folder of the embedded mode, which every merchant and admin reads. Such a change has no scope
-- id; who hears it is decided by the topic's route (DEPLOYMENT_TOPIC_ROUTES).
ALTER TABLE live_changes_pending DROP CONSTRAINT live_changes_pending_check;
ALTER TABLE live_changes_pending ADD CONSTRAINT live_changes_pending_one_scope_at_most
  CHECK (num_nonnulls(merchant_id, supplier_id, user_id) <= 1);
ALTER TABLE live_changes DROP CONSTRAINT live_changes_check;
ALTER TABLE live_changes ADD CONSTRAINT live_changes_one_scope_at_most
  CHECK (num_nonnulls(merchant_id, supplier_id, user_id) <= 1);
