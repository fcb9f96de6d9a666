import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Order } from '@myb/contracts';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useDispatchOrder, useShopOrder } from '../../api/backOffice';
import { errorMessage } from '../../api/client';
import { plural } from '../../lib/format';
import { QueryView } from '../../ui/QueryView';
import { DeliveryTrail } from '../orders/DeliveryTrail';
import { OrderDetails, Section } from '../orders/OrderDetails';
import { useShop } from './ShopLayout';

function DispatchButton({ order }: { order: Order }) {
  const shop = useShop();
  const dispatch = useDispatchOrder(shop.slug);
  return (
    <Button
      size="md"
      leftSection={<IconTruckDelivery aria-hidden size={20} />}
      loading={dispatch.isPending}
      onClick={() =>
        // Not `mutate(id, { onSuccess })`: success closes the order, which unmounts this button, and
        // TanStack Query drops the callbacks of an unmounted caller, so the toast never showed.
        void dispatch.mutateAsync(order.id).then(
          (dispatched) =>
            notifications.show({
              color: 'green',
              title: `Order ${dispatched.number} dispatched`,
              message: `${plural(dispatched.deliveries.length, 'supplier')} notified.`,
            }),
          // 409 when someone else dispatched it first: the refetch shows it closed.
          (error: unknown) =>
            notifications.show({ color: 'red', title: 'Not dispatched', message: errorMessage(error) }),
        )
      }
    >
      Dispatch
    </Button>
  );
}

export function ShopOrderPage() {
  const shop = useShop();
  const { orderId = '' } = useParams();
  const order = useShopOrder(shop.slug, orderId);
  return (
    <QueryView query={order} label="the order">
      {(data) => (
        <OrderDetails
          order={data}
          party="merchant"
          actions={data.status === 'open' && <DispatchButton order={data} />}
        >
          <Section title="Supplier deliveries">
            <DeliveryTrail order={data} />
          </Section>
        </OrderDetails>
      )}
    </QueryView>
  );
}
