import { API_PREFIX, routes, type RouteDefinition } from '@myb/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/http/route-list';
import { buildTestApp, type TestApp } from '../helper';

/**
 * The server's routes are the route table's (`routes` in @myb/contracts): each route file registers
 * a definition of the table with its handler (`route` in src/http/route-table.ts), which takes the
 * method, path, schemas and permission from it. What is left to hold is the list itself: a route the
 * table has and the server does not answer, or the other way round, would be a call the web app's
 * client types for nothing.
 */

/** Every route of the table, however deep its feature nests them. */
function tableRoutes(node: object): RouteDefinition[] {
  return Object.values(node).flatMap((value: object) =>
    'method' in value && 'path' in value ? [value as RouteDefinition] : tableRoutes(value),
  );
}

describe('the route table', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('pglite');
  });
  afterAll(() => test.close());

  it('lists every route the server declares, and no other', () => {
    const server = routesOf(test.app)
      .filter(({ url }) => url.startsWith(`${API_PREFIX}/`))
      .map(({ method, url }) => `${method} ${url.slice(API_PREFIX.length)}`);
    expect(new Set(server).size).toBe(server.length);
    expect([...server].sort()).toEqual(tableRoutes(routes).map((route) => `${route.method} ${route.path}`).sort());
  });
});
