import { API_PREFIX, type RouteDefinition, type RouteInput, type RouteResponse } from '@myb/contracts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** A failed call, carrying what the server said so forms can show it next to the right field. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: FieldIssue[];
  /** The whole body of the answer, for a refusal that carries more than a message (an import's report). */
  readonly body: unknown;

  constructor(status: number, message: string, issues: FieldIssue[] = [], body: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.issues = issues;
    this.body = body;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads the `{statusCode, error, message, issues?}` body, tolerating proxies that answer with HTML. */
function apiErrorOf(status: number, statusText: string, body: unknown): ApiError {
  if (!isRecord(body)) {
    return new ApiError(status, statusText || `Request failed (${status})`);
  }
  const message = typeof body.message === 'string' ? body.message : `Request failed (${status})`;
  const issues = Array.isArray(body.issues)
    ? body.issues.filter(
        (issue): issue is FieldIssue =>
          isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string',
      )
    : [];
  return new ApiError(status, message, issues, body);
}

async function toApiError(response: Response): Promise<ApiError> {
  return apiErrorOf(response.status, response.statusText, await response.json().catch(() => null));
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

const UNREACHABLE = 'The server cannot be reached. Check your connection and try again.';

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
    throw new ApiError(0, UNREACHABLE);
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return undefined as RouteResponse<Route>;
  }
  return (await response.json()) as RouteResponse<Route>;
}

/**
 * `call` for a large body, saying how much of it has been sent (`onProgress`, 0 to 1): fetch cannot
 * report an upload's progress, XMLHttpRequest can. Takes a route with a JSON body and no query.
 */
export function callWithProgress<Route extends RouteDefinition>(
  route: Route,
  input: RouteInput<Route>,
  onProgress: (sent: number) => void,
): Promise<RouteResponse<Route>> {
  const { body } = input as CallInput;
  const answered = new Promise<unknown>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(route.method, urlOf(route, input as CallInput));
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('content-type', 'application/json');
    request.responseType = 'text';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        onProgress(event.loaded / event.total);
      }
    };
    request.onerror = () => reject(new ApiError(0, UNREACHABLE));
    request.onload = () => {
      let answer: unknown = null;
      try {
        answer = JSON.parse(request.responseText) as unknown;
      } catch {
        // Not JSON (a proxy's page): the status says what happened.
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(answer);
      } else {
        reject(apiErrorOf(request.status, request.statusText, answer));
      }
    };
    request.send(JSON.stringify(body));
  });
  return answered as Promise<RouteResponse<Route>>;
}

/** Whether a write's answer was lost on the way (no answer, or a proxy's 5xx): it may have been recorded. */
export const isLostAnswer = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || error.status >= 500);

/**
 * Lost on the way (no answer, or a proxy's 5xx), a write sent with an id of its own (a sale, a
 * customer) may have been recorded: it is sent again with the same id, and the server answers the
 * first answer rather than recording it twice. A mutation's options, waiting longer at each try.
 */
export const retryLostAnswers = {
  // `Error`, as TanStack Query's errors are: `unknown` here would make the mutation's error unknown too.
  retry: (failureCount: number, error: Error) => failureCount < 3 && isLostAnswer(error),
  retryDelay: (attempt: number) => Math.min(1_000 * 2 ** attempt, 8_000),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
