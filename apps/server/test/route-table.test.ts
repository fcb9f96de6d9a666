import * as contracts from '@myb/contracts';
import { API_PREFIX, routes, type RouteDefinition } from '@myb/contracts';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildTestApp, type TestApp } from './helper';

/**
 * The server's routes are the route table's (`routes` in @myb/contracts), method, path and schemas:
 * the web app's client is built from the table, so a route the server answers differently from
 * what the table says would be a call typed wrong.
 */

// Fastify hands each route's options, schemas and all, to `onRoute` hooks only: every app this
// file builds gets one that keeps them.
const declared = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const fastify = await importOriginal<typeof import('fastify')>();
  const recording = ((options?: object) => {
    const app = fastify.default(options);
    app.addHook('onRoute', (route) => {
      declared.push(route);
    });
    return app;
  }) as unknown as typeof fastify.default;
  return { ...fastify, default: recording };
});

/** Every route of the table, however deep its feature nests them. */
function tableRoutes(node: object): RouteDefinition[] {
  return Object.values(node).flatMap((value: object) =>
    'method' in value && 'path' in value ? [value as RouteDefinition] : tableRoutes(value),
  );
}

const exported = new Set<unknown>(Object.values(contracts));
const jsonSchema = (schema: unknown) =>
  schema instanceof z.ZodType ? z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) : schema;

/**
 * A schema the package exports by name must be the very object the server validates with; one the
 * server writes in its route (the empty answers, health, external sign-in) must say the same.
 */
function expectSameSchema(server: unknown, table: unknown, where: string) {
  if (exported.has(table) || exported.has(server)) {
    expect(server === table, `${where}: not the same schema object`).toBe(true);
  } else {
    expect(jsonSchema(server), where).toEqual(jsonSchema(table));
  }
}

describe('the route table', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('pglite');
  });
  afterAll(() => test.close());

  const table = tableRoutes(routes);
  const serverRoutes = () =>
    declared.flatMap((route) =>
      [route.method]
        .flat()
        .filter((method) => method !== 'HEAD' && route.url.startsWith(`${API_PREFIX}/`))
        .map((method) => ({ key: `${method} ${route.url.slice(API_PREFIX.length)}`, route })),
    );

  it('lists every route the server declares, and no other', () => {
    const server = serverRoutes().map(({ key }) => key);
    expect(new Set(server).size).toBe(server.length);
    expect([...server].sort()).toEqual(table.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('gives each route the schemas, summary and tags the server declares', () => {
    const byKey = new Map(serverRoutes().map(({ key, route }) => [key, route]));
    for (const route of table) {
      const where = `${route.method} ${route.path}`;
      const schema = byKey.get(where)?.schema as Record<string, unknown> | undefined;
      expect(schema, where).toBeDefined();
      expect(schema?.summary, where).toBe(route.summary);
      expect(schema?.description, where).toBe(route.description);
      expect(schema?.tags, where).toEqual(route.tags);
      expectSameSchema(schema?.params, route.params, `${where} params`);
      expectSameSchema(schema?.querystring, route.query, `${where} query`);
      expectSameSchema(schema?.body, route.body, `${where} body`);
      const responses = (schema?.response ?? {}) as Record<string, unknown>;
      expect(Object.keys(responses).sort(), where).toEqual(Object.keys(route.responses).sort());
      for (const [status, response] of Object.entries(route.responses)) {
        expectSameSchema(responses[status], response, `${where} ${status}`);
      }
    }
  });
});
