import { useParams } from 'react-router';
import { useMyOrder } from '../../api/orders';
import { QueryView } from '../../ui/QueryView';
import { OrderDetails } from './OrderDetails';

export function MyOrderPage() {
  const { orderId = '' } = useParams();
  const order = useMyOrder(orderId);
  return (
    <QueryView query={order} label="the order">
      {(data) => <OrderDetails order={data} party="customer" />}
    </QueryView>
  );
}
