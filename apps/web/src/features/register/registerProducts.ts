import type { Category, ManagedProduct, Merchant, SaleLineInput, TaxRate, TaxRounding } from '@myb/contracts';
import { useMemo } from 'react';
import { useCatalogue } from '../../api/backOffice';
import { useCategories } from '../../api/catalogue';
import { useTaxRates } from '../../api/taxes';

/**
 * How the register sees the catalogue: what it sells, at which price and tax rate, and which code a
 * scanner reads for each product. The one place that maps a product to a sale line.
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
  /** What a scanner may read for it, matched exactly (any letter case): its barcode, then its SKU. */
  codes: string[];
}

/** The shop's tax convention, as `saleTotals` takes it. */
export interface RegisterTaxSettings {
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
}

/** The shop's own setting: prices with tax or without, and how tax is rounded. */
export function taxSettingsOf(shop: Merchant): RegisterTaxSettings {
  return { pricesIncludeTax: shop.pricesIncludeTax, taxRounding: shop.taxRounding };
}

/** What a product's rate is looked up in: the shop's rates by id, its categories' default rates. */
export interface TaxRateBook {
  rates: Map<string, TaxRate>;
  categoryRates: Map<string, string | null>;
}

export function taxRateBookOf(rates: TaxRate[], categories: Category[]): TaxRateBook {
  return {
    rates: new Map(rates.map((rate) => [rate.id, rate])),
    categoryRates: new Map(categories.map((category) => [category.id, category.taxRateId])),
  };
}

/** As the server prices a line: the product's own rate, else its category's, else no tax. */
export function registerProductOf(product: ManagedProduct, book: TaxRateBook): RegisterProduct {
  const rateId =
    product.taxRateId ?? (product.categoryId ? book.categoryRates.get(product.categoryId) : null) ?? null;
  const rate = rateId ? book.rates.get(rateId) : undefined;
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    categoryId: product.categoryId,
    priceMinor: product.priceMinor,
    stock: product.stock,
    taxRate: rate ? { id: rate.id, name: rate.name, ratePpm: rate.ratePpm } : null,
    codes: product.barcode ? [product.barcode, product.sku] : [product.sku],
  };
}

const byName = (a: RegisterProduct, b: RegisterProduct) => a.name.localeCompare(b.name);

/** The products on sale (not archived), by name. */
export function registerProductsOf(
  products: ManagedProduct[],
  book: TaxRateBook = { rates: new Map(), categoryRates: new Map() },
): RegisterProduct[] {
  return products
    .filter((product) => product.archivedAt === null)
    .map((product) => registerProductOf(product, book))
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
  const rates = useTaxRates(slug);
  const categories = useCategories(slug);
  const products = useMemo(
    () =>
      catalogue.data && rates.data && categories.data
        ? registerProductsOf(catalogue.data, taxRateBookOf(rates.data, categories.data))
        : undefined,
    [catalogue.data, rates.data, categories.data],
  );
  return { catalogue, products };
}
