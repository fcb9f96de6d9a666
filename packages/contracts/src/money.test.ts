import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimal, minorUnitDigits, parseMoney } from './money';

describe('money', () => {
  it('knows how many minor units a currency has', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('BHD')).toBe(3);
  });

  it.each([
    ['12', 'EUR', 1200],
    ['12.5', 'EUR', 1250],
    ['12,50', 'EUR', 1250],
    ['0.01', 'EUR', 1],
    [' 7 ', 'EUR', 700],
    ['1500', 'JPY', 1500],
    ['1.234', 'BHD', 1234],
    ['0.1', 'EUR', 10],
  ])('parses %j in %s as %d minor units, without floating point', (input, currency, minor) => {
    expect(parseMoney(input, currency)).toBe(minor);
  });

  it.each(['', 'abc', '-1', '1.234', '1e3', '1.2.3', '12.50 €'])('refuses %j', (input) => {
    expect(parseMoney(input, 'EUR')).toBeNull();
  });

  it.each([
    [1250, 'EUR', '12.50'],
    [5, 'EUR', '0.05'],
    [0, 'EUR', '0.00'],
    [1500, 'JPY', '1500'],
    [1234, 'BHD', '1.234'],
  ])('writes %d %s as %j for a spreadsheet, which parseMoney reads back', (minor, currency, text) => {
    expect(minorToDecimal(minor, currency)).toBe(text);
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it('formats minor units for display', () => {
    expect(formatMoney(1250, 'EUR', 'en-IE')).toBe('€12.50');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });
});

describe('a negative amount', () => {
  it('is written with a true minus sign, where the locale puts it', () => {
    expect(formatMoney(-1250, 'EUR', 'en')).toBe('\u2212€12.50');
    expect(formatMoney(-1250, 'EUR', 'fr')).toBe('\u221212,50\u00a0€');
  });
});
