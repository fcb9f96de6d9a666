import type { FormErrors } from '@mantine/form';
import { ApiError } from '../api/client';

/** The server may name a field `email`, `body.email` or `/body/email`; the form knows it as `email`. */
export function fieldPath(issuePath: string): string {
  const segments = issuePath.split(/[./]/).filter((segment) => segment !== '');
  return (segments[0] === 'body' ? segments.slice(1) : segments).join('.');
}

/**
 * Puts each server issue next to the field it names. `rename` maps a DTO field to the form field
 * that edits it (a price typed as text becomes `priceMinor` on the wire).
 */
export function showServerIssues(
  form: { setErrors: (errors: FormErrors) => void },
  error: unknown,
  rename: Record<string, string> = {},
) {
  if (!(error instanceof ApiError)) {
    return;
  }
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = fieldPath(issue.path);
    const [head = '', ...rest] = field.split('.');
    const target = [rename[head] ?? head, ...rest].join('.');
    errors[target] ??= issue.message;
  }
  form.setErrors(errors);
}
