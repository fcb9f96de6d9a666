import type { TaxRounding } from '@myb/contracts';

/** A shop's tax settings and some of its products on sale, as an order is priced from them. */
export interface PriceView {
  prices_include_tax: boolean;
  tax_rounding: TaxRounding;
  products: PricedProduct[];
}

export interface PricedProduct {
  id: string;
  price_minor: number;
  tax_rate_id: string | null;
  tax_rate_name: string | null;
  tax_rate_ppm: number | null;
}

interface ShopPrices {
  settings: Pick<PriceView, 'prices_include_tax' | 'tax_rounding'>;
  products: Map<string, PricedProduct>;
}

/**
 * What orders were last priced from, kept in memory so that an order of products already priced
 * costs no read before its placing statement. The first order at a shop reads `firstRead` of its
 * products besides its own, so the book is warm from the start. It may be stale — another process changed a price — and
 * that is safe: the placing statement checks every price, rate and setting against the rows it locks,
 * refuses an order priced from anything else, and the caller then `forget`s the shop and prices again
 * from a fresh read. A shop or product that does not exist is never kept, so it is refused as unknown.
 *
 * At most `capacity` products are kept; the shop priced longest ago goes first.
 */
export function createPriceBook(
  read: (merchantSlug: string, productIds: string[], besides: number) => Promise<PriceView | undefined>,
  { capacity, firstRead }: { capacity: number; firstRead: number },
) {
  const shops = new Map<string, ShopPrices>();
  let kept = 0;

  function keep(merchantSlug: string, view: PriceView): ShopPrices {
    const shop = shops.get(merchantSlug) ?? { settings: view, products: new Map<string, PricedProduct>() };
    shop.settings = { prices_include_tax: view.prices_include_tax, tax_rounding: view.tax_rounding };
    for (const product of view.products) {
      kept += shop.products.has(product.id) ? 0 : 1;
      shop.products.set(product.id, product);
    }
    shops.delete(merchantSlug);
    shops.set(merchantSlug, shop);
    for (const [slug, oldest] of shops) {
      if (kept <= capacity || slug === merchantSlug) {
        break;
      }
      kept -= oldest.products.size;
      shops.delete(slug);
    }
    return shop;
  }

  return {
    /** The shop's settings and whichever of these products it has on sale; undefined for no such shop. */
    async view(merchantSlug: string, productIds: string[]): Promise<PriceView | undefined> {
      const known = shops.get(merchantSlug);
      const missing = known ? productIds.filter((id) => !known.products.has(id)) : productIds;
      // A shop met for the first time brings its catalogue's prices (`firstRead` of them) with it.
      const fresh =
        missing.length > 0 || !known ? await read(merchantSlug, missing, known ? 0 : firstRead) : undefined;
      if (!fresh && !known) {
        return undefined;
      }
      const shop = fresh ? keep(merchantSlug, fresh) : known!;
      shops.delete(merchantSlug);
      shops.set(merchantSlug, shop);
      return {
        ...shop.settings,
        products: productIds.flatMap((id) => shop.products.get(id) ?? []),
      };
    },

    /** Drops what was kept of the shop, after it refused an order priced from it. */
    forget(merchantSlug: string): void {
      kept -= shops.get(merchantSlug)?.products.size ?? 0;
      shops.delete(merchantSlug);
    },
  };
}

export type PriceBook = ReturnType<typeof createPriceBook>;
