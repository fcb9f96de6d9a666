export interface DeliveryCounts {
  delivered: number;
  lost: number;
  duplicated: number;
}

/** How often each expected key was seen: at least once, never, and every extra copy. */
export function tally(expected: string[], seen: string[]): DeliveryCounts {
  const times = new Map<string, number>();
  for (const key of seen) {
    times.set(key, (times.get(key) ?? 0) + 1);
  }
  return {
    delivered: expected.filter((key) => times.has(key)).length,
    lost: expected.filter((key) => !times.has(key)).length,
    duplicated: expected.reduce((sum, key) => sum + Math.max(0, (times.get(key) ?? 0) - 1), 0),
  };
}
