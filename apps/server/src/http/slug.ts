import { slugify } from '@myb/contracts';
import { badRequest } from './errors';

/** The slug asked for, or one made from the name; a name with nothing to make one from is refused. */
export function slugOrFromName(slug: string | undefined, name: string): string {
  const result = slug ?? slugify(name);
  if (!result) {
    throw badRequest('the name has no letters or digits to make a slug from; give one', [
      { path: 'body.slug', message: 'required for this name' },
    ]);
  }
  return result;
}
