import { notifications } from '@mantine/notifications';
import { useParams } from 'react-router';
import { useAcknowledgeByLink, usePurchaseOrderLink } from '../../api/supplier';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { confirmedToast, PurchaseOrderAcknowledgement } from './PurchaseOrderAcknowledgement';

/**
 * The page the e-mailed link opens, without signing in: the purchase order and the portal's form.
 * The link works once; after confirming, the answer stays on the page.
 */
export function PurchaseOrderLinkPage() {
  const { token = '' } = useParams();
  const purchaseOrder = usePurchaseOrderLink(token);
  const acknowledge = useAcknowledgeByLink(token);
  return (
    <QueryView query={purchaseOrder} label="the purchase order">
      {(order) => (
        <>
          <PageHeader
            title={`Purchase order ${order.number}`}
            description={`${order.merchant.name} orders from ${order.supplier.name}`}
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
  );
}
