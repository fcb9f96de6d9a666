import { z } from 'zod';
import type { core } from 'zod';

/**
 * What a person reads when a value is refused: one sentence that names the field, says what is
 * wrong and what would do ("Name is too long: 200 characters at most."). zod's own messages are
 * written for developers ("Too big: expected string to have <=200 characters"); the error map
 * below replaces them for every schema, on the server and in the web app's forms alike.
 */

/** The words a person knows a field by; a field not listed is named from its key ("dueDate" → "Due date"). */
const FIELD_LABELS: Record<string, string> = {
  email: 'E-mail address',
  emails: 'E-mail addresses',
  name: 'Name',
  password: 'Password',
  token: 'Token',
  slug: 'Slug',
  description: 'Description',
  currency: 'Currency',
  merchantSlug: 'Shop',
  role: 'Role',
  sku: 'SKU',
  priceMinor: 'Price',
  stock: 'Stock',
  categoryId: 'Category',
  category: 'Category',
  supplierIds: 'Suppliers',
  supplier: 'Supplier',
  supplierId: 'Supplier',
  productId: 'Product',
  barcode: 'Barcode',
  supplierSku: "The supplier's SKU",
  costMinor: 'Cost',
  packSize: 'Pack size',
  minOrderQuantity: 'Minimum order',
  leadTimeDays: 'Lead time',
  taxRateId: 'Tax rate',
  ratePpm: 'Rate',
  pricesIncludeTax: 'Prices include tax',
  taxRounding: 'Tax rounding',
  userId: 'User',
  sessionId: 'Session',
  tokenId: 'API token',
  orderId: 'Order',
  eventId: 'Message',
  order: 'Order number',
  items: 'Items',
  quantity: 'Quantity',
  expectedOn: 'Expected date',
  purchaseOrderId: 'Purchase order',
  q: 'Search',
  status: 'Status',
  stage: 'Stage',
  from: 'From',
  to: 'To',
  // Query parameters a page of a list is asked with; people meet them only through the API.
  before: 'The "before" parameter',
  limit: 'The "limit" parameter',
};

function fromKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'This value';
}

/** The field a path ends in, as a person would name it: `['items', 0, 'quantity']` → "Quantity". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === 'number') {
    const parent = path.slice(0, -1);
    return parent.length === 0 ? `Entry ${last + 1}` : `${fieldLabel(parent)} (entry ${last + 1})`;
  }
  if (typeof last !== 'string') {
    return 'This value';
  }
  return FIELD_LABELS[last] ?? fromKey(last);
}

/** A message that names the field it is about, for a schema's own rule: `.regex(re, named((field) => …))`. */
export function named(message: (field: string) => string): { error: (issue: { path?: PropertyKey[] }) => string } {
  return { error: (issue) => message(fieldLabel(issue.path ?? [])) };
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

/** What a value in a string format must look like, after "is not valid: " */
const FORMAT_HINTS: Record<string, string> = {
  email: 'write it like name@example.com',
  uuid: 'ids are UUIDs, like 123e4567-e89b-12d3-a456-426614174000',
  datetime: 'write a date and time with its offset, like 2026-12-06T09:30:00Z',
  date: 'write a date like 2026-12-06',
  url: 'write a web address like https://example.com',
};

type Issue = core.$ZodRawIssue;

function plural(count: number | bigint, one: string, many: string): string {
  return `${count} ${Number(count) === 1 ? one : many}`;
}

function sentence(issue: Issue): string {
  const field = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) {
        return `${field} is required.`;
      }
      return `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}.`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) === 1
          ? `${field} is required.`
          : `${field} is too short: ${plural(issue.minimum, 'character', 'characters')} at least.`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `${field} needs ${plural(issue.minimum, 'entry', 'entries')} at least.`;
      }
      return issue.inclusive === false
        ? `${field} must be more than ${issue.minimum}.`
        : `${field} must be ${issue.minimum} or more.`;
    case 'too_big':
      if (issue.origin === 'string') {
        return `${field} is too long: ${plural(issue.maximum, 'character', 'characters')} at most.`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `${field} has too many entries: ${issue.maximum} at most.`;
      }
      return issue.inclusive === false
        ? `${field} must be less than ${issue.maximum}.`
        : `${field} must be ${issue.maximum} or less.`;
    case 'invalid_format':
      return FORMAT_HINTS[issue.format] ? `${field} is not valid: ${FORMAT_HINTS[issue.format]}.` : `${field} is not in the expected form.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `${field} must be ${JSON.stringify(issue.values[0])}.`
        : `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'not_multiple_of':
      return `${field} must be a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return `${plural(issue.keys.length, 'field is', 'fields are')} not known here: ${issue.keys.join(', ')}. Leave ${issue.keys.length === 1 ? 'it' : 'them'} out.`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    default:
      return `${field} is not valid.`;
  }
}

z.config({
  customError: sentence,
  // In a browser zod must not compile its parsers with `new Function`: the pages' Content-Security-Policy
  // allows no eval, and even zod's probe for it is reported as a violation. Servers keep the faster parsers.
  ...((globalThis as { document?: unknown }).document === undefined ? {} : { jitless: true }),
});
