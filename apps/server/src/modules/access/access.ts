import { can, type MerchantPermission, type ShopRole } from '@myb/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../../http/errors';
import type { Actor } from '../auth/actor';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { bearerToken } from '../../http/bearer-token';
import { BODY_LIMIT_BYTES } from '../../http/body-limit';
import { hashToken } from '../auth/tokens';
import type { MerchantRow } from '../merchants/merchants.repository';
import type { AccessRepository, Credential } from './access.repository';

/** Recognisable in logs and secret scanners, and never mistaken for a supplier agent's token. */
export const API_TOKEN_PREFIX = 'myb_api_';

/** Who acts in a shop's back office, found allowed there: the shop, the caller, and the caller's role there. */
export interface ShopCaller<Shop = MerchantRow> {
  shop: Shop;
  actor: Actor;
  role: ShopRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session cookie or API token the request came with, not looked up. */
    credential: Credential | null;
    /** On a route with `config.permission`: the caller at the shop of its `:merchantSlug`, allowed. */
    shopCaller: ShopCaller | null;
  }
  interface FastifyContextConfig {
    /** What the caller must be allowed to do at the shop of the route's `:merchantSlug`. */
    permission?: MerchantPermission;
    /**
     * The route's own statement finds the caller (`callerCtes`), sparing a round trip: the request
     * carries only its `credential`, and the handler checks it (with `authorize` on a shop route).
     */
    callerInStatement?: boolean;
  }
}

const DESCRIPTIONS: Record<MerchantPermission, string> = {
  orders: "see and dispatch the shop's orders",
  sales: "see the shop's sales, online and at its registers",
  readCatalogue: "see the shop's catalogue",
  catalogue: "change the shop's catalogue",
  suppliers: "see and change the shop's suppliers",
  staff: "manage the shop's staff",
  settings: "change the shop's settings or close it",
  register: "sell at the shop's registers",
  registerSetup: "set up the shop's registers",
  customers: "see and change the shop's customers",
  customerInsights: "see what the shop's customers spend, export them or merge their records",
  registerApproval: "approve a return without its receipt or a discount above a cashier's cap, or give store credit",
  purchasing: "write, send and receive the shop's purchase orders",
  reports: "see the shop's dashboard and reports",
  clock: 'clock in and out at the shop',
  timesheets: "see, correct and approve the shop's staff hours",
};

/** To someone who does not work at the shop, these are as unknown as a shop that does not exist: the same 404. */
const UNKNOWN_TO_OUTSIDERS: ReadonlySet<MerchantPermission> = new Set(['settings']);

/**
 * The one rule of who may do `permission` in a shop's back office (MERCHANT_PERMISSIONS says which
 * roles may): its owner, staff whose role allows it, an API token of the shop with such a role, or an
 * admin. In this order it throws 401 for no live caller, 404 for no shop, 403 for another shop's API
 * token, and 403 for no role there (404 for what is `UNKNOWN_TO_OUTSIDERS`) or a role without the
 * permission.
 */
export function authorize<Shop extends { id: string }>(
  { actor, shop, role }: { actor: Actor | null; shop?: Shop; role?: ShopRole },
  slug: string,
  permission: MerchantPermission,
): ShopCaller<Shop> {
  if (!actor) {
    throw unauthorized();
  }
  const hidden = () => notFound(`shop "${slug}"`);
  if (!shop) {
    throw hidden();
  }
  if (actor.token && actor.token.merchantId !== shop.id && !UNKNOWN_TO_OUTSIDERS.has(permission)) {
    throw forbidden(`this API token is not for the shop "${slug}"`);
  }
  if (!role) {
    throw UNKNOWN_TO_OUTSIDERS.has(permission)
      ? hidden()
      : forbidden(`you do not work at the shop "${slug}"`);
  }
  if (!can(role, permission)) {
    throw forbidden(`a ${role} may not ${DESCRIPTIONS[permission]}`);
  }
  return { shop, actor, role };
}

/** The request's credential: a Bearer header alone when there is one (never a cookie that rode along), else the session cookie. */
function credentialOf(request: FastifyRequest): Credential | null {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer) {
    return bearer.startsWith(API_TOKEN_PREFIX) ? { kind: 'apiToken', tokenHash: hashToken(bearer) } : null;
  }
  const token = request.cookies[SESSION_COOKIE];
  return token ? { kind: 'session', tokenHash: hashToken(token) } : null;
}

/**
 * Finds every request's caller, one query each: on a route with `config.permission`, the caller at
 * the shop of its `:merchantSlug`, allowed by `authorize` once the request is validated (so a
 * malformed request is a 400 whoever sends it); on a route with `callerInStatement`, nothing (the
 * route's statement does it); on every other route, the caller alone, as `request.actor`. A route
 * whose body may be larger than the server's limit is authorized before its body is read.
 */
export function registerCallerChecks(app: FastifyInstance, access: AccessRepository): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('credential', null);
  app.decorateRequest('shopCaller', null);
  app.addHook('onRequest', async (request) => {
    request.credential = credentialOf(request);
    const { permission, callerInStatement } = request.routeOptions.config;
    if (request.credential && !permission && !callerInStatement) {
      request.actor = (await access.find(request.credential)).actor;
    }
  });
  const authorizeShopCaller = async (request: FastifyRequest) => {
    const { permission, callerInStatement } = request.routeOptions.config;
    if (!permission || callerInStatement || request.shopCaller) {
      return;
    }
    const { merchantSlug } = request.params as { merchantSlug: string };
    // No credential is refused before the shop is looked up, as `authorize` would refuse it after.
    const found = request.credential ? await access.find(request.credential, merchantSlug) : null;
    request.shopCaller = authorize(found ?? { actor: null }, merchantSlug, permission);
    request.actor = request.shopCaller.actor;
  };
  // A route that reads more than the server's body limit (a catalogue import) checks its caller before
  // reading the body: nobody without the right makes the server read and parse megabytes first.
  app.addHook('preParsing', async (request) => {
    if ((request.routeOptions.bodyLimit ?? 0) > BODY_LIMIT_BYTES) {
      await authorizeShopCaller(request);
    }
  });
  app.addHook('preHandler', authorizeShopCaller);
}

/**
 * On a route with `callerInStatement` and `config.permission`: what its statement finds the caller
 * of, and what `authorize` then checks, as the route says.
 */
export interface ShopCallerToCheck {
  credential: Credential | null;
  slug: string;
  permission: MerchantPermission;
}

export function shopCallerToCheck(request: FastifyRequest): ShopCallerToCheck {
  const { permission } = request.routeOptions.config;
  if (!permission) {
    throw new Error(`${request.routeOptions.url ?? request.url} has no config.permission`);
  }
  return {
    credential: request.credential,
    slug: (request.params as { merchantSlug: string }).merchantSlug,
    permission,
  };
}

/** The caller its route's `config.permission` found allowed at the shop. */
export function shopCallerOf(request: FastifyRequest): ShopCaller {
  if (!request.shopCaller) {
    throw new Error(`${request.routeOptions.url ?? request.url} has no config.permission`);
  }
  return request.shopCaller;
}
