import {
  can,
  DASHBOARD_SOURCES,
  PERSONAL_TOPIC_ROUTES,
  SHOP_TOPIC_ROUTES,
  SUPPLIER_TOPIC_ROUTES,
  type LiveChange,
  type PersonalTopic,
  type ShopRole,
  type ShopTopic,
  type SupplierTopic,
} from '@myb/contracts';
import type { LiveChangeRow } from './live.repository';

/** Who a stream is for: the shop it was opened for (and their role there), their suppliers, themselves. */
export interface LiveViewer {
  userId: string;
  shop: { id: string; role: ShopRole } | null;
  supplierIds: ReadonlySet<string>;
}

const isShopTopic = (topic: string): topic is ShopTopic => Object.hasOwn(SHOP_TOPIC_ROUTES, topic);
const isSupplierTopic = (topic: string): topic is SupplierTopic =>
  Object.hasOwn(SUPPLIER_TOPIC_ROUTES, topic);
const isPersonalTopic = (topic: string): topic is PersonalTopic =>
  Object.hasOwn(PERSONAL_TOPIC_ROUTES, topic);

/**
 * What of `changes` the viewer may hear, or null for nothing: a shop topic if their role there may
 * call the topic's route (so what a stream tells is what the routes would show), the dashboard when
 * any of its sources changed, their suppliers' portal topics, their own.
 */
export function heardBy(viewer: LiveViewer, changes: readonly LiveChangeRow[]): LiveChange | null {
  const shop = new Set<ShopTopic>();
  const supplier = new Set<SupplierTopic>();
  const personal = new Set<PersonalTopic>();
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
    }
  }
  const role = viewer.shop?.role;
  const heard: LiveChange = {
    shop: [...shop].filter((topic) => can(role, SHOP_TOPIC_ROUTES[topic].permission)).sort(),
    supplier: [...supplier].sort(),
    personal: [...personal].sort(),
  };
  return heard.shop.length + heard.supplier.length + heard.personal.length > 0 ? heard : null;
}
