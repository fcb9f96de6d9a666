-- What the screens hear about: "this shop's orders changed", "this supplier's messages changed",
-- "this person's own orders changed". A screen that hears of a change of a topic reads it again
-- through its routes, so a change carries no figures, only its scope and topic.
--
-- Writers append to live_changes_pending from statement-level triggers: one row per scope a statement
-- touched, with its topics, in the writer's own transaction, nothing locked and no NOTIFY (a notifying
-- transaction's commit is serialised with every other one's, which the order and register paths
-- cannot afford). Every server process then calls sequence_live_changes a few times a second: one at
-- a time (an advisory lock), it moves what is pending into live_changes under ids that follow commit
-- order, merged per scope and topic, and notifies the other processes. A browser that reconnects
-- gives the last id it heard (Last-Event-ID) and hears every change after it.
CREATE TABLE live_changes_pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merchant_id uuid,
  supplier_id uuid,
  user_id uuid,
  topics text[] NOT NULL,
  CHECK (num_nonnulls(merchant_id, supplier_id, user_id) = 1)
);

-- Kept an hour (live_change_retention): a browser away longer reads its screens afresh.
CREATE TABLE live_changes (
  id bigint PRIMARY KEY,
  merchant_id uuid,
  supplier_id uuid,
  user_id uuid,
  topic text NOT NULL,
  sequenced_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(merchant_id, supplier_id, user_id) = 1)
);
CREATE INDEX live_changes_sequenced_at_idx ON live_changes (sequenced_at);

