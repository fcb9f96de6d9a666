-- A product's form fields are changed only against the version the form was opened with: every
-- change of them adds one, so a form opened before someone else's change is refused instead of
-- writing its old values over the new ones. Stock is not a form field (it changes by adjustments
-- and orders), so taking stock leaves the version alone.
ALTER TABLE products ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Archived products and suppliers leave the choices (the public catalogue, the product form's
-- suppliers) but stay in every order, message and list that names them. Who archived it and when;
-- restoring clears both.
ALTER TABLE products
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN archived_by uuid REFERENCES users (id);
ALTER TABLE suppliers
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN archived_by uuid REFERENCES users (id);
