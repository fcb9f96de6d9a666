import type { FormErrors } from '@mantine/form';

/** The part of a zod issue this module reads; typed structurally so the web app needs no zod import. */
interface SchemaIssue {
  path: PropertyKey[];
  /** A sentence naming the field ("Name is required."): packages/contracts/src/messages.ts writes them for every schema. */
  message: string;
}

export interface ContractSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: SchemaIssue[] } };
}

/**
 * A mantine-form validator from a contracts schema: the browser checks exactly what the server
 * will. `toBody` turns the form's values into the request body first (text price -> minor units),
 * and `rename` maps a body field back to the form field that edits it.
 */
export function validateWith<Values, Body>(
  schema: ContractSchema<Body>,
  toBody: (values: Values) => unknown = (values) => values,
  rename: Record<string, string> = {},
) {
  return (values: Values): FormErrors => {
    const result = schema.safeParse(toBody(values));
    if (result.success) {
      return {};
    }
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const [head, ...rest] = issue.path.map(String);
      const field = head === undefined ? '' : [rename[head] ?? head, ...rest].join('.');
      errors[field] ??= issue.message;
    }
    return errors;
  };
}
