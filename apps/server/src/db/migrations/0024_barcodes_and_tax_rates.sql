-- What a register needs of the catalogue: a product found by the code a scanner reads, its tax rate,
-- and how the shop's prices carry tax.

-- A product's barcode (EAN-13, UPC-A, EAN-8 or Code 128 text), one product per code in a shop.
ALTER TABLE products ADD COLUMN barcode text;
CREATE UNIQUE INDEX products_barcode_idx ON products (merchant_id, barcode) WHERE barcode IS NOT NULL;
-- A code typed in another case than the SKU's (a scanner sends what is printed) is found by it too.
CREATE INDEX products_sku_lower_idx ON products (merchant_id, lower(sku));

-- A shop's tax rates, in parts per million so every real rate is exact (20 % = 200000, 5.5 % = 55000,
-- 9.975 % = 99750). Never deleted: a rate no longer used is archived, and stays on what has it.
CREATE TABLE tax_rates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  merchant_id uuid NOT NULL REFERENCES merchants (id),
  name text NOT NULL,
  rate_ppm integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tax_rates_name_idx ON tax_rates (merchant_id, lower(name)) WHERE archived_at IS NULL;

-- A product's rate is its own, else its category's default, else no tax.
ALTER TABLE products ADD COLUMN tax_rate_id uuid REFERENCES tax_rates (id);
ALTER TABLE categories ADD COLUMN tax_rate_id uuid REFERENCES tax_rates (id);

-- Whether prices as entered include tax (the European way) or have it added on top (the North
-- American way), and whether tax is rounded on each line (half away from zero) or per rate over
-- the sale's total.
ALTER TABLE merchants
  ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT true,
  ADD COLUMN tax_rounding text NOT NULL DEFAULT 'line' CHECK (tax_rounding IN ('line', 'total'));
