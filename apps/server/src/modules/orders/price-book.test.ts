import { describe, expect, it } from 'vitest';
import { createPriceBook, type PriceView } from './price-book';

/** A catalogue of shops `a`…, each with products `<shop>1` to `<shop>9`, priced 100 each; reads are logged. */
function catalogue() {
  const reads: string[] = [];
  const prices = new Map<string, number>();
  const read = async (slug: string, ids: string[], besides: number): Promise<PriceView | undefined> => {
    reads.push(`${slug}:${ids.join(',')}${besides > 0 ? `+${besides}` : ''}`);
    if (slug === 'closed') {
      return undefined;
    }
    const others = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${slug}${n}`).filter((id) => !ids.includes(id));
    return {
      prices_include_tax: true,
      tax_rounding: 'line',
      products: [...ids.filter((id) => id.startsWith(slug)), ...others.slice(0, besides)].map((id) => ({
        id,
        price_minor: prices.get(id) ?? 100,
        tax_rate_id: null,
        tax_rate_name: null,
        tax_rate_ppm: null,
      })),
    };
  };
  return { reads, prices, read };
}

describe('the price book', () => {
  it('reads only the products it does not know yet', async () => {
    const { reads, read } = catalogue();
    const book = createPriceBook(read, { capacity: 100, firstRead: 0 });
    await book.view('a', ['a1', 'a2']);
    const view = await book.view('a', ['a2', 'a3']);
    expect(reads).toEqual(['a:a1,a2', 'a:a3']);
    expect(view?.products.map((product) => product.id)).toEqual(['a2', 'a3']);
    await book.view('a', ['a3', 'a1']);
    expect(reads).toHaveLength(2);
  });

  it('reads a shop again once forgotten, with its new prices', async () => {
    const { reads, prices, read } = catalogue();
    const book = createPriceBook(read, { capacity: 100, firstRead: 0 });
    await book.view('a', ['a1']);
    prices.set('a1', 250);
    expect((await book.view('a', ['a1']))?.products[0]?.price_minor).toBe(100);
    book.forget('a');
    expect((await book.view('a', ['a1']))?.products[0]?.price_minor).toBe(250);
    expect(reads).toEqual(['a:a1', 'a:a1']);
  });

  it('keeps neither an unknown shop nor an unknown product', async () => {
    const { reads, read } = catalogue();
    const book = createPriceBook(read, { capacity: 100, firstRead: 0 });
    expect(await book.view('closed', ['x1'])).toBeUndefined();
    expect(await book.view('closed', ['x1'])).toBeUndefined();
    expect((await book.view('a', ['b1']))?.products).toEqual([]);
    expect((await book.view('a', ['b1']))?.products).toEqual([]);
    expect(reads).toEqual(['closed:x1', 'closed:x1', 'a:b1', 'a:b1']);
  });

  it('lets the shop priced longest ago go first when it holds more than its capacity', async () => {
    const { reads, read } = catalogue();
    const book = createPriceBook(read, { capacity: 4, firstRead: 0 });
    await book.view('a', ['a1', 'a2']);
    await book.view('b', ['b1', 'b2']);
    await book.view('a', ['a1']);
    await book.view('c', ['c1']);
    reads.length = 0;
    await book.view('a', ['a1', 'a2']);
    await book.view('c', ['c1']);
    await book.view('b', ['b1']);
    expect(reads).toEqual(['b:b1']);
  });

  it("reads some of a shop's other products with its first order, and not again", async () => {
    const { reads, read } = catalogue();
    const book = createPriceBook(read, { capacity: 100, firstRead: 3 });
    await book.view('a', ['a1']);
    await book.view('a', ['a2', 'a4']);
    await book.view('a', ['a5']);
    expect(reads).toEqual(['a:a1+3', 'a:a5']);
  });
});
