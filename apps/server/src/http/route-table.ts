import type { RouteDefinition } from '@myb/contracts';
import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The Fastify schema of a route of the table: its own zod schemas, so its handler is typed by them. */
interface RouteSchema<Route extends RouteDefinition> {
  params: Route extends { params: infer Params } ? Params : undefined;
  querystring: Route extends { query: infer Query } ? Query : undefined;
  body: Route extends { body: infer Body } ? Body : undefined;
  response: Route['responses'];
  summary: string;
  description?: string;
  tags: string[];
}

type TableRouteOptions<Route extends RouteDefinition> = RouteOptions<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  RouteSchema<Route>,
  ZodTypeProvider,
  FastifyBaseLogger
>;

/**
 * What the server adds to a route of the table: its handler, hooks such as a rate limit, and
 * whether its own statement finds the caller. Method, path, schemas and the permission are the
 * table's, so the server cannot answer a route differently from what the web app's client expects.
 */
export type RouteImplementation<Route extends RouteDefinition> = Omit<
  TableRouteOptions<Route>,
  'method' | 'url' | 'schema' | 'config'
> & {
  /**
   * `callerInStatement`: the route's own statement finds the caller (`callerCtes`), sparing a round
   * trip; see `FastifyContextConfig` in modules/access. `bodyTextCheckedByRoute`: see http/text-input.
   */
  config?: { callerInStatement?: true; bodyTextCheckedByRoute?: true };
};

/** The status a route answers with when it succeeds: the one 2xx status its table lists. */
function successStatusOf(definition: RouteDefinition): number {
  return Object.keys(definition.responses)
    .map(Number)
    .find((status) => status >= 200 && status < 300) ?? 200;
}

/**
 * Registers the route the table defines (`routes.orders.dispatch`) with the server's handler for it.
 * The handler returns the answer; its status is the table's success status (201 for a creation, 204
 * for an answer of nothing), set before it runs. An error's status is the error handler's.
 */
export function route<const Route extends RouteDefinition>(
  app: ZodApp,
  definition: Route,
  implementation: RouteImplementation<Route>,
): void {
  const status = successStatusOf(definition);
  const handler: typeof implementation.handler =
    status === 200
      ? implementation.handler
      : function (request, reply) {
          void reply.code(status);
          return implementation.handler.call(this, request, reply);
        };
  const schema = withoutUndefined({
    summary: definition.summary,
    description: definition.description,
    tags: [...definition.tags],
    params: definition.params,
    querystring: definition.query,
    body: definition.body,
    response: definition.responses,
  }) as RouteSchema<Route>;
  app.route<RouteGenericInterface, ContextConfigDefault, RouteSchema<Route>>({
    ...implementation,
    handler,
    method: definition.method,
    url: definition.path,
    schema,
    config: withoutUndefined({ ...implementation.config, permission: definition.permission }),
  });
}

/** Fastify and its OpenAPI document read a key that is there as one that is set. */
function withoutUndefined<Entries extends object>(entries: Entries): Partial<Entries> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Partial<Entries>;
}
