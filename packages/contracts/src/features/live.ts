import { z } from 'zod';
import { defineRoute } from '../route';
import { customerRoutes } from './customers';
import { mailRoutes } from './mail';
import { catalogueRoutes } from './catalogue';
import { orderRoutes } from './orders';
import { purchaseOrderRoutes } from './purchase-orders';
import { registerRoutes } from './register';
import { reportRoutes } from './reports';
import { salesRoutes } from './sales';
import { staffRoutes } from './staff';
import { stockRoutes } from './stock';
import { messageRoutes } from './supplier-messages';
import { supplierPurchaseOrderRoutes } from './supplier-purchase-orders';
import { timesheetRoutes } from './timesheets';

/**
 * Live screens: the server tells a browser what changed, by topic, the moment it is committed, and
 * the browser reads those screens again through their routes. A change carries no figures, so what a
 * stream may tell is what its viewer may read: each shop topic is heard by whoever may call the route
 * named here (its permission, from the one permission table).
 */
export const SHOP_TOPIC_ROUTES = {
  orders: orderRoutes.shopList,
  messages: messageRoutes.list,
  devices: messageRoutes.devices,
  sales: salesRoutes.list,
  catalogue: catalogueRoutes.managedProducts,
  stock: stockRoutes.movements,
  register: registerRoutes.registers,
  purchaseOrders: purchaseOrderRoutes.list,
  hours: timesheetRoutes.myHours,
  customers: customerRoutes.customers,
  staff: staffRoutes.list,
  dashboard: reportRoutes.dashboard,
} as const;
export type ShopTopic = keyof typeof SHOP_TOPIC_ROUTES;
export const SHOP_TOPICS = Object.keys(SHOP_TOPIC_ROUTES) as ShopTopic[];

/** The dashboard's figures come from these: a change of any of them is a change of the dashboard. */
export const DASHBOARD_SOURCES: readonly ShopTopic[] = [
  'orders',
  'messages',
  'sales',
  'catalogue',
  'register',
  'purchaseOrders',
];

/** A supplier's people hear of their supplier's messages and purchase orders (the portal's routes). */
export const SUPPLIER_TOPIC_ROUTES = {
  supplierMessages: messageRoutes.supplierInbox,
  supplierPurchaseOrders: supplierPurchaseOrderRoutes.list,
} as const;
export type SupplierTopic = keyof typeof SUPPLIER_TOPIC_ROUTES;

/** A person hears of their own orders, and of a change of where they work (`access`). */
export const PERSONAL_TOPIC_ROUTES = {
  myOrders: orderRoutes.mine,
  access: null,
} as const;
export type PersonalTopic = keyof typeof PERSONAL_TOPIC_ROUTES;

/**
 * What belongs to the whole deployment, not to one shop, supplier or person: the mail folder of the
 * embedded mode. Heard by whoever's account-wide roles may call the topic's route.
 */
export const DEPLOYMENT_TOPIC_ROUTES = {
  mail: mailRoutes.list,
} as const;
export type DeploymentTopic = keyof typeof DEPLOYMENT_TOPIC_ROUTES;

export type LiveTopic = ShopTopic | SupplierTopic | PersonalTopic | DeploymentTopic;

/**
 * One event of a live stream (`event: change`): what changed since the event before, per scope. Its
 * SSE id is what the browser gives back as Last-Event-ID when it reconnects, to hear what it missed.
 */
export const liveChangeSchema = z.object({
  /** The shop the stream was opened for: its topics the viewer may read. */
  shop: z.array(z.enum(SHOP_TOPICS as [ShopTopic, ...ShopTopic[]])),
  /** The viewer's suppliers' portal. */
  supplier: z.array(z.enum(Object.keys(SUPPLIER_TOPIC_ROUTES) as [SupplierTopic, ...SupplierTopic[]])),
  /** The viewer's own. */
  personal: z.array(z.enum(Object.keys(PERSONAL_TOPIC_ROUTES) as [PersonalTopic, ...PersonalTopic[]])),
  /** The deployment's, for those who may read them. */
  deployment: z.array(
    z.enum(Object.keys(DEPLOYMENT_TOPIC_ROUTES) as [DeploymentTopic, ...DeploymentTopic[]]),
  ),
});
export type LiveChange = z.infer<typeof liveChangeSchema>;

/**
 * `event: reset`: the stream cannot say what changed since the Last-Event-ID given (it is older than
 * the server keeps), so the browser reads all its screens again.
 */
export const LIVE_RESET_EVENT = 'reset';
export const LIVE_CHANGE_EVENT = 'change';

export const liveQuerySchema = z.object({
  /** The shop whose back office the browser shows; without it, only the supplier's and personal topics. */
  shop: z.string().min(1).max(100).optional(),
});

export const liveRoutes = {
  stream: defineRoute({
    method: 'GET',
    path: '/live',
    summary: 'What changes, as it is committed (Server-Sent Events)',
    description:
      'A `text/event-stream` of `change` events (a JSON `LiveChange`), each with an id; reconnecting with ' +
      '`Last-Event-ID` replays what changed since, or sends `reset` when that is older than an hour.',
    tags: ['live'],
    caller: 'signed-in',
    query: liveQuerySchema,
    responses: { 200: z.string() },
  }),
};