-- The rows below become one statement-level trigger per table and event, and its function: for each
-- scope, the statement's rows (its transition table `changed`) give the scope's id (a row whose id is
-- null, an order's message with no supplier, adds nothing), each id noted once with its topics, every
-- scope in one INSERT. Each function is plain SQL so that its plan is cached: the order and register
-- paths run these on every statement. Transition tables allow one event per trigger: an INSERT and an
-- UPDATE trigger each where both matter.
DO $$
DECLARE
  noted record;
  name text;
BEGIN
  FOR noted IN
    SELECT tab, event, string_agg(
      format(
        'SELECT DISTINCT %s, %L::text[] FROM (SELECT %s AS id FROM changed) scope WHERE id IS NOT NULL',
        CASE scope
          WHEN 'merchant_id' THEN 'id, NULL::uuid, NULL::uuid'
          WHEN 'supplier_id' THEN 'NULL::uuid, id, NULL::uuid'
          ELSE 'NULL::uuid, NULL::uuid, id'
        END,
        '{' || topics || '}', id_of),
      ' UNION ALL ') AS selects
    FROM (VALUES
      -- table, event, scope, its id from `changed`, topics
      ('orders', 'INSERT', 'merchant_id', 'merchant_id', 'orders,sales,customers'),
      ('orders', 'UPDATE', 'merchant_id', 'merchant_id', 'orders,sales,customers'),
      ('orders', 'INSERT', 'user_id', 'customer_id', 'myOrders'),
      ('orders', 'UPDATE', 'user_id', 'customer_id', 'myOrders'),
      ('outbox_events', 'INSERT', 'supplier_id', 'supplier_id', 'supplierMessages'),
      ('delivery_steps', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM outbox_events WHERE outbox_events.id = changed.event_id)', 'orders,messages'),
      ('delivery_steps', 'INSERT', 'supplier_id',
        '(SELECT supplier_id FROM outbox_events WHERE outbox_events.id = changed.event_id)', 'supplierMessages'),
      ('order_message_acknowledgements', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM outbox_events WHERE outbox_events.id = changed.event_id)', 'orders,messages'),
      ('order_message_acknowledgements', 'INSERT', 'supplier_id',
        '(SELECT supplier_id FROM outbox_events WHERE outbox_events.id = changed.event_id)', 'supplierMessages'),
      ('agent_presence', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM suppliers WHERE suppliers.id = changed.supplier_id)', 'devices'),
      ('agent_presence', 'UPDATE', 'merchant_id',
        '(SELECT merchant_id FROM suppliers WHERE suppliers.id = changed.supplier_id)', 'devices'),
      ('products', 'INSERT', 'merchant_id', 'merchant_id', 'catalogue'),
      ('products', 'UPDATE', 'merchant_id', 'merchant_id', 'catalogue'),
      ('stock_movements', 'INSERT', 'merchant_id', 'merchant_id', 'catalogue,stock'),
      ('stock_counts', 'INSERT', 'merchant_id', 'merchant_id', 'stock'),
      ('stock_counts', 'UPDATE', 'merchant_id', 'merchant_id', 'stock'),
      ('stock_count_entries', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM stock_counts WHERE stock_counts.id = changed.count_id)', 'stock'),
      ('reorder_rules', 'INSERT', 'merchant_id', 'merchant_id', 'stock'),
      ('reorder_rules', 'UPDATE', 'merchant_id', 'merchant_id', 'stock'),
      ('register_shifts', 'INSERT', 'merchant_id', 'merchant_id', 'register'),
      ('register_shifts', 'UPDATE', 'merchant_id', 'merchant_id', 'register'),
      ('register_cash_moves', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM register_shifts WHERE register_shifts.id = changed.shift_id)', 'register'),
      ('register_sales', 'INSERT', 'merchant_id', 'merchant_id', 'register,sales,customers'),
      ('register_voids', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM register_shifts WHERE register_shifts.id = changed.shift_id)', 'register,sales'),
      ('purchase_orders', 'INSERT', 'merchant_id', 'merchant_id', 'purchaseOrders'),
      ('purchase_orders', 'UPDATE', 'merchant_id', 'merchant_id', 'purchaseOrders'),
      ('purchase_orders', 'INSERT', 'supplier_id', 'supplier_id', 'supplierPurchaseOrders'),
      ('purchase_orders', 'UPDATE', 'supplier_id', 'supplier_id', 'supplierPurchaseOrders'),
      ('purchase_order_lines', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM purchase_orders WHERE purchase_orders.id = changed.purchase_order_id)', 'purchaseOrders'),
      ('purchase_order_lines', 'UPDATE', 'merchant_id',
        '(SELECT merchant_id FROM purchase_orders WHERE purchase_orders.id = changed.purchase_order_id)', 'purchaseOrders'),
      ('purchase_order_acknowledgements', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM purchase_orders WHERE purchase_orders.id = changed.purchase_order_id)', 'purchaseOrders'),
      ('purchase_order_acknowledgements', 'INSERT', 'supplier_id',
        '(SELECT supplier_id FROM purchase_orders WHERE purchase_orders.id = changed.purchase_order_id)', 'supplierPurchaseOrders'),
      ('purchase_receipts', 'INSERT', 'merchant_id', 'merchant_id', 'purchaseOrders'),
      ('time_entries', 'INSERT', 'merchant_id', 'merchant_id', 'hours'),
      ('time_entries', 'UPDATE', 'merchant_id', 'merchant_id', 'hours'),
      ('time_entry_breaks', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM time_entries WHERE time_entries.id = changed.entry_id)', 'hours'),
      ('time_entry_breaks', 'UPDATE', 'merchant_id',
        '(SELECT merchant_id FROM time_entries WHERE time_entries.id = changed.entry_id)', 'hours'),
      ('time_entry_edits', 'INSERT', 'merchant_id',
        '(SELECT merchant_id FROM time_entries WHERE time_entries.id = changed.entry_id)', 'hours'),
      ('timesheet_approvals', 'INSERT', 'merchant_id', 'merchant_id', 'hours'),
      ('timesheet_approvals', 'UPDATE', 'merchant_id', 'merchant_id', 'hours'),
      ('shop_customers', 'INSERT', 'merchant_id', 'merchant_id', 'customers'),
      ('shop_customers', 'UPDATE', 'merchant_id', 'merchant_id', 'customers'),
      ('customer_consents', 'INSERT', 'merchant_id', 'merchant_id', 'customers'),
      ('store_credit_entries', 'INSERT', 'merchant_id', 'merchant_id', 'customers'),
      -- Who works where: the stream of each person concerned reads their access afresh.
      ('merchant_members', 'INSERT', 'merchant_id', 'merchant_id', 'staff'),
      ('merchant_members', 'UPDATE', 'merchant_id', 'merchant_id', 'staff'),
      ('merchant_members', 'DELETE', 'merchant_id', 'merchant_id', 'staff'),
      ('merchant_members', 'INSERT', 'user_id', 'user_id', 'access'),
      ('merchant_members', 'UPDATE', 'user_id', 'user_id', 'access'),
      ('merchant_members', 'DELETE', 'user_id', 'user_id', 'access'),
      ('supplier_members', 'INSERT', 'user_id', 'user_id', 'access'),
      ('supplier_members', 'DELETE', 'user_id', 'user_id', 'access')
    ) AS noted (tab, event, scope, id_of, topics)
    GROUP BY tab, event
  LOOP
    name := format('%s_live_%s', noted.tab, lower(noted.event));
    EXECUTE format(
      'CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS %L',
      name,
      format(
        'BEGIN
           INSERT INTO live_changes_pending (merchant_id, supplier_id, user_id, topics) %s;
           RETURN NULL;
         END;',
        noted.selects));
    EXECUTE format(
      'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      name, noted.event, noted.tab, CASE noted.event WHEN 'DELETE' THEN 'OLD' ELSE 'NEW' END, name);
  END LOOP;
END;
$$;

-- Moves up to `batch` pending rows into live_changes, a change per scope and topic, under ids that
-- follow commit order: one caller at a time (the advisory lock, held to commit), each numbering after
-- the last committed id. Answers how many pending rows it took; null when another caller holds the
-- lock. Changes older than the retention are dropped on the way: they are hints, not records.
CREATE FUNCTION sequence_live_changes(batch integer, retention interval) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  taken_count integer;
  last_id bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('sequence_live_changes')) THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(max(id), 0) INTO last_id FROM live_changes;
  WITH taken AS (
    DELETE FROM live_changes_pending
    WHERE id IN (SELECT id FROM live_changes_pending ORDER BY id LIMIT batch)
    RETURNING merchant_id, supplier_id, user_id, topics
  ), merged AS (
    SELECT DISTINCT merchant_id, supplier_id, user_id, topic FROM taken, unnest(topics) topic
  ), sequenced AS (
    INSERT INTO live_changes (id, merchant_id, supplier_id, user_id, topic)
    SELECT last_id + row_number() OVER (ORDER BY merchant_id, supplier_id, user_id, topic),
      merchant_id, supplier_id, user_id, topic
    FROM merged
  )
  SELECT count(*) INTO taken_count FROM taken;
  IF taken_count > 0 THEN
    PERFORM pg_notify('live_changes', '');
  END IF;
  DELETE FROM live_changes WHERE sequenced_at < now() - retention AND id < last_id;
  RETURN taken_count;
END;
$$;
