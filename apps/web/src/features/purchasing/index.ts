/** Purchase orders in the back office, loaded as one chunk when first opened. */
export { NewPurchaseOrderPage } from './NewPurchaseOrderPage';
export { PurchaseOrderPage } from './PurchaseOrderPage';
export { PurchaseOrdersPage } from './PurchaseOrdersPage';
export { ReceiptNotePage } from './ReceiptNotePage';
