import { MAX_QUANTITY, type Product } from '@myb/contracts';
import { useSyncExternalStore } from 'react';

export interface CartLine {
  productId: string;
  name: string;
  unitPriceMinor: number;
  currency: string;
  quantity: number;
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

export function cartTotalMinor(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
}

export function cartCount(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Adds to the line already in the cart; returns the quantity now in the cart. */
export function addToCart(slug: string, product: Product, quantity: number): number {
  const lines = carts[slug] ?? [];
  const existing = lines.find((line) => line.productId === product.id);
  const wanted = Math.min((existing?.quantity ?? 0) + quantity, MAX_QUANTITY);
  const line: CartLine = {
    productId: product.id,
    name: product.name,
    unitPriceMinor: product.priceMinor,
    currency: product.currency,
    quantity: wanted,
  };
  write(slug, existing ? lines.map((l) => (l.productId === product.id ? line : l)) : [...lines, line]);
  return wanted;
}

export function setQuantity(slug: string, productId: string, quantity: number) {
  const lines = carts[slug] ?? [];
  write(
    slug,
    lines.map((line) =>
      line.productId === productId
        ? { ...line, quantity: Math.min(Math.max(1, quantity), MAX_QUANTITY) }
        : line,
    ),
  );
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
