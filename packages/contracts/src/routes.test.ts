import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Order } from './features/orders';
import type { RouteDefinition, RouteInput, RouteResponse } from './route';
import { routes } from './routes';

/** Every route of the table, however deep its feature nests them. */
function allRoutes(node: object): RouteDefinition[] {
  return Object.values(node).flatMap((value: object) =>
    'method' in value && 'path' in value ? [value as RouteDefinition] : allRoutes(value),
  );
}

describe('the route table', () => {
  const table = allRoutes(routes);

  it('holds each method and path once', () => {
    const keys = table.map((route) => `${route.method} ${route.path}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("names in each route's params schema exactly the parameters of its path", () => {
    for (const route of table) {
      const inPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]).sort();
      const inSchema = route.params instanceof z.ZodObject ? Object.keys(route.params.shape).sort() : [];
      expect(inSchema, `${route.method} ${route.path}`).toEqual(inPath);
    }
  });

  it('lists one success status per route, and says who may call it', () => {
    for (const route of table) {
      const successes = Object.keys(route.responses).filter((status) => /^[23]/.test(status));
      expect(successes, `${route.method} ${route.path}`).toHaveLength(1);
      expect(Boolean(route.permission) !== Boolean(route.caller), `${route.method} ${route.path}`).toBe(true);
    }
  });

  it("types a call's answer and input from the route's schemas", () => {
    expectTypeOf<RouteResponse<typeof routes.orders.dispatch>>().toEqualTypeOf<Order>();
    expectTypeOf<RouteResponse<typeof routes.staff.remove>>().toEqualTypeOf<undefined>();
    expectTypeOf<RouteInput<typeof routes.orders.dispatch>['params']>().toEqualTypeOf<{
      merchantSlug: string;
      orderId: string;
    }>();
  });
});
