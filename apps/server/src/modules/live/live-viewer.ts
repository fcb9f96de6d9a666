import {
  can,
  DASHBOARD_SOURCES,
  DEPLOYMENT_TOPIC_ROUTES,
  PERSONAL_TOPIC_ROUTES,
  rolesMayCall,
  SHOP_TOPIC_ROUTES,
  SUPPLIER_TOPIC_ROUTES,
  type DeploymentTopic,
  type LiveChange,
  type PersonalTopic,
  type Role,
  type ShopRole,
  type ShopTopic,
  type SupplierTopic,
} from '@myb/contracts';
import type { LiveChangeRow } from './live.repository';

/**
 * Who a stream is for: the shop it was opened for (and their role there), their suppliers, themselves
 * and their account-wide roles.
 */
export interface LiveViewer {
  userId: string;
  roles: readonly Role[];
  shop: { id: string; role: ShopRole } | null;
  supplierIds: ReadonlySet<string>;
}

const isShopTopic = (topic: string): topic is ShopTopic => Object.hasOwn(SHOP_TOPIC_ROUTES, topic);
const isSupplierTopic = (topic: string): topic is SupplierTopic =>
  Object.hasOwn(SUPPLIER_TOPIC_ROUTES, topic);
const isPersonalTopic = (topic: string): topic is PersonalTopic =>
  Object.hasOwn(PERSONAL_TOPIC_ROUTES, topic);
const isDeploymentTopic = (topic: string): topic is DeploymentTopic =>
  Object.hasOwn(DEPLOYMENT_TOPIC_ROUTES, topic);
const inNoScope = (change: LiveChangeRow) =>
  change.merchant_id === null && change.supplier_id === null && change.user_id === null;

/**
 * What of `changes` the viewer may hear, or null for nothing: a shop topic if their role there may
 * call the topic's route (so what a stream tells is what the routes would show), the dashboard when
 * any of its sources changed, their suppliers' portal topics, their own, and the deployment's topics
 * whose route their account-wide roles may call.
 */
export function heardBy(viewer: LiveViewer, changes: readonly LiveChangeRow[]): LiveChange | null {
  const shop = new Set<ShopTopic>();
  const supplier = new Set<SupplierTopic>();
  const personal = new Set<PersonalTopic>();
  const deployment = new Set<DeploymentTopic>();
  for (const change of changes) {
    if (viewer.shop && change.merchant_id === viewer.shop.id && isShopTopic(change.topic)) {
      shop.add(change.topic);
      if (DASHBOARD_SOURCES.includes(change.topic)) {
        shop.add('dashboard');
      }
    } else if (
      change.supplier_id &&
      viewer.supplierIds.has(change.supplier_id) &&
      isSupplierTopic(change.topic)
    ) {
      supplier.add(change.topic);
    } else if (change.user_id === viewer.userId && isPersonalTopic(change.topic)) {
      personal.add(change.topic);
    } else if (
      inNoScope(change) &&
      isDeploymentTopic(change.topic) &&
      rolesMayCall(DEPLOYMENT_TOPIC_ROUTES[change.topic].caller, viewer.roles)
    ) {
      deployment.add(change.topic);
    }
  }
  const role = viewer.shop?.role;
  const heard: LiveChange = {
    shop: [...shop].filter((topic) => can(role, SHOP_TOPIC_ROUTES[topic].permission)).sort(),
    supplier: [...supplier].sort(),
    personal: [...personal].sort(),
    deployment: [...deployment].sort(),
  };
  const told = heard.shop.length + heard.supplier.length + heard.personal.length + heard.deployment.length;
  return told > 0 ? heard : null;
}
