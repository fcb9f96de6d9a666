import type { z } from 'zod';
import type { Role } from './features/auth';
import type { MerchantPermission } from './features/merchants';

/** HTTP DTOs and routes of the REST API live under this prefix; each route's path is relative to it. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route that is not a shop's back office: anyone; anyone signed in (not an API
 * token); someone with one of the account-wide roles; a merchant or an admin (the mail folder);
 * a supplier's agent with its agent token.
 */
export type RouteCaller =
  'anyone' | 'signed-in' | 'merchant' | 'admin' | 'supplier' | 'merchant or admin' | 'supplier agent';

/**
 * Whether someone signed in with these account-wide roles is a caller the route names. A shop's
 * back-office route asks its permission there instead (`can`), and an agent's token is no person.
 */
export function rolesMayCall(caller: RouteCaller, roles: readonly Role[]): boolean {
  switch (caller) {
    case 'anyone':
    case 'signed-in':
      return true;
    case 'merchant or admin':
      return roles.includes('merchant') || roles.includes('admin');
    case 'supplier agent':
      return false;
    case 'merchant':
    case 'admin':
    case 'supplier':
      return roles.includes(caller);
  }
}

interface RouteShape {
  method: HttpMethod;
  /** Fastify style (`/merchants/:merchantSlug/orders/:orderId`), relative to `API_PREFIX`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Per status, what the answer holds; the success status is the one 2xx status listed. */
  responses: Partial<Record<number, z.ZodType>>;
}

/**
 * One route of the API. A shop's back-office route names the permission its caller needs there
 * (`MERCHANT_PERMISSIONS`); any other route says who may call it.
 */
export type RouteDefinition = RouteShape &
  ({ permission: MerchantPermission; caller?: never } | { caller: RouteCaller; permission?: never });

/** Keeps a route's own types (its schemas, its literal method and path) while checking its shape. */
export function defineRoute<const Route extends RouteDefinition>(route: Route): Route {
  return route;
}

type SuccessStatus = 200 | 201 | 202 | 204;

/** What a call of the route answers when it succeeds: the parsed success schema's output, nothing for 204. */
export type RouteResponse<Route extends RouteDefinition> = {
  [Status in SuccessStatus & keyof Route['responses']]: Status extends 204
    ? undefined
    : Route['responses'][Status] extends z.ZodType
      ? z.output<Route['responses'][Status]>
      : never;
}[SuccessStatus & keyof Route['responses']];

/** What a call of the route sends: its path parameters, query and body, each as its schema takes it. */
export type RouteInput<Route extends RouteDefinition> = (Route['params'] extends z.ZodType
  ? { params: z.input<Route['params']> }
  : { params?: never }) &
  (Route['query'] extends z.ZodType ? { query?: Partial<z.input<Route['query']>> } : { query?: never }) &
  (Route['body'] extends z.ZodType ? { body: z.input<Route['body']> } : { body?: never });
