import { PageHeader } from '../../ui/PageHeader';
import { PurchaseOrderEditor } from './PurchaseOrderEditor';

export function NewPurchaseOrderPage() {
  return (
    <>
      <PageHeader
        title="New purchase order"
        description="Choose the supplier, then the products: their cost, SKU and quantity come from the supplier’s terms."
      />
      <PurchaseOrderEditor />
    </>
  );
}
