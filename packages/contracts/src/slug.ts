import { z } from 'zod';
import { named } from './messages';

/** Lowercase words of `[a-z0-9]` joined by single hyphens: never `.`, `/`, `*`, `#` or `+`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 63;

export const slugSchema = z
  .string()
  .min(1)
  .max(SLUG_MAX_LENGTH)
  .regex(
    SLUG_PATTERN,
    named((field) => `${field} may hold only lowercase letters, digits and single hyphens, like "bolt-co".`),
  );

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

/**
 * Turns a display name into a slug: accents are folded ("Café" -> "cafe"), every other run of
 * characters outside `[a-z0-9]` becomes one hyphen. Returns '' when nothing usable is left,
 * so callers can ask for an explicit slug.
 */
/** Letters that Unicode does not decompose into a base letter and an accent. */
const FOLDED_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th' };

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ßæœøđłþ]/g, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
}
