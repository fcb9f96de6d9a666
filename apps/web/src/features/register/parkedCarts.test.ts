import { describe, expect, it } from 'vitest';
import { newCart } from './cart';
import {
  parkCart,
  readCurrentCart,
  readParked,
  unparkCart,
  writeCurrentCart,
  type KeyValueStore,
} from './parkedCarts';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const line = {
  productId: 'p',
  sku: 'P',
  name: 'P',
  unitPriceMinor: 100,
  taxRate: null,
  quantity: 2,
  discount: null,
};
const cart = (n: number) => ({
  ...newCart(`00000000-0000-4000-8000-00000000000${n}`, new Date(0)),
  lines: [line],
});

describe('parked carts', () => {
  it('are kept per register, the latest first, each with its sale id', () => {
    const store = memoryStore();
    parkCart(store, 'r1', cart(1), 200, new Date('2026-12-06T10:00:00Z'));
    parkCart(store, 'r1', cart(2), 300, new Date('2026-12-06T10:05:00Z'));
    parkCart(store, 'r2', cart(3), 400);
    expect(readParked(store, 'r1').map((parked) => [parked.cart.id.slice(-1), parked.totalMinor])).toEqual([
      ['2', 300],
      ['1', 200],
    ]);
    expect(readParked(store, 'r2')).toHaveLength(1);
  });

  it('are taken off the list when resumed', () => {
    const store = memoryStore();
    parkCart(store, 'r1', cart(1), 200);
    parkCart(store, 'r1', cart(2), 300);
    const { cart: resumed, parked } = unparkCart(store, 'r1', cart(1).id);
    expect(resumed).toEqual(cart(1));
    expect(parked.map((each) => each.cart.id)).toEqual([cart(2).id]);
    expect(readParked(store, 'r1')).toEqual(parked);
    unparkCart(store, 'r1', cart(2).id);
    expect(store.map.size).toBe(0);
  });

  it('drop what is damaged instead of showing it', () => {
    const store = memoryStore();
    store.setItem('myb.register.r1.parked', '{not json');
    expect(readParked(store, 'r1')).toEqual([]);
    store.setItem(
      'myb.register.r1.parked',
      JSON.stringify([
        { cart: { id: 1 }, parkedAt: 'x', totalMinor: 1 },
        { cart: cart(1), parkedAt: 'x', totalMinor: 1 },
      ]),
    );
    expect(readParked(store, 'r1').map((parked) => parked.cart.id)).toEqual([cart(1).id]);
  });

  it('keep the cart being built across a reload', () => {
    const store = memoryStore();
    expect(readCurrentCart(store, 'r1')).toBeUndefined();
    writeCurrentCart(store, 'r1', cart(1));
    expect(readCurrentCart(store, 'r1')).toEqual(cart(1));
  });

  it('keep the customer a cart is for, and read one stored before carts had a customer as having none', () => {
    const store = memoryStore();
    const ana = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Ana Lopez', storeCreditMinor: 500 };
    parkCart(store, 'r1', { ...cart(1), customer: ana }, 200);
    expect(unparkCart(store, 'r1', cart(1).id).cart?.customer).toEqual(ana);
    // JSON leaves out a key whose value is undefined.
    store.setItem('myb.register.r1.cart', JSON.stringify({ ...cart(2), customer: undefined }));
    expect(readCurrentCart(store, 'r1')).toEqual(cart(2));
    store.setItem('myb.register.r1.cart', JSON.stringify({ ...cart(2), customer: { id: 'c' } }));
    expect(readCurrentCart(store, 'r1')).toBeUndefined();
  });
});
