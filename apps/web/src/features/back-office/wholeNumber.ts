/**
 * A whole number typed by a person, read as typed: nothing is rounded, clamped or stripped of its
 * sign, so what is sent is what they saw. `null` when the text is not a whole number.
 */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** What is wrong with a typed whole number, in words, or null when it is fine. */
export function wholeNumberProblem(text: string, { min, max }: { min: number; max: number }): string | null {
  if (text.trim() === '') {
    return 'Required.';
  }
  const value = parseWholeNumber(text);
  if (value === null) {
    return 'Whole numbers only.';
  }
  if (value < min) {
    return `Must be ${min} or more.`;
  }
  if (value > max) {
    return `Must be ${max.toLocaleString('en')} or less.`;
  }
  return null;
}
