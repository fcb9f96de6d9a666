import { z } from 'zod';

/** Lowercase words of `[a-z0-9]` joined by single hyphens: never `.`, `/`, `*`, `#` or `+`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 63;

export const slugSchema = z
  .string()
  .min(1)
  .max(SLUG_MAX_LENGTH)
  .regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens, like "bolt-co"');

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

/**
 * Turns a display name into a slug: accents are folded ("Café" -> "cafe"), every other run of
 * characters outside `[a-z0-9]` becomes one hyphen. Returns '' when nothing usable is left,
 * so callers can ask for an explicit slug.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
}
