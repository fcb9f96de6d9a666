import { describe, expect, it } from 'vitest';
import { isSlug, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Bolt Co', 'bolt-co'],
    ['  Acme  Hardware!! ', 'acme-hardware'],
    ['Café Crème', 'cafe-creme'],
    ['A.B/C*D#E+F', 'a-b-c-d-e-f'],
    ['Über Straße 12', 'uber-strasse-12'],
    ['---', ''],
    ['日本', ''],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('never yields more than 63 characters nor a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(62)} b`);
    expect(slug.length).toBeLessThanOrEqual(63);
    expect(slug.endsWith('-')).toBe(false);
    expect(isSlug(slug)).toBe(true);
  });
});

describe('isSlug', () => {
  it.each(['acme', 'bolt-co', 'a1-b2'])('accepts %j', (slug) => expect(isSlug(slug)).toBe(true));
  it.each(['', 'Acme', 'bolt.co', 'a/b', 'a*', 'a#', 'a+b', '-a', 'a-', 'a--b', 'a'.repeat(64)])('refuses %j', (slug) =>
    expect(isSlug(slug)).toBe(false),
  );
});
