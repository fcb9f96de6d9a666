import type { DeploymentTopic, PersonalTopic, ShopTopic, SupplierTopic } from '@myb/contracts';
import type { QueryKey } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { keys, LIVE_INTERVAL_MS } from './keys';

/** What each topic of a live stream refreshes: the queries of the screens that show it (by key prefix). */
export const SHOP_TOPIC_KEYS: Record<ShopTopic, (slug: string) => QueryKey[]> = {
  orders: (slug) => [keys.shopOrders(slug)],
  messages: (slug) => [keys.shopMessagesAll(slug), keys.supplierReport(slug)],
  devices: (slug) => [keys.shopDevices(slug)],
  sales: (slug) => [['shop-sales', slug]],
  catalogue: (slug) => [keys.catalogue(slug), keys.products(slug), keys.stockReport(slug)],
  stock: (slug) => [
    keys.stockMovements(slug),
    keys.stockCounts(slug),
    keys.reorderRules(slug),
    keys.stockReport(slug),
  ],
  register: (slug) => [keys.registers(slug), ['register-shifts', slug], ['register-sales', slug]],
  purchaseOrders: (slug) => [keys.purchaseOrders(slug), keys.reorderRules(slug), keys.supplierReport(slug)],
  hours: (slug) => [keys.hours(slug)],
  customers: (slug) => [keys.customers(slug)],
  staff: (slug) => [keys.staff(slug)],
  dashboard: (slug) => [keys.dashboard(slug), keys.salesReport(slug)],
};
export const SUPPLIER_TOPIC_KEYS: Record<SupplierTopic, QueryKey[]> = {
  supplierMessages: [keys.supplierMessages],
  supplierPurchaseOrders: [keys.supplierPurchaseOrders],
};
export const PERSONAL_TOPIC_KEYS: Record<PersonalTopic, QueryKey[]> = {
  myOrders: [keys.myOrders],
  access: [keys.myMerchants, keys.session],
};
export const DEPLOYMENT_TOPIC_KEYS: Record<DeploymentTopic, QueryKey[]> = {
  mail: [keys.mail],
};

/** Whether the server's live stream is open: screens then wait for it rather than poll. */
export const LiveContext = createContext(false);

/**
 * Figures that change with the passing of time alone, with nothing written (a message nobody has taken
 * for ten minutes, a deadline passed), are read again this often even while the stream is open.
 */
const CLOCK_INTERVAL_MS = 60_000;

/**
 * A live screen's `refetchInterval`: none while the stream is open (`clockBound`: once a minute), and
 * polling while it is not.
 */
export function useLiveInterval({ clockBound = false } = {}): number | false {
  if (!useContext(LiveContext)) {
    return LIVE_INTERVAL_MS;
  }
  return clockBound ? CLOCK_INTERVAL_MS : false;
}
