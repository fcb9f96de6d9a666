import { slugify } from '@myb/contracts';
import { badRequest } from './errors';

/** The slug asked for, or one made from the name; a name with nothing to make one from is refused. */
export function slugOrFromName(slug: string | undefined, name: string): string {
  const result = slug ?? slugify(name);
  if (!result) {
    throw badRequest('The name has no letters or digits to make a slug from: give a slug as well.', [
      { path: 'body.slug', message: 'Give a slug for this name, like "my-shop".' },
    ]);
  }
  return result;
}
