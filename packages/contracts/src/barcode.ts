import { z } from 'zod';

/**
 * What a scanner reads off a product: a GS1 number (EAN-13, UPC-A, EAN-8), whose last digit checks
 * the others, or any other printable text a Code 128 label can carry (a shop's own labels).
 */

/** Lengths of the all-digit codes whose last digit is a GS1 check digit: EAN-8, UPC-A, EAN-13. */
const GTIN_LENGTHS = new Set([8, 12, 13]);
export const BARCODE_MAX_LENGTH = 48;

/**
 * The GS1 check digit of `digits` (the code without its last digit): weights 3 and 1 alternate
 * from the rightmost digit, which weighs 3; the check digit brings the sum to a multiple of 10.
 */
export function gtinCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const fromRight = digits.length - 1 - index;
    sum += Number(digits[index]) * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** An EAN-8, UPC-A or EAN-13 whose check digit is right. */
export function isGtin(code: string): boolean {
  return (
    /^\d+$/.test(code) &&
    GTIN_LENGTHS.has(code.length) &&
    gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1))
  );
}

/** Why `code` is not a barcode a product may have, in a sentence; null when it is one. */
export function barcodeProblem(code: string): string | null {
  if (code.length === 0) {
    return 'The barcode is empty: scan or type the code under the bars.';
  }
  if (/^\d+$/.test(code) && GTIN_LENGTHS.has(code.length)) {
    const expected = gtinCheckDigit(code.slice(0, -1));
    return expected === Number(code.at(-1))
      ? null
      : `The check digit of ${code} should be ${expected}: check the number against the one printed under the bars.`;
  }
  if (code.length > BARCODE_MAX_LENGTH) {
    return `A barcode is at most ${BARCODE_MAX_LENGTH} characters long; this one has ${code.length}.`;
  }
  const foreign = /[^ -~]/u.exec(code)?.[0];
  if (foreign !== undefined) {
    const point = foreign.codePointAt(0)!;
    // A control character is named by its code point: printed, it would not show.
    const shown =
      point < 0x20 || (point >= 0x7f && point <= 0x9f)
        ? `U+${point.toString(16).toUpperCase().padStart(4, '0')}`
        : `"${foreign}"`;
    return `A barcode holds only letters without accents, digits, spaces and punctuation: ${shown} is not one of them.`;
  }
  if (code.trim() !== code) {
    return 'A barcode does not begin or end with a space.';
  }
  return null;
}

/** A barcode as a person types or a scanner sends it: spaces around it are dropped. */
export const barcodeSchema = z
  .string({ error: 'The barcode must be text.' })
  .trim()
  .superRefine((code, context) => {
    const problem = barcodeProblem(code);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
    }
  });

/** A product's barcode in a form or a request: empty or null is none. */
export const productBarcodeSchema = z
  .string({ error: 'The barcode must be text.' })
  .trim()
  .nullable()
  .transform((code, context) => {
    if (code === null || code === '') {
      return null;
    }
    const problem = barcodeProblem(code);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return code;
  });
