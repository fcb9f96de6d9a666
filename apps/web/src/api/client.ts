import { API_PREFIX, type RouteDefinition, type RouteInput, type RouteResponse } from '@myb/contracts';

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

/** Path parameters, a query and a body: whichever the route takes. */
interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
}

/** The route's path with each parameter filled in and encoded, so a slug or id can never change which route is called. */
function pathOf(route: RouteDefinition, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The query string of the values that are set: an empty or missing filter is no filter. */
function queryOf(query: CallInput['query'] = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }
  return search.size > 0 ? `?${search.toString()}` : '';
}

/** The address of a call of `route`: for a link the browser follows itself, such as a CSV download. */
export function addressOf<Route extends RouteDefinition>(route: Route, input: RouteInput<Route>): string {
  return urlOf(route, input as CallInput);
}

function urlOf(route: RouteDefinition, { params, query }: CallInput): string {
  return `${API_PREFIX}${pathOf(route, params)}${queryOf(query)}`;
}

/**
 * The one place the app talks HTTP: calls a route of the table (`routes` in @myb/contracts) with
 * what it takes, and answers what its success status holds. The session travels as an HttpOnly
 * cookie on the same origin, so there is no token to handle here.
 */
export async function call<Route extends RouteDefinition>(
  route: Route,
  // The input may be left out when the route takes nothing it requires.
  ...[input]: Partial<RouteInput<Route>> extends RouteInput<Route>
    ? [input?: RouteInput<Route>]
    : [input: RouteInput<Route>]
): Promise<RouteResponse<Route>> {
  const { body } = (input ?? {}) as CallInput;
  let response: Response;
  try {
    response = await fetch(urlOf(route, (input ?? {}) as CallInput), {
      method: route.method,
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
    return undefined as RouteResponse<Route>;
  }
  return (await response.json()) as RouteResponse<Route>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
