import {
  MAX_LINE_QUANTITY,
  MAX_SALE_LINES,
  saleTotals,
  type ReturnableSale,
  type Sale,
} from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import type { RegisterProduct } from './registerProducts';
import {
  addReturned,
  defaultRefunds,
  noReceiptBodyLines,
  noReceiptRefund,
  readRefunds,
  refundMethods,
  refundTexts,
  refundTotal,
  withCurrentProducts,
  type NoReceiptLine,
} from './returnDraft';

const line = (position: number, quantity: number, amountMinor: number, cartDiscountMinor = 0) =>
  ({
    position,
    product: { id: `p${position}`, sku: `S${position}`, name: `Product ${position}` },
    quantity,
    unitPriceMinor: (amountMinor + cartDiscountMinor) / quantity,
    discountMinor: 0,
    cartDiscountMinor,
    amountMinor,
    taxRate: null,
    taxMinor: 0,
    netMinor: amountMinor,
    returnedPosition: null,
    restock: null,
  }) satisfies Sale['lines'][number];

const found = (returned: number[]): ReturnableSale =>
  ({
    sale: { pricesIncludeTax: true, lines: [line(1, 3, 899, 100), line(2, 1, 200)] } as Sale,
    lines: [
      { position: 1, returnedQuantity: returned[0]!, returnableQuantity: 3 - returned[0]! },
      { position: 2, returnedQuantity: returned[1]!, returnableQuantity: 1 - returned[1]! },
    ],
    refundable: [],
    returns: [],
  });

describe('a return being put together', () => {
  it('gives back what the server will: the line’s share of what it was sold for, after earlier returns', () => {
    expect(refundTotal(found([0, 0]), [{ position: 1, quantity: 1, restock: true }])).toBe(300);
    expect(refundTotal(found([1, 0]), [{ position: 1, quantity: 1, restock: true }])).toBe(299);
    // Two lines of one sold line (one restocked, one not) follow each other.
    expect(
      refundTotal(found([0, 0]), [
        { position: 1, quantity: 1, restock: true },
        { position: 1, quantity: 2, restock: false },
        { position: 2, quantity: 1, restock: true },
      ]),
    ).toBe(899 + 200);
    expect(refundTotal(found([0, 0]), [{ position: 1, quantity: 0, restock: true }])).toBe(0);
  });

  it('refunds by the sale’s card first, up to what it may give back, and the rest in cash', () => {
    const refundable = [
      { method: 'card' as const, amountMinor: 300 },
      { method: 'cash' as const, amountMinor: 200 },
    ];
    expect(defaultRefunds(200, refundable)).toEqual([{ method: 'card', amountMinor: 200 }]);
    expect(defaultRefunds(500, refundable)).toEqual([
      { method: 'card', amountMinor: 300 },
      { method: 'cash', amountMinor: 200 },
    ]);
    expect(defaultRefunds(150, [{ method: 'cash', amountMinor: 500 }])).toEqual([
      { method: 'cash', amountMinor: 150 },
    ]);
    expect(defaultRefunds(0, refundable)).toEqual([]);
  });

  it('offers store credit besides cash when the return has a customer, and takes any amount by it', () => {
    expect(refundMethods(['card', 'cash'], false)).toEqual(['card', 'cash']);
    expect(refundMethods(['card', 'cash'], true)).toEqual(['card', 'cash', 'store_credit']);
    // A sale paid by store credit offers it once.
    expect(refundMethods(['store_credit', 'cash'], true)).toEqual(['store_credit', 'cash']);
    // Against a receipt paid in cash, store credit can take the whole refund.
    const paidInCash = [{ method: 'cash' as const, amountMinor: 2_000 }];
    expect(readRefunds({ cash: '0', store_credit: '12.50' }, 1_250, paidInCash, 'EUR')).toEqual({
      refunds: [{ method: 'store_credit', amountMinor: 1_250 }],
      problem: null,
    });
    expect(readRefunds({ store_credit: 'lots' }, 1_250, null, 'EUR').problem).toBe(
      'The store credit refund is not an amount.',
    );
  });
});

const product = (id: string, priceMinor: number, ratePpm: number | null = null): RegisterProduct => ({
  id,
  sku: id.toUpperCase(),
  name: `Product ${id}`,
  categoryId: null,
  priceMinor,
  stock: 0,
  taxRate: ratePpm === null ? null : { id: `rate-${ratePpm}`, name: `Rate ${ratePpm}`, ratePpm },
  codes: [id.toUpperCase()],
});
const taken = (item: RegisterProduct, quantity = 1, restock = true): NoReceiptLine => ({
  product: item,
  quantity,
  restock,
});

