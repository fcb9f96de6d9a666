import { describe, expect, it } from 'vitest';
import { formatTaxRate, parseTaxRate } from './taxes';

describe('tax rates in parts per million', () => {
  it.each([
    [200_000, '20 %'],
    [55_000, '5.5 %'],
    [99_750, '9.975 %'],
    [0, '0 %'],
    [1_000_000, '100 %'],
    [1, '0.0001 %'],
  ])('writes %i as %j', (ppm, text) => {
    expect(formatTaxRate(ppm)).toBe(text);
  });

  it.each([
    ['20', 200_000],
    ['5,5', 55_000],
    ['5.5', 55_000],
    ['9.975 %', 99_750],
    [' 7.7% ', 77_000],
    ['0', 0],
    ['100', 1_000_000],
    ['0.0001', 1],
  ])('reads %j as %i, exactly', (text, ppm) => {
    expect(parseTaxRate(text)).toBe(ppm);
    expect(formatTaxRate(ppm)).toBe(`${text.replace(',', '.').replace('%', '').trim()} %`);
  });

  it.each(['', 'twenty', '-5', '100.5', '101', '5.12345', '1e3', '5..5'])('refuses %j', (text) => {
    expect(parseTaxRate(text)).toBeNull();
  });
});
