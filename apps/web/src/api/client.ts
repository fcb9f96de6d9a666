import { API_PREFIX } from '@myb/contracts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** A failed call, carrying what the server said so forms can show it next to the right field. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: FieldIssue[];

  constructor(status: number, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.issues = issues;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads the `{statusCode, error, message, issues?}` body, tolerating proxies that answer with HTML. */
async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (!isRecord(body)) {
    return new ApiError(response.status, response.statusText || `Request failed (${response.status})`);
  }
  const message = typeof body.message === 'string' ? body.message : `Request failed (${response.status})`;
  const issues = Array.isArray(body.issues)
    ? body.issues.filter(
        (issue): issue is FieldIssue =>
          isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string',
      )
    : [];
  return new ApiError(response.status, message, issues);
}

/**
 * The one place the app talks HTTP. Paths are relative to the API prefix; the session travels as
 * an HttpOnly cookie on the same origin, so there is no token to handle here.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Encodes each path segment, so a slug or id can never change which route is called. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, part, index) => out + part + (index < values.length ? encodeURIComponent(values[index] ?? '') : ''),
    '',
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
