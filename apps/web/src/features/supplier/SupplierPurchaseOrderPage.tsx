import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useParams } from 'react-router';
import { useAcknowledgeAsSupplier, useSupplierPurchaseOrder } from '../../api/supplier';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { confirmedToast, PurchaseOrderAcknowledgement } from './PurchaseOrderAcknowledgement';

/** One purchase order in the supplier portal, confirmed here while it is to be confirmed. */
export function SupplierPurchaseOrderPage() {
  const { purchaseOrderId = '' } = useParams();
  const purchaseOrder = useSupplierPurchaseOrder(purchaseOrderId);
  const acknowledge = useAcknowledgeAsSupplier(purchaseOrderId);
  return (
    <>
      <Anchor component={Link} to="/supplier-purchase-orders" size="sm">
        ← All purchase orders
      </Anchor>
      <QueryView query={purchaseOrder} label="the purchase order">
        {(order) => (
          <>
            <PageHeader
              title={`Purchase order ${order.number}`}
              description={`From ${order.merchant.name}`}
            />
            <PurchaseOrderAcknowledgement
              order={order}
              confirm={{
                ...acknowledge,
                mutate: (body, options) =>
                  acknowledge.mutate(body, {
                    ...options,
                    onSuccess: (confirmed) => notifications.show(confirmedToast(confirmed)),
                  }),
              }}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
