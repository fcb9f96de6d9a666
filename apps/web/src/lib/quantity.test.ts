import { describe, expect, it } from 'vitest';
import { readQuantity } from './quantity';

describe('a quantity as typed', () => {
  it('is read exactly, never rewritten to fit', () => {
    expect(readQuantity('100', 60)).toEqual({ ok: false, message: 'Only 60 in stock.' });
    expect(readQuantity('-5', 60)).toEqual({ ok: false, message: 'At least 1.' });
    expect(readQuantity('\u22125', 60)).toEqual({ ok: false, message: 'At least 1.' });
    expect(readQuantity('2.5', 60)).toEqual({ ok: false, message: 'Whole numbers only.' });
    expect(readQuantity('2,5', 60)).toEqual({ ok: false, message: 'Whole numbers only.' });
    expect(readQuantity('99999999999999', 60)).toEqual({ ok: false, message: 'Only 60 in stock.' });
    expect(readQuantity('', 60)).toEqual({ ok: false, message: 'Enter a quantity.' });
    expect(readQuantity('0', 60)).toEqual({ ok: false, message: 'At least 1.' });
    expect(readQuantity(' 60 ', 60)).toEqual({ ok: true, value: 60 });
  });

  it('counts what the cart holds already', () => {
    expect(readQuantity('20', 60, 50)).toEqual({
      ok: false,
      message: 'Only 10 more: 50 of 60 in stock are in your cart.',
    });
    expect(readQuantity('1', 60, 60)).toEqual({
      ok: false,
      message: 'All 60 in stock are in your cart already.',
    });
    expect(readQuantity('10', 60, 50)).toEqual({ ok: true, value: 10 });
  });

  it('keeps an order line within what the server takes, however large the stock', () => {
    expect(readQuantity('99999999999999', 1_000_000)).toEqual({
      ok: false,
      message: 'At most 10,000 at a time.',
    });
    expect(readQuantity('10000', 1_000_000)).toEqual({ ok: true, value: 10_000 });
  });
});
