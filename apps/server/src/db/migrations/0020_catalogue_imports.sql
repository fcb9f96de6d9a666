-- A catalogue import that was applied, under the id its client made for the file: an apply sent
-- again (a retry after a lost answer) finds it here and changes nothing. Its stock changes are the
-- `import` movements whose document_id is this id; what else it changed is in the products.
CREATE TABLE catalogue_imports (
  id uuid PRIMARY KEY,
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  actor_id uuid REFERENCES users (id),
  created integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalogue_imports_merchant_idx ON catalogue_imports (merchant_id, applied_at);
