/** The back office's entry point, loaded as one chunk when a merchant first opens it. */
export { CataloguePage } from './CataloguePage';
export { CustomerPage } from './CustomerPage';
export { CustomersPage } from './CustomersPage';
export { LowStockPage } from './LowStockPage';
export { MyShopsPage } from './MyShopsPage';
export { ShopLayout } from './ShopLayout';
export { ShopMessagesPage } from './ShopMessagesPage';
export { ShopOrderPage } from './ShopOrderPage';
export { ShopOrdersPage } from './ShopOrdersPage';
export { ShopSalesPage } from './ShopSalesPage';
export { ShopSettingsPage } from './ShopSettingsPage';
export { StaffPage } from './StaffPage';
export { StockCountPage } from './StockCountPage';
export { StockCountsPage } from './StockCountsPage';
export { StockMovementsPage } from './StockMovementsPage';
export { SuppliersPage } from './SuppliersPage';
