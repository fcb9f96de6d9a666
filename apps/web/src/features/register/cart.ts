import {
  divideRounded,
  MAX_LINE_QUANTITY,
  MAX_SALE_LINES,
  saleTotals,
  type SaleLineInput,
  type Customer,
  type SaleTotals,
} from '@myb/contracts';
import type { RegisterProduct, RegisterTaxSettings, TaxRateRef } from './registerProducts';

/**
 * The cart at the counter: its lines, their discounts and the cart's own. Pure: a reducer the selling
 * screen runs, and the sale lines `saleTotals` turns into the figures shown (never worked out here).
 */

/** An amount off, or a percentage off in hundredths of a percent (12.5 % → 1250). */
export type Discount =
  { kind: 'amount'; amountMinor: number } | { kind: 'percent'; hundredths: number } | null;

export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unitPriceMinor: number;
  taxRate: TaxRateRef | null;
  quantity: number;
  discount: Discount;
}

/** The shop's customer the sale is for, as picked: their store credit as it was then. */
export type CartCustomer = Pick<Customer, 'id' | 'name' | 'storeCreditMinor'>;

export interface Cart {
  /** The sale's id, made when the cart was started: sent with the sale, and again on a retry. */
  id: string;
  startedAt: string;
  lines: CartLine[];
  discount: Discount;
  customer: CartCustomer | null;
}

export type CartAction =
  | { type: 'add'; product: RegisterProduct }
  | { type: 'setQuantity'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'lineDiscount'; productId: string; discount: Discount }
  | { type: 'cartDiscount'; discount: Discount }
  /** A customer picked for the sale, or taken off it (null). */
  | { type: 'customer'; customer: CartCustomer | null }
  /** The catalogue as it is now: names, prices and tax rates follow it, so the total shown is the one charged. */
  | { type: 'sync'; products: RegisterProduct[] }
  /** A fresh cart, or a parked one resumed. */
  | { type: 'replace'; cart: Cart };

export function newCart(id: string, now = new Date()): Cart {
  return { id, startedAt: now.toISOString(), lines: [], discount: null, customer: null };
}

export const HUNDRED_PERCENT = 10_000;

/** `percent` hundredths of a percent of `amountMinor`, rounded half away from zero. */
export function percentOf(amountMinor: number, hundredths: number): number {
  return Number(divideRounded(BigInt(amountMinor) * BigInt(hundredths), BigInt(HUNDRED_PERCENT)));
}

/** What a discount takes off `baseMinor`: never more than it. */
export function discountMinorOf(discount: Discount, baseMinor: number): number {
  if (discount === null) {
    return 0;
  }
  const off = discount.kind === 'amount' ? discount.amountMinor : percentOf(baseMinor, discount.hundredths);
  return Math.max(0, Math.min(off, baseMinor));
}

/**
 * A percentage as typed: "10", "12.5", "12,50", up to 100 with two decimals; in hundredths of a
 * percent, or null for anything else.
 */
export function parsePercent(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!match) {
    return null;
  }
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths <= HUNDRED_PERCENT ? hundredths : null;
}

/** 1250 → "12.5%". */
export function formatPercent(hundredths: number): string {
  return `${(hundredths / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;
}

const withLine = (cart: Cart, productId: string, change: (line: CartLine) => CartLine | null): Cart => ({
  ...cart,
  lines: cart.lines.flatMap((line) => {
    if (line.productId !== productId) {
      return [line];
    }
    const changed = change(line);
    return changed === null ? [] : [changed];
  }),
});

const clampQuantity = (quantity: number) => Math.max(1, Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity)));

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const { product } = action;
      if (cart.lines.some((line) => line.productId === product.id)) {
        return withLine(cart, product.id, (line) => ({
          ...line,
          quantity: clampQuantity(line.quantity + 1),
        }));
      }
      if (cart.lines.length >= MAX_SALE_LINES) {
        return cart;
      }
      const line: CartLine = {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unitPriceMinor: product.priceMinor,
        taxRate: product.taxRate,
        quantity: 1,
        discount: null,
      };
      return { ...cart, lines: [...cart.lines, line] };
    }
    case 'setQuantity':
      return withLine(cart, action.productId, (line) => ({
        ...line,
        quantity: clampQuantity(action.quantity),
      }));
    case 'remove':
      return withLine(cart, action.productId, () => null);
    case 'lineDiscount':
      return withLine(cart, action.productId, (line) => ({ ...line, discount: action.discount }));
    case 'cartDiscount':
      return { ...cart, discount: action.discount };
    case 'customer':
      return { ...cart, customer: action.customer };
    case 'sync': {
      const byId = new Map(action.products.map((product) => [product.id, product]));
      let changed = false;
      const lines = cart.lines.map((line) => {
        const product = byId.get(line.productId);
        if (
          product === undefined ||
          (product.name === line.name &&
            product.sku === line.sku &&
            product.priceMinor === line.unitPriceMinor &&
            product.taxRate?.id === line.taxRate?.id &&
            product.taxRate?.ratePpm === line.taxRate?.ratePpm)
        ) {
          return line;
        }
        changed = true;
        return {
          ...line,
          name: product.name,
          sku: product.sku,
          unitPriceMinor: product.priceMinor,
          taxRate: product.taxRate,
        };
      });
      return changed ? { ...cart, lines } : cart;
    }
    case 'replace':
      return action.cart;
  }
}

/** The cart as `saleTotals` and the sale's body take it: discounts as amounts. */
export function saleInputOf(cart: Cart): { lines: SaleLineInput[]; cartDiscountMinor: number } {
  const lines = cart.lines.map((line) => ({
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountMinor: discountMinorOf(line.discount, line.quantity * line.unitPriceMinor),
    taxRate: line.taxRate,
  }));
  const afterLineDiscounts = lines.reduce(
    (sum, line) => sum + line.quantity * line.unitPriceMinor - line.discountMinor,
    0,
  );
  return { lines, cartDiscountMinor: discountMinorOf(cart.discount, afterLineDiscounts) };
}

/** The cart's figures, from the one function the server records them with. */
export function cartTotals(cart: Cart, settings: RegisterTaxSettings): SaleTotals {
  const { lines, cartDiscountMinor } = saleInputOf(cart);
  return saleTotals(lines, cartDiscountMinor, settings);
}

export const itemCount = (cart: Cart) => cart.lines.reduce((sum, line) => sum + line.quantity, 0);
