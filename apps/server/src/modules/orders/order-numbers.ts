import { parseOrderNumber } from '@myb/contracts';

/** Order numbers read like the seed's "A-1042": the shop's initial and a number from a sequence. */
export const orderNumberPrefix = (merchantSlug: string) => `${merchantSlug[0]!.toUpperCase()}-`;

/** Every prefix `orderNumberPrefix` makes: a slug starts with a lowercase letter or a digit. */
const ORDER_NUMBER_PREFIXES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].map((initial) => `${initial}-`);

/**
 * The numbers an order whose number was typed can have, with its prefix ("A-1004") or without
 * ("1004"): without, every prefix there can be, each looked up through an index, so a few rows are
 * read however many orders there are, and placing an order maintains no index more. Text that is no
 * order number is taken as it is (and so matches nothing).
 */
export function orderNumbersFor(typed: string): string[] {
  const parsed = parseOrderNumber(typed);
  return !parsed
    ? [typed]
    : parsed.number
      ? [parsed.number]
      : ORDER_NUMBER_PREFIXES.map((prefix) => `${prefix}${parsed.digits}`);
}
