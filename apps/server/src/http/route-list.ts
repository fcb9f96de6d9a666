import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

const lists = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route the app declares from now on, so a test can hold the whole list against
 * its expectations (the access matrix): a new route nobody thought about fails that test.
 * HEAD routes are Fastify's automatic twins of GET routes and are left out.
 */
export function recordRoutes(app: FastifyInstance): void {
  const list: RouteEntry[] = [];
  lists.set(app, list);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        list.push({ method, url: route.url });
      }
    }
  });
}

export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  return lists.get(app) ?? [];
}
