import { describe, expect, it } from 'vitest';
import {
  cartReducer,
  cartTotals,
  discountMinorOf,
  newCart,
  parsePercent,
  percentOf,
  saleInputOf,
  type Cart,
} from './cart';
import type { RegisterProduct } from './registerProducts';

const product = (id: string, priceMinor: number, extra: Partial<RegisterProduct> = {}): RegisterProduct => ({
  id,
  sku: id.toUpperCase(),
  name: `Product ${id}`,
  categoryId: null,
  priceMinor,
  stock: 10,
  taxRate: null,
  codes: [id.toUpperCase()],
  ...extra,
});
const BOLTS = product('b', 1250);
const HAMMER = product('h', 1990);
const untaxed = { pricesIncludeTax: true, taxRounding: 'line' } as const;

const build = (...actions: Parameters<typeof cartReducer>[1][]): Cart =>
  actions.reduce(cartReducer, newCart('00000000-0000-4000-8000-000000000001', new Date(0)));

describe('a percentage off', () => {
  it('is rounded half away from zero', () => {
    expect(percentOf(1250, 1000)).toBe(125);
    expect(percentOf(1990, 1250)).toBe(249); // 248.75
    expect(percentOf(5, 1000)).toBe(1); // 0.5
    expect(percentOf(4, 1000)).toBe(0); // 0.4
  });

  it('never takes off more than the amount', () => {
    expect(discountMinorOf({ kind: 'amount', amountMinor: 5000 }, 1250)).toBe(1250);
    expect(discountMinorOf({ kind: 'percent', hundredths: 10_000 }, 1250)).toBe(1250);
    expect(discountMinorOf(null, 1250)).toBe(0);
  });

  it('is read as typed, up to 100 with two decimals', () => {
    expect(parsePercent('10')).toBe(1000);
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent('12,55 %')).toBe(1255);
    expect(parsePercent('100')).toBe(10_000);
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('12.555')).toBeNull();
    expect(parsePercent('-5')).toBeNull();
    expect(parsePercent('')).toBeNull();
  });
});

describe('the cart', () => {
  it('adds one to the line of a product scanned again', () => {
    const cart = build(
      { type: 'add', product: BOLTS },
      { type: 'add', product: HAMMER },
      { type: 'add', product: BOLTS },
    );
    expect(cart.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['b', 2],
      ['h', 1],
    ]);
  });

  it('keeps quantities whole and within a line’s limit, and removes lines', () => {
    let cart = build({ type: 'add', product: BOLTS }, { type: 'setQuantity', productId: 'b', quantity: 0 });
    expect(cart.lines[0]!.quantity).toBe(1);
    cart = cartReducer(cart, { type: 'setQuantity', productId: 'b', quantity: 1_000_000 });
    expect(cart.lines[0]!.quantity).toBe(9_999);
    cart = cartReducer(cart, { type: 'remove', productId: 'b' });
    expect(cart.lines).toEqual([]);
  });

  it('turns a percentage into an amount on the line’s quantity as it is now', () => {
    const cart = build(
      { type: 'add', product: HAMMER },
      { type: 'lineDiscount', productId: 'h', discount: { kind: 'percent', hundredths: 1250 } },
      { type: 'setQuantity', productId: 'h', quantity: 2 },
    );
    // 12.5 % of 39.80 is 4.975: 4.98.
    expect(saleInputOf(cart).lines[0]!.discountMinor).toBe(498);
  });

  it('takes a cart percentage of what the lines come to after their own discounts', () => {
    const cart = build(
      { type: 'add', product: BOLTS },
      { type: 'add', product: HAMMER },
      { type: 'lineDiscount', productId: 'b', discount: { kind: 'amount', amountMinor: 250 } },
      { type: 'cartDiscount', discount: { kind: 'percent', hundredths: 1000 } },
    );
    // (12.50 − 2.50 + 19.90) × 10 % = 2.99
    expect(saleInputOf(cart).cartDiscountMinor).toBe(299);
    const totals = cartTotals(cart, untaxed);
    expect(totals.grossMinor).toBe(3240);
    expect(totals.discountMinor).toBe(549);
    expect(totals.totalMinor).toBe(2691);
  });

  it('follows the catalogue’s prices and names, and changes nothing when they are the same', () => {
    const cart = build({ type: 'add', product: BOLTS });
    expect(cartReducer(cart, { type: 'sync', products: [BOLTS, HAMMER] })).toBe(cart);
    const synced = cartReducer(cart, {
      type: 'sync',
      products: [{ ...BOLTS, priceMinor: 1300, name: 'Bolts' }],
    });
    expect(synced.lines[0]).toMatchObject({ unitPriceMinor: 1300, name: 'Bolts', quantity: 1 });
    expect(synced.id).toBe(cart.id);
  });

  it('is for a customer once one is picked, until taken off, whatever else changes', () => {
    const ana = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Ana Lopez', storeCreditMinor: 500 };
    expect(build().customer).toBeNull();
    const cart = build(
      { type: 'customer', customer: ana },
      { type: 'add', product: BOLTS },
      { type: 'cartDiscount', discount: { kind: 'amount', amountMinor: 100 } },
      { type: 'sync', products: [{ ...BOLTS, priceMinor: 1300 }] },
    );
    expect(cart.customer).toEqual(ana);
    expect(cartReducer(cart, { type: 'customer', customer: null }).customer).toBeNull();
  });
});
