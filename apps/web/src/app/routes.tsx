import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { SignInPage } from '../features/auth/SignInPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { MerchantsPage } from '../features/catalogue/MerchantsPage';
import { ShopPage } from '../features/catalogue/ShopPage';
import { MyOrderPage } from '../features/orders/MyOrderPage';
import { MyOrdersPage } from '../features/orders/MyOrdersPage';
import { RequireRole } from './RequireRole';
import { NotFound, RouteError } from './RouteError';
import { Shell } from './Shell';
import { PageLoader } from '../ui/PageLoader';

/**
 * Staff screens load on demand: a customer on a phone never downloads the back office, admin or
 * mail code. Each such route shows a loader of its own while its code arrives (a new Suspense
 * boundary shows its fallback even inside the router's navigation transition), rather than leaving
 * the previous page up with nothing to say that something is coming.
 */
function lazyPage(load: () => Promise<ComponentType>): Pick<RouteObject, 'element'> {
  const Page = lazy(async () => ({ default: await load() }));
  return {
    element: (
      <Suspense fallback={<PageLoader />}>
        <Page />
      </Suspense>
    ),
  };
}

const backOffice = () => import('../features/back-office');
const register = () => import('../features/register');
const purchasing = () => import('../features/purchasing');
const reports = () => import('../features/reports');
const timesheets = () => import('../features/timesheets');

const routes: RouteObject[] = [
  {
    path: '/',
    Component: Shell,
    ErrorBoundary: RouteError,
    children: [
      { index: true, Component: MerchantsPage },
      { path: 'shops/:merchantSlug', Component: ShopPage },
      { path: 'sign-in', Component: SignInPage },
      { path: 'sign-up', Component: SignUpPage },
      { path: 'forgot-password', Component: ForgotPasswordPage },
      { path: 'reset-password', Component: ResetPasswordPage },
      // The e-mailed links' pages: no sign-in, the link is the supplier's credential.
      {
        path: 'purchase-orders/acknowledge/:token',
        ...lazyPage(async () => (await import('../features/supplier/PurchaseOrderLinkPage')).PurchaseOrderLinkPage),
      },
      {
        path: 'order-messages/acknowledge/:token',
        ...lazyPage(async () => (await import('../features/supplier/OrderMessageLinkPage')).OrderMessageLinkPage),
      },
      // The e-mailed invitation's page: shown to anyone holding the link; accepting asks for the invited account.
      {
        path: 'supplier-invitations/:token',
        ...lazyPage(async () => (await import('../features/supplier/SupplierInvitationPage')).SupplierInvitationPage),
      },
      {
        element: <RequireRole />,
        children: [
          { path: 'orders', Component: MyOrdersPage },
          { path: 'orders/:orderId', Component: MyOrderPage },
          {
            path: 'account',
            ...lazyPage(async () => (await import('../features/account/AccountPage')).AccountPage),
          },
        ],
      },
      {
        element: <RequireRole roles={['merchant', 'staff', 'admin']} />,
        children: [
          { path: 'back-office', ...lazyPage(async () => (await backOffice()).MyShopsPage) },
          {
            path: 'back-office/:merchantSlug',
            ...lazyPage(async () => (await backOffice()).ShopLayout),
            children: [
              { index: true, ...lazyPage(async () => (await reports()).ShopHome) },
              { path: 'dashboard', ...lazyPage(async () => (await reports()).DashboardPage) },
              { path: 'reports', ...lazyPage(async () => (await reports()).ReportsPage) },
              { path: 'sales', ...lazyPage(async () => (await backOffice()).ShopSalesPage) },
              { path: 'orders', ...lazyPage(async () => (await backOffice()).ShopOrdersPage) },
              { path: 'orders/:orderId', ...lazyPage(async () => (await backOffice()).ShopOrderPage) },
              { path: 'messages', ...lazyPage(async () => (await backOffice()).ShopMessagesPage) },
              { path: 'catalogue', ...lazyPage(async () => (await backOffice()).CataloguePage) },
              { path: 'stock', ...lazyPage(async () => (await backOffice()).StockMovementsPage) },
              { path: 'stock/counts', ...lazyPage(async () => (await backOffice()).StockCountsPage) },
              { path: 'stock/counts/:countId', ...lazyPage(async () => (await backOffice()).StockCountPage) },
              { path: 'stock/low', ...lazyPage(async () => (await backOffice()).LowStockPage) },
              { path: 'suppliers', ...lazyPage(async () => (await backOffice()).SuppliersPage) },
              { path: 'purchase-orders', ...lazyPage(async () => (await purchasing()).PurchaseOrdersPage) },
              { path: 'purchase-orders/new', ...lazyPage(async () => (await purchasing()).NewPurchaseOrderPage) },
              {
                path: 'purchase-orders/:purchaseOrderId',
                ...lazyPage(async () => (await purchasing()).PurchaseOrderPage),
              },
              {
                path: 'purchase-orders/:purchaseOrderId/receipts/:receiptId',
                ...lazyPage(async () => (await purchasing()).ReceiptNotePage),
              },
              { path: 'customers', ...lazyPage(async () => (await backOffice()).CustomersPage) },
              { path: 'customers/:customerId', ...lazyPage(async () => (await backOffice()).CustomerPage) },
              { path: 'staff', ...lazyPage(async () => (await backOffice()).StaffPage) },
              { path: 'staff-hours', ...lazyPage(async () => (await timesheets()).StaffHoursPage) },
              { path: 'my-hours', ...lazyPage(async () => (await timesheets()).MyHoursPage) },
              { path: 'settings', ...lazyPage(async () => (await backOffice()).ShopSettingsPage) },
              { path: 'register', ...lazyPage(async () => (await register()).RegistersPage) },
              { path: 'register/sales/:saleId', ...lazyPage(async () => (await register()).SaleReceiptPage) },
              { path: 'register/:registerId', ...lazyPage(async () => (await register()).SellPage) },
            ],
          },
        ],
      },
      {
        element: <RequireRole roles={['admin']} />,
        children: [
          {
            path: 'admin',
            ...lazyPage(async () => (await import('../features/admin/AdminLayout')).AdminLayout),
            children: [
              { index: true, ...lazyPage(async () => (await import('../features/admin/UsersPage')).UsersPage) },
              {
                path: 'audit-log',
                ...lazyPage(async () => (await import('../features/admin/AuditLogPage')).AuditLogPage),
              },
              {
                path: 'stock-checks',
                ...lazyPage(async () => (await import('../features/admin/StockChecksPage')).StockChecksPage),
              },
            ],
          },
        ],
      },
      {
        element: <RequireRole roles={['supplier']} />,
        children: [
          {
            path: 'supplier-inbox',
            ...lazyPage(
              async () => (await import('../features/supplier/SupplierInboxPage')).SupplierInboxPage,
            ),
          },
          {
            path: 'supplier-purchase-orders',
            ...lazyPage(
              async () => (await import('../features/supplier/SupplierPurchaseOrdersPage')).SupplierPurchaseOrdersPage,
            ),
          },
          {
            path: 'supplier-purchase-orders/:purchaseOrderId',
            ...lazyPage(
              async () => (await import('../features/supplier/SupplierPurchaseOrderPage')).SupplierPurchaseOrderPage,
            ),
          },
        ],
      },
      {
        element: <RequireRole roles={['admin', 'merchant']} />,
        children: [
          { path: 'mail', ...lazyPage(async () => (await import('../features/mail/MailPage')).MailPage) },
        ],
      },
      { path: '*', Component: NotFound },
    ],
  },
];

export const router = createBrowserRouter(routes);
