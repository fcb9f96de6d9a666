import { z } from 'zod';
import { named } from './messages';

/** Field schemas every feature's DTOs are built from. Not exported by the package: the features' schemas are. */

export const id = z.uuid();

/** One line of text: a line break or tab in a name is refused (control characters are refused for every field). */
export const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(
    /^[^\t\n\r]*$/,
    named((field) => `${field} must fit on one line.`),
  );

export const timestamp = z.iso.datetime({ offset: true });

/**
 * A list's date range: `from` and `to` are instants with their offset. The web app sends the start of
 * the first and of the day after the last day the viewer picked, in the viewer's time zone; what
 * happened at or after `from` and before `to` is listed.
 */
const instant = z.iso.datetime({
  offset: true,
  message: 'Give the date as an ISO 8601 instant with its time zone, such as 2026-12-06T00:00:00+01:00.',
});
export const dateRange = { from: instant.optional(), to: instant.optional() };
/** `.refine(...rangeInOrder)` on a query with a `dateRange`. */
export const rangeInOrder: [(query: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (query) => !query.from || !query.to || new Date(query.from) < new Date(query.to),
  { message: 'The first day must come before the last.', path: ['to'] },
];

/** Text to search a list for: one line, at most 200 characters. */
export const searchText = z.string().trim().max(200, 'Search for at most 200 characters.');

/**
 * Text a person types, at most `max` characters. Messages name the field, so they read well next to
 * it or in a summary. Control characters are refused for every field at once by the server
 * (`http/text-input.ts`), before any schema runs.
 */
export function settingText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .max(max, `${label} is too long: ${max} characters at most.`);
}

/** `settingText` that must hold something once trimmed. */
export const requiredText = (label: string, max: number) =>
  settingText(label, max)
    .transform((text) => text.trim())
    .refine((text) => text.length > 0, `${label} is required.`);

/** The answer of a route that says nothing: 204, or 202 for "accepted". */
export const noContent = z.null();

/**
 * How a supplier acknowledged a purchase order or an order's message: in its portal, by its agent's
 * message, or through the e-mailed link.
 */
export const ACKNOWLEDGEMENT_WAYS = ['portal', 'message', 'link'] as const;
