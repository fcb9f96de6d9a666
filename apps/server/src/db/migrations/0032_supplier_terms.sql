-- A product's terms with each of its suppliers: what the supplier calls it, what one costs the shop
-- (in the shop's currency; null while unknown), the multiple it is ordered in (a pack), the least
-- the supplier takes in one order, and how many days it takes to come (null while unknown). One
-- supplier of a product is preferred, ordered from first; the others are its backups.
ALTER TABLE product_suppliers
  ADD COLUMN supplier_sku text,
  ADD COLUMN cost_minor bigint CHECK (cost_minor >= 0),
  ADD COLUMN pack_size int NOT NULL DEFAULT 1 CHECK (pack_size >= 1),
  ADD COLUMN min_order_quantity int NOT NULL DEFAULT 1 CHECK (min_order_quantity >= 1),
  ADD COLUMN lead_time_days int CHECK (lead_time_days BETWEEN 0 AND 365),
  ADD COLUMN preferred boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX product_suppliers_preferred_idx ON product_suppliers (product_id) WHERE preferred;

-- Every product that has suppliers gets a preferred one: the first by name (then id) among those not
-- archived, an archived one only when it is all the product has.
UPDATE product_suppliers SET preferred = true
FROM (
  SELECT DISTINCT ON (ps.product_id) ps.product_id, ps.supplier_id
  FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id
  ORDER BY ps.product_id, s.archived_at IS NOT NULL, lower(s.name), s.id
) AS first
WHERE product_suppliers.product_id = first.product_id AND product_suppliers.supplier_id = first.supplier_id;
