import type { FormErrors } from '@mantine/form';

/** The part of a zod issue this module reads; typed structurally so the web app needs no zod import. */
interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  origin?: string;
  format?: string;
}

export interface ContractSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: SchemaIssue[] } };
}

/** zod's defaults are written for developers ("Too small: expected string to have >=1 characters"). */
function friendly(issue: SchemaIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) {
    return 'Required';
  }
  if (issue.code === 'invalid_type') {
    return 'Required';
  }
  if (issue.code === 'invalid_format' && issue.format === 'email') {
    return 'Enter an e-mail address, like name@example.com';
  }
  return issue.message;
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
      errors[field] ??= friendly(issue);
    }
    return errors;
  };
}
