import { MAX_QUANTITY, saleTotals, type Product, type SaleTotals, type TaxRounding } from '@myb/contracts';
import { useSyncExternalStore } from 'react';

export interface CartLine {
  productId: string;
  name: string;
  unitPriceMinor: number;
  currency: string;
  quantity: number;
  /** The stock the shop showed last for this product; the cart never holds more. Absent in carts saved before it was kept. */
  stock?: number;
  /** The rate it sells at, as the shop showed it last; absent in carts saved before it was kept (the shop's page fills it in). */
  taxRate?: Product['taxRate'];
}

/** One cart per merchant: an order goes to one shop, in that shop's currency. */
type Carts = Record<string, CartLine[]>;

// Kept in localStorage so a cart survives the detour through sign-in and a reload at the counter.
const STORAGE_KEY = 'myb.carts.v1';
const EMPTY: CartLine[] = [];
const listeners = new Set<() => void>();
let carts: Carts = read();

function read(): Carts {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Carts) : {};
  } catch {
    return {};
  }
}

function write(slug: string, lines: CartLine[]) {
  carts = { ...carts, [slug]: lines };
  if (lines.length === 0) {
    delete carts[slug];
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(carts));
  } catch {
    // Private browsing or a full quota: the cart still works for this page's lifetime.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changed a cart: pick it up, so two tabs never place different versions of one cart.
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) {
      carts = read();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useCart(slug: string): CartLine[] {
  return useSyncExternalStore(subscribe, () => carts[slug] ?? EMPTY);
}

/**
 * The cart priced as the server prices its order (`saleTotals`, no discount) under the shop's
 * settings: its tax per rate and the total the order will charge.
 */
export function cartTotals(
  lines: CartLine[],
  settings: { pricesIncludeTax: boolean; taxRounding: TaxRounding },
): SaleTotals {
  return saleTotals(
    lines.map((line) => ({
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: 0,
      taxRate: line.taxRate ?? null,
    })),
    0,
    settings,
  );
}

export function cartCount(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** The most a line may hold: what the shop showed in stock, and never more than an order line takes. */
const limitOf = (stock: number | undefined) => Math.min(stock ?? MAX_QUANTITY, MAX_QUANTITY);

export interface Added {
  /** What the line holds now. */
  inCart: number;
  /** What this call added: less than asked when the stock ran out. */
  added: number;
  /** True when the line was stopped at the stock shown (or at the most an order line takes). */
  capped: boolean;
}

/** Adds to the line already in the cart, up to the stock shown and no further. */
export function addToCart(slug: string, product: Product, quantity: number): Added {
  const lines = carts[slug] ?? [];
  const existing = lines.find((line) => line.productId === product.id);
  const before = existing?.quantity ?? 0;
  const wanted = before + quantity;
  const inCart = Math.max(before, Math.min(wanted, limitOf(product.stock)));
  const line: CartLine = {
    productId: product.id,
    name: product.name,
    unitPriceMinor: product.priceMinor,
    currency: product.currency,
    quantity: inCart,
    stock: product.stock,
    taxRate: product.taxRate,
  };
  write(slug, existing ? lines.map((l) => (l.productId === product.id ? line : l)) : [...lines, line]);
  return { inCart, added: inCart - before, capped: inCart < wanted };
}

/** Sets a line's quantity, at most the stock shown (the cart's field refuses more before it gets here). */
export function setQuantity(slug: string, productId: string, quantity: number) {
  const lines = carts[slug] ?? [];
  write(
    slug,
    lines.map((line) =>
      line.productId === productId
        ? { ...line, quantity: Math.min(Math.max(1, quantity), limitOf(line.stock)) }
        : line,
    ),
  );
}

const sameRate = (a: Product['taxRate'], b: CartLine['taxRate']) =>
  a === b ||
  (a !== null &&
    b !== null &&
    b !== undefined &&
    a.id === b.id &&
    a.ratePpm === b.ratePpm &&
    a.name === b.name);

/**
 * The shop's latest figures for products in the cart: stock, price, tax rate and name as shown now. The
 * quantity is left as chosen; a line above the new stock is flagged in the cart, not silently cut.
 */
export function refreshCart(slug: string, products: readonly Product[]) {
  const lines = carts[slug] ?? [];
  const latest = new Map(products.map((product) => [product.id, product]));
  let changed = false;
  const next = lines.map((line) => {
    const product = latest.get(line.productId);
    if (
      !product ||
      (product.stock === line.stock &&
        product.priceMinor === line.unitPriceMinor &&
        product.name === line.name &&
        sameRate(product.taxRate, line.taxRate))
    ) {
      return line;
    }
    changed = true;
    return {
      ...line,
      stock: product.stock,
      unitPriceMinor: product.priceMinor,
      name: product.name,
      taxRate: product.taxRate,
    };
  });
  if (changed) {
    write(slug, next);
  }
}

export function removeFromCart(slug: string, productId: string) {
  write(
    slug,
    (carts[slug] ?? []).filter((line) => line.productId !== productId),
  );
}

export function clearCart(slug: string) {
  write(slug, []);
}
