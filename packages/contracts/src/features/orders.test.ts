import { describe, expect, it } from 'vitest';
import { parseOrderNumber, shopOrderSearchSchema } from './orders';

describe('parseOrderNumber', () => {
  it('reads an order number with or without its prefix, as people type it', () => {
    expect(parseOrderNumber('A-1004')).toEqual({ digits: '1004', number: 'A-1004' });
    expect(parseOrderNumber(' a-1004 ')).toEqual({ digits: '1004', number: 'A-1004' });
    expect(parseOrderNumber('1004')).toEqual({ digits: '1004', number: null });
    expect(parseOrderNumber('#1004')).toEqual({ digits: '1004', number: null });
    expect(parseOrderNumber('7-1004')).toEqual({ digits: '1004', number: '7-1004' });
  });

  it('takes other text for what it is, not for an order number', () => {
    for (const text of ['', 'Ann', 'ann@example.com', 'A-', '-1004', 'A-10x4', 'A1004x']) {
      expect(parseOrderNumber(text), text).toBeNull();
    }
  });
});

describe('shopOrderSearchSchema', () => {
  it('takes instants with their offset, the first before the last', () => {
    expect(
      shopOrderSearchSchema.safeParse({ from: '2026-12-01T00:00:00+01:00', to: '2026-12-02T00:00:00+01:00' })
        .success,
    ).toBe(true);
    expect(
      shopOrderSearchSchema.safeParse({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }).success,
    ).toBe(false);
    expect(shopOrderSearchSchema.safeParse({ from: '2026-12-02' }).success).toBe(false);
  });
});
