/**
 * Query keys in one place: mutations invalidate by prefix, so a typo here would silently leave a
 * screen stale.
 */
export const keys = {
  session: ['session'] as const,
  authProviders: ['auth-providers'] as const,
  mySessions: ['my-sessions'] as const,
  myAccount: ['my-account'] as const,
  merchants: ['merchants'] as const,
  merchant: (slug: string) => ['merchant', slug] as const,
  shopSettings: (slug: string) => ['shop-settings', slug] as const,
  categories: (slug: string) => ['categories', slug] as const,
  taxRates: (slug: string) => ['tax-rates', slug] as const,
  products: (slug: string) => ['products', slug] as const,
  productSearch: (slug: string, category: string | null, q: string) =>
    ['products', slug, { category, q }] as const,
  myMerchants: ['my-merchants'] as const,
  catalogue: (slug: string) => ['catalogue', slug] as const,
  // Under the catalogue's key, so whatever refreshes the catalogue refreshes these too.
  managedProduct: (slug: string, productId: string) => ['catalogue', slug, 'one', productId] as const,
  catalogueSearch: (slug: string, q: string, limit: number) =>
    ['catalogue', slug, 'search', { q, limit }] as const,
  stockMovements: (slug: string) => ['stock-movements', slug] as const,
  stockCounts: (slug: string) => ['stock-counts', slug] as const,
  stockCount: (slug: string, countId: string) => ['stock-counts', slug, countId] as const,
  reorderRules: (slug: string) => ['reorder-rules', slug] as const,
  suppliers: (slug: string) => ['suppliers', slug] as const,
  supplierPeople: (slug: string, supplierId: string) => ['suppliers', slug, 'people', supplierId] as const,
  supplierInvitation: (token: string) => ['supplier-invitations', token] as const,
  shopOrders: (slug: string) => ['shop-orders', slug] as const,
  shopSales: (slug: string, query: object) => ['shop-sales', slug, query] as const,
  shopOrderList: (slug: string, status: string) => ['shop-orders', slug, 'list', status] as const,
  shopOrder: (slug: string, orderId: string) => ['shop-orders', slug, 'one', orderId] as const,
  shopMessagesAll: (slug: string) => ['shop-messages', slug] as const,
  shopDevices: (slug: string) => ['shop-devices', slug] as const,
  shopMessages: (slug: string, query: object) => ['shop-messages', slug, query] as const,
  myOrders: ['orders'] as const,
  myOrder: (orderId: string) => ['orders', orderId] as const,
  users: ['users'] as const,
  auditLog: ['audit-log'] as const,
  stockChecks: ['stock-checks'] as const,
  staff: (slug: string) => ['staff', slug] as const,
  apiTokens: (slug: string) => ['api-tokens', slug] as const,
  supplierMessages: ['supplier-messages'] as const,
  supplierPurchaseOrders: ['supplier-purchase-orders'] as const,
  supplierPurchaseOrder: (purchaseOrderId: string) => ['supplier-purchase-orders', purchaseOrderId] as const,
  purchaseOrderLink: (token: string) => ['purchase-order-links', token] as const,
  registers: (slug: string) => ['registers', slug] as const,
  registerShift: (slug: string, shiftId: string) => ['register-shifts', slug, shiftId] as const,
  registerSale: (slug: string, saleId: string) => ['register-sales', slug, saleId] as const,
  registerApprovers: (slug: string) => ['register-approvers', slug] as const,
  registerPin: (slug: string) => ['register-pin', slug] as const,
  /** Everything of a shop's staff hours: the time clock, my hours and the timesheet, refreshed together. */
  hours: (slug: string) => ['hours', slug] as const,
  timeClock: (slug: string) => ['hours', slug, 'clock'] as const,
  myHours: (slug: string, week: string | undefined) => ['hours', slug, 'mine', week ?? 'this'] as const,
  timesheet: (slug: string, week: string | undefined) => ['hours', slug, 'sheet', week ?? 'this'] as const,
  customers: (slug: string) => ['customers', slug] as const,
  customerSearch: (slug: string, q: string, limit: number) => ['customers', slug, 'search', { q, limit }] as const,
  customer: (slug: string, customerId: string) => ['customers', slug, 'one', customerId] as const,
  purchaseOrders: (slug: string) => ['purchase-orders', slug] as const,
  purchaseOrderList: (slug: string, filter: object) => ['purchase-orders', slug, 'list', filter] as const,
  purchaseOrder: (slug: string, purchaseOrderId: string) => ['purchase-orders', slug, 'one', purchaseOrderId] as const,
  mail: ['mail'] as const,
};

/** Orders, delivery trails and the mail folder poll until the server pushes events. */
export const LIVE_INTERVAL_MS = 2_000;
