import { describe, expect, it } from 'vitest';
import { barcodeProblem, barcodeSchema, gtinCheckDigit, isGtin, productBarcodeSchema } from './barcode';

describe('barcodes', () => {
  it.each([
    ['4006381333931', 'EAN-13'],
    ['036000291452', 'UPC-A'],
    ['96385074', 'EAN-8'],
    ['5901234123457', 'EAN-13'],
  ])('takes %s (%s), whose check digit is right', (code) => {
    expect(isGtin(code)).toBe(true);
    expect(barcodeProblem(code)).toBeNull();
  });

  it('computes the check digit with weights 3 and 1 from the right', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('03600029145')).toBe(2);
    expect(gtinCheckDigit('9638507')).toBe(4);
  });

  it.each([
    ['4006381333932', 1],
    ['036000291453', 2],
    ['96385071', 4],
  ])('refuses %s, naming the check digit it should have (%i)', (code, expected) => {
    expect(isGtin(code)).toBe(false);
    expect(barcodeProblem(code)).toBe(
      `The check digit of ${code} should be ${expected}: check the number against the one printed under the bars.`,
    );
  });

  it('takes other text as a Code 128 label: digits of another length, letters, punctuation', () => {
    for (const code of ['12345', 'ACME-000123', 'Shelf 4/B', '12345678901234', 'x'.repeat(48)]) {
      expect(barcodeProblem(code), code).toBeNull();
      expect(isGtin(code)).toBe(false);
    }
  });

  it('refuses what no label carries, saying why', () => {
    expect(barcodeProblem('')).toMatch(/empty/);
    expect(barcodeProblem('x'.repeat(49))).toBe('A barcode is at most 48 characters long; this one has 49.');
    expect(barcodeProblem('Café')).toMatch(/"é" is not one of them/);
    expect(barcodeProblem('A\u0000B')).toMatch(/U\+0000 is not one of them/);
    expect(barcodeProblem(' ABC')).toBe('A barcode does not begin or end with a space.');
  });

  it('drops spaces around a code typed in a form, and reads empty as none', () => {
    expect(barcodeSchema.parse(' 4006381333931 ')).toBe('4006381333931');
    expect(productBarcodeSchema.parse('')).toBeNull();
    expect(productBarcodeSchema.parse(null)).toBeNull();
    const refused = productBarcodeSchema.safeParse('4006381333932');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/should be 1/);
  });
});
