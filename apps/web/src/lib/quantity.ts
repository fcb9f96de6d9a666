import { MAX_QUANTITY } from '@myb/contracts';

/** What a whole-number field holds: the number, or why it is not one the person may send. */
export type WholeNumberCheck = { ok: true; value: number } | { ok: false; message: string };

export interface WholeNumberRules {
  min: number;
  max: number;
  /** Said for a blank field. */
  blank: string;
  /** Said above `max`, e.g. "Only 60 in stock."; "At most 10,000." unless told. */
  aboveMax?: string;
}

const count = new Intl.NumberFormat('en');
export const formatCount = (value: number) => count.format(value);

/**
 * Reads what was typed, exactly: never trims a digit, drops a sign or moves a decimal point to make
 * it fit. "100" with 60 in stock is 100, and too many; "−5" is negative; "2.5" is not whole.
 */
export function readWholeNumber(text: string, rules: WholeNumberRules): WholeNumberCheck {
  // The typographic minus (U+2212) and spaces a phone keyboard may add are read as what they mean.
  const typed = text.trim().replace(/\u2212/g, '-');
  if (typed === '') {
    return { ok: false, message: rules.blank };
  }
  if (!/^[-+]?\d+$/.test(typed)) {
    return { ok: false, message: 'Whole numbers only.' };
  }
  // Digits beyond what a double holds exactly are far above any maximum: compare, never round.
  const value = Number(typed);
  if (value < rules.min) {
    return { ok: false, message: `At least ${formatCount(rules.min)}.` };
  }
  if (value > rules.max) {
    return { ok: false, message: rules.aboveMax ?? `At most ${formatCount(rules.max)}.` };
  }
  return { ok: true, value };
}

/**
 * A quantity to order of a product with `stock` in stock, `inCart` of which the cart already holds:
 * at least 1, at most what is left (and never more than an order line may hold).
 */
export function quantityRules(stock: number, inCart = 0): WholeNumberRules {
  const left = Math.max(0, stock - inCart);
  const max = Math.min(left, MAX_QUANTITY);
  const aboveMax =
    left > MAX_QUANTITY
      ? `At most ${formatCount(MAX_QUANTITY)} at a time.`
      : inCart > 0
        ? left === 0
          ? `All ${formatCount(stock)} in stock are in your cart already.`
          : `Only ${formatCount(left)} more: ${formatCount(inCart)} of ${formatCount(stock)} in stock are in your cart.`
        : `Only ${formatCount(stock)} in stock.`;
  return { min: 1, max, blank: 'Enter a quantity.', aboveMax };
}

export const readQuantity = (text: string, stock: number, inCart = 0) =>
  readWholeNumber(text, quantityRules(stock, inCart));
