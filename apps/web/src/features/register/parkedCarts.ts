import type { Cart, CartCustomer, CartLine, Discount } from './cart';

/**
 * Carts kept on this register's browser (localStorage): the one being built, so a reload loses
 * nothing, and those parked while another customer is served. Each keeps the sale id it was started
 * with. What is read back is checked, so a damaged entry is dropped rather than shown.
 */

export interface ParkedCart {
  cart: Cart;
  parkedAt: string;
  /** The total when parked, to tell the carts apart in the list. */
  totalMinor: number;
}

/** The part of `Storage` used here, so tests can pass a map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const parkedKey = (registerId: string) => `myb.register.${registerId}.parked`;
const currentKey = (registerId: string) => `myb.register.${registerId}.cart`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isInteger = (value: unknown): value is number => Number.isInteger(value);

function isDiscount(value: unknown): value is Discount {
  return (
    value === null ||
    (isRecord(value) &&
      ((value.kind === 'amount' && isInteger(value.amountMinor)) ||
        (value.kind === 'percent' && isInteger(value.hundredths))))
  );
}

function isLine(value: unknown): value is CartLine {
  return (
    isRecord(value) &&
    typeof value.productId === 'string' &&
    typeof value.sku === 'string' &&
    typeof value.name === 'string' &&
    isInteger(value.unitPriceMinor) &&
    isInteger(value.quantity) &&
    (value.taxRate === null ||
      (isRecord(value.taxRate) &&
        typeof value.taxRate.id === 'string' &&
        isInteger(value.taxRate.ratePpm))) &&
    isDiscount(value.discount)
  );
}

function isCustomer(value: unknown): value is CartCustomer {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    isInteger(value.storeCreditMinor)
  );
}

/** A cart as stored; one kept before carts had a customer has none. */
type StoredCart = Omit<Cart, 'customer'> & { customer?: CartCustomer | null };

function isCart(value: unknown): value is StoredCart {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.startedAt === 'string' &&
    Array.isArray(value.lines) &&
    value.lines.every(isLine) &&
    isDiscount(value.discount) &&
    (value.customer === undefined || value.customer === null || isCustomer(value.customer))
  );
}

const cartOf = (stored: StoredCart): Cart => ({ ...stored, customer: stored.customer ?? null });

function isParked(value: unknown): value is Omit<ParkedCart, 'cart'> & { cart: StoredCart } {
  return (
    isRecord(value) && isCart(value.cart) && typeof value.parkedAt === 'string' && isInteger(value.totalMinor)
  );
}

function read(store: KeyValueStore, key: string): unknown {
  try {
    return JSON.parse(store.getItem(key) ?? 'null') as unknown;
  } catch {
    return null;
  }
}

/** The carts parked on this register, the latest first. */
export function readParked(store: KeyValueStore, registerId: string): ParkedCart[] {
  const stored = read(store, parkedKey(registerId));
  return Array.isArray(stored)
    ? stored.filter(isParked).map((parked) => ({ ...parked, cart: cartOf(parked.cart) }))
    : [];
}

function writeParked(store: KeyValueStore, registerId: string, parked: ParkedCart[]): ParkedCart[] {
  if (parked.length === 0) {
    store.removeItem(parkedKey(registerId));
  } else {
    store.setItem(parkedKey(registerId), JSON.stringify(parked));
  }
  return parked;
}

/** Sets `cart` aside; the list as it is now. A cart parked again replaces its earlier self. */
export function parkCart(
  store: KeyValueStore,
  registerId: string,
  cart: Cart,
  totalMinor: number,
  now = new Date(),
): ParkedCart[] {
  const others = readParked(store, registerId).filter((parked) => parked.cart.id !== cart.id);
  return writeParked(store, registerId, [{ cart, parkedAt: now.toISOString(), totalMinor }, ...others]);
}

/** Takes the cart `cartId` off the parked list: the cart, and the list left. */
export function unparkCart(
  store: KeyValueStore,
  registerId: string,
  cartId: string,
): { cart: Cart | undefined; parked: ParkedCart[] } {
  const all = readParked(store, registerId);
  const cart = all.find((parked) => parked.cart.id === cartId)?.cart;
  return {
    cart,
    parked: writeParked(
      store,
      registerId,
      all.filter((parked) => parked.cart.id !== cartId),
    ),
  };
}

/** The cart being built on this register when the page was last open, if any. */
export function readCurrentCart(store: KeyValueStore, registerId: string): Cart | undefined {
  const stored = read(store, currentKey(registerId));
  return isCart(stored) ? cartOf(stored) : undefined;
}

export function writeCurrentCart(store: KeyValueStore, registerId: string, cart: Cart): void {
  store.setItem(currentKey(registerId), JSON.stringify(cart));
}

/**
 * This browser's localStorage, which a private window or a full disk may refuse: then the carts live
 * only as long as the page, and nothing fails.
 */
export const browserStore: KeyValueStore = {
  getItem: (key) => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  setItem: (key, value) => {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Kept in the page only.
    }
  },
  removeItem: (key) => {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Nothing to remove.
    }
  },
};