describe('a return without a receipt', () => {
  it('adds a product scanned again to its line, within the line and return limits', () => {
    const lamp = product('lamp', 1_250);
    const vase = product('vase', 200);
    let lines = addReturned([], lamp);
    expect(lines).toEqual([{ product: lamp, quantity: 1, restock: true }]);
    lines = addReturned(addReturned(lines, vase), lamp);
    expect(lines.map((line) => [line.product.id, line.quantity])).toEqual([
      ['lamp', 2],
      ['vase', 1],
    ]);
    expect(addReturned([taken(lamp, MAX_LINE_QUANTITY)], lamp)[0]!.quantity).toBe(MAX_LINE_QUANTITY);
    const full = Array.from({ length: MAX_SALE_LINES }, (_, index) => taken(product(`p${index}`, 100)));
    expect(addReturned(full, lamp)).toBe(full);
  });

  it('prices the lines at the products’ price and rate today, as the live catalogue has them', () => {
    const lamp = product('lamp', 1_250);
    const lines = [taken(lamp, 2, false), taken(product('gone', 300))];
    const dearer = { ...lamp, priceMinor: 1_400 };
    const current = withCurrentProducts(lines, new Map([[lamp.id, dearer]]));
    expect(current.map((line) => line.product.priceMinor)).toEqual([1_400, 300]);
    expect(current[0]!.restock).toBe(false);
    expect(withCurrentProducts(lines, new Map([[lamp.id, lamp]]))[0]).toBe(lines[0]);
  });

  it('gives back what the server works out: saleTotals over the lines, under the shop’s tax settings', () => {
    const lines = ['a', 'b', 'c'].map((id) => taken(product(id, 333, 200_000)));
    // Tax added to prices, 20 %: 66.6 rounded on each line, or 199.8 once for the rate.
    expect(noReceiptRefund(lines, { pricesIncludeTax: false, taxRounding: 'line' })).toEqual({
      lineMinor: [400, 400, 400],
      totalMinor: 1_200,
    });
    expect(noReceiptRefund(lines, { pricesIncludeTax: false, taxRounding: 'total' })).toEqual({
      lineMinor: [400, 400, 399],
      totalMinor: 1_199,
    });
    expect(
      noReceiptRefund([taken(product('lamp', 1_250), 2)], { pricesIncludeTax: true, taxRounding: 'line' }),
    ).toEqual({ lineMinor: [2_500], totalMinor: 2_500 });
    expect(noReceiptRefund([], { pricesIncludeTax: true, taxRounding: 'line' })).toEqual({
      lineMinor: [],
      totalMinor: 0,
    });
  });

  it('comes to what the same goods sell for today, whatever the rounding', () => {
    const lines = [
      taken(product('a', 1_999, 55_000), 3),
      taken(product('b', 1, 200_000), 7),
      taken(product('c', 845, 200_000), 2),
      taken(product('d', 1_000), 1),
    ];
    for (const pricesIncludeTax of [true, false]) {
      for (const taxRounding of ['line', 'total'] as const) {
        const sold = saleTotals(
          lines.map((line) => ({
            quantity: line.quantity,
            unitPriceMinor: line.product.priceMinor,
            discountMinor: 0,
            taxRate: line.product.taxRate,
          })),
          0,
          { pricesIncludeTax, taxRounding },
        );
        expect(noReceiptRefund(lines, { pricesIncludeTax, taxRounding }).totalMinor).toBe(sold.totalMinor);
      }
    }
  });

  it('names each product by its id in the return’s body', () => {
    expect(noReceiptBodyLines([taken(product('lamp', 1_250), 2, false)])).toEqual([
      { productId: 'lamp', quantity: 2, restock: false },
    ]);
  });

  it('offers the refund in cash, and lets it go by card: there is no sale’s payment to follow', () => {
    const offered = defaultRefunds(1_250, []);
    expect(offered).toEqual([{ method: 'cash', amountMinor: 1_250 }]);
    const texts = refundTexts(['cash', 'card'], offered, {}, 'EUR');
    expect(texts).toEqual({ cash: '12.50', card: '0.00' });
    expect(readRefunds(texts, 1_250, null, 'EUR')).toEqual({
      refunds: [{ method: 'cash', amountMinor: 1_250 }],
      problem: null,
    });
    expect(readRefunds({ cash: '2.50', card: '10' }, 1_250, null, 'EUR')).toEqual({
      refunds: [
        { method: 'cash', amountMinor: 250 },
        { method: 'card', amountMinor: 1_000 },
      ],
      problem: null,
    });
  });
});

describe('the refund as typed', () => {
  it('keeps what the cashier typed over what was offered', () => {
    expect(
      refundTexts(['card', 'cash'], [{ method: 'card', amountMinor: 500 }], { cash: '1' }, 'EUR'),
    ).toEqual({ card: '5.00', cash: '1' });
  });

  it('says why the refunds cannot be sent, as the server would', () => {
    expect(readRefunds({ cash: 'ten' }, 1_250, null, 'EUR').problem).toBe(
      'The cash refund is not an amount.',
    );
    expect(readRefunds({ cash: '10', card: '' }, 1_250, null, 'EUR')).toEqual({
      refunds: [{ method: 'cash', amountMinor: 1_000 }],
      problem: 'The refunds come to €10.00, less than the €12.50 returned: refund the rest.',
    });
    expect(readRefunds({ cash: '13' }, 1_250, null, 'EUR').problem).toBe(
      'The refunds come to €13.00, more than the €12.50 returned.',
    );
    // Against a receipt, a card gives back at most what the sale paid by it.
    expect(
      readRefunds({ card: '12.50' }, 1_250, [{ method: 'cash', amountMinor: 2_000 }], 'EUR').problem,
    ).toBe(
      'Nothing can go back by card: the sale was not paid that way, or it was refunded already. Refund in cash.',
    );
  });
});
