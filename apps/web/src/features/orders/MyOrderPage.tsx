import { useParams } from 'react-router';
import { useCancelMyOrder, useMyOrder } from '../../api/orders';
import { QueryView } from '../../ui/QueryView';
import { CancelOrderButton } from './CancelOrderButton';
import { OrderDetails } from './OrderDetails';

export function MyOrderPage() {
  const { orderId = '' } = useParams();
  const order = useMyOrder(orderId);
  const cancel = useCancelMyOrder();
  return (
    <QueryView query={order} label="the order">
      {(data) => (
        <OrderDetails
          order={data}
          party="customer"
          actions={data.status === 'open' && <CancelOrderButton order={data} side="customer" cancel={cancel} />}
        />
      )}
    </QueryView>
  );
}
