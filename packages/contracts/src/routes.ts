import { accountRoutes } from './features/account';
import { adminRoutes } from './features/admin';
import { apiTokenRoutes } from './features/api-tokens';
import { authRoutes } from './features/auth';
import { catalogueRoutes } from './features/catalogue';
import { catalogueCsvRoutes } from './features/catalogue-csv';
import { customerRoutes } from './features/customers';
import { healthRoutes } from './features/health';
import { liveRoutes } from './features/live';
import { mailRoutes } from './features/mail';
import { merchantRoutes } from './features/merchants';
import { orderRoutes } from './features/orders';
import { purchaseOrderRoutes } from './features/purchase-orders';
import { registerRoutes } from './features/register';
import { reorderRoutes } from './features/reorder';
import { reportRoutes } from './features/reports';
import { salesRoutes } from './features/sales';
import { shopSettingsRoutes } from './features/shop-settings';
import { staffRoutes } from './features/staff';
import { stockRoutes } from './features/stock';
import { supplierRoutes } from './features/suppliers';
import { supplierInvitationRoutes } from './features/supplier-invitations';
import { supplierPurchaseOrderRoutes } from './features/supplier-purchase-orders';
import { taxRateRoutes } from './features/taxes';
import { timesheetRoutes } from './features/timesheets';
import { messageRoutes } from './features/supplier-messages';

/**
 * Every route of the API, by feature (`routes.orders.dispatch`): the server registers what each
 * says, the web app calls them through one typed client.
 */
export const routes = {
  health: healthRoutes,
  auth: authRoutes,
  account: accountRoutes,
  admin: adminRoutes,
  merchants: merchantRoutes,
  shopSettings: shopSettingsRoutes,
  staff: staffRoutes,
  timesheets: timesheetRoutes,
  apiTokens: apiTokenRoutes,
  catalogue: { ...catalogueRoutes, ...catalogueCsvRoutes },
  taxRates: taxRateRoutes,
  stock: stockRoutes,
  suppliers: supplierRoutes,
  supplierInvitations: supplierInvitationRoutes,
  sales: salesRoutes,
  orders: orderRoutes,
  purchaseOrders: purchaseOrderRoutes,
  reorder: reorderRoutes,
  reports: reportRoutes,
  supplierPurchaseOrders: supplierPurchaseOrderRoutes,
  register: registerRoutes,
  customers: customerRoutes,
  messages: messageRoutes,
  mail: mailRoutes,
  live: liveRoutes,
};
