import type { ManagedProduct, Merchant, SaleLineInput, TaxRounding } from '@myb/contracts';
import { useMemo } from 'react';
import { useCatalogue } from '../../api/backOffice';

/**
 * How the register sees the catalogue: what it sells, at which price and tax rate, and which code a
 * scanner reads for each product. The one place that maps a product to a sale line, so that barcodes,
 * tax rates and the shop's tax convention, when the catalogue gains them, are added here and nowhere else.
 */

export type TaxRateRef = NonNullable<SaleLineInput['taxRate']>;

export interface RegisterProduct {
  id: string;
  sku: string;
  name: string;
  categoryId: string | null;
  priceMinor: number;
  stock: number;
  taxRate: TaxRateRef | null;
  /** What a scanner may read for it, matched exactly (any letter case): its SKU for now. */
  codes: string[];
}

/** The shop's tax convention, as `saleTotals` takes it. */
export interface RegisterTaxSettings {
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
}

/**
 * Until shops set it, prices are what the customer pays and carry no tax, so a line's tax is 0 and the
 * receipt says prices include tax.
 */
export function taxSettingsOf(_shop: Merchant): RegisterTaxSettings {
  return { pricesIncludeTax: true, taxRounding: 'line' };
}

export function registerProductOf(product: ManagedProduct): RegisterProduct {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    categoryId: product.categoryId,
    priceMinor: product.priceMinor,
    stock: product.stock,
    taxRate: null,
    codes: [product.sku],
  };
}

const byName = (a: RegisterProduct, b: RegisterProduct) => a.name.localeCompare(b.name);

/** The products on sale (not archived), by name. */
export function registerProductsOf(products: ManagedProduct[]): RegisterProduct[] {
  return products
    .filter((product) => product.archivedAt === null)
    .map(registerProductOf)
    .sort(byName);
}

/** The product whose code is exactly `code` (a scan), in any letter case. */
export function findByCode(products: RegisterProduct[], code: string): RegisterProduct | undefined {
  const wanted = code.trim().toLocaleLowerCase();
  if (wanted === '') {
    return undefined;
  }
  return products.find((product) => product.codes.some((each) => each.toLocaleLowerCase() === wanted));
}

/** Products whose name or SKU holds `text`, those whose name starts with it first. */
export function searchByName(products: RegisterProduct[], text: string, limit = 20): RegisterProduct[] {
  const wanted = text.trim().toLocaleLowerCase();
  if (wanted === '') {
    return [];
  }
  const starts: RegisterProduct[] = [];
  const holds: RegisterProduct[] = [];
  for (const product of products) {
    const name = product.name.toLocaleLowerCase();
    if (name.startsWith(wanted)) {
      starts.push(product);
    } else if (name.includes(wanted) || product.sku.toLocaleLowerCase().includes(wanted)) {
      holds.push(product);
    }
  }
  return [...starts, ...holds].slice(0, limit);
}

/** The shop's products as the register sells them, kept live: stock changes as the shop sells. */
export function useRegisterProducts(slug: string) {
  const catalogue = useCatalogue(slug, { live: true });
  const products = useMemo(
    () => (catalogue.data ? registerProductsOf(catalogue.data) : undefined),
    [catalogue.data],
  );
  return { catalogue, products };
}
