-- The deployment this database belongs to: one row, made when the database is first migrated. Every
-- server process on this database reads the same id; another database, another deployment, another
-- id. The default AMQP receipts queue is named from it (`myb.receipts.<id>`), so deployments sharing
-- a RabbitMQ virtual host never share a receipts queue, while the processes of one deployment do.
CREATE TABLE deployment (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO deployment DEFAULT VALUES;

-- Tells every server process that the set of suppliers (or their shops) changed, so the agents a
-- server runs for its suppliers (the demo agents) follow suppliers added, changed and removed while
-- it runs. Once per statement, delivered at commit; the listeners read the suppliers afresh.
CREATE FUNCTION suppliers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('suppliers', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER suppliers_notify AFTER INSERT OR UPDATE OR DELETE ON suppliers
  FOR EACH STATEMENT EXECUTE FUNCTION suppliers_notify();
CREATE TRIGGER merchants_notify_suppliers AFTER UPDATE OR DELETE ON merchants
  FOR EACH STATEMENT EXECUTE FUNCTION suppliers_notify();
