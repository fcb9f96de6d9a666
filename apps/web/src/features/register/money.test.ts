import { describe, expect, it } from 'vitest';
import { readMoney } from './money';

describe('an amount as typed', () => {
  it('is read exactly in the currency’s minor units', () => {
    expect(readMoney('100', 'EUR')).toEqual({ ok: true, value: 10_000 });
    expect(readMoney('12,5', 'EUR')).toEqual({ ok: true, value: 1250 });
    expect(readMoney('1250', 'JPY')).toEqual({ ok: true, value: 1250 });
  });

  it('says what is wrong rather than rounding it', () => {
    expect(readMoney('', 'EUR')).toEqual({ ok: false, message: 'Enter an amount.' });
    expect(readMoney('12.505', 'EUR')).toEqual({ ok: false, message: 'Enter an amount like 12.50.' });
    expect(readMoney('-5', 'EUR')).toEqual({ ok: false, message: 'Enter an amount like 12.50.' });
    expect(readMoney('12.5', 'JPY')).toEqual({ ok: false, message: 'Enter an amount like 1250.' });
    expect(readMoney('30', 'EUR', { max: 1990, aboveMax: 'At most €19.90.' })).toEqual({
      ok: false,
      message: 'At most €19.90.',
    });
  });
});
