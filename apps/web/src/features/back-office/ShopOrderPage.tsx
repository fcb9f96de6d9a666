import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Order } from '@myb/contracts';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useDispatchOrder, useShopOrder } from '../../api/backOffice';
import { errorMessage } from '../../api/client';
import { useCancelShopOrder } from '../../api/orders';
import { plural } from '../../lib/format';
import { Dialog } from '../../ui/Dialogs';
import { QueryView } from '../../ui/QueryView';
import { CancelOrderButton } from '../orders/CancelOrderButton';
import { DeliveryTrail } from '../orders/DeliveryTrail';
import { OrderDetails, Section } from '../orders/OrderDetails';
import { useShop } from './ShopLayout';

/** "Dispatch", then a dialog naming every supplier the dispatch will tell, before anything is sent. */
function DispatchButton({ order }: { order: Order }) {
  const shop = useShop();
  const dispatch = useDispatchOrder(shop.slug);
  const [opened, { open, close }] = useDisclosure(false);
  const suppliers = order.suppliers ?? [];
  const confirm = () =>
    // Not `mutate(id, { onSuccess })`: success closes the order, which unmounts this button, and
    // TanStack Query drops the callbacks of an unmounted caller, so the toast never showed.
    void dispatch.mutateAsync(order.id).then(
      (dispatched) => {
        close();
        notifications.show({
          color: 'green',
          title: `Order ${dispatched.number} dispatched`,
          message: `${plural(dispatched.deliveries.length, 'supplier')} notified.`,
        });
      },
      // 409 when someone else dispatched or cancelled it first: the refetch shows which.
      (error: unknown) => {
        close();
        notifications.show({ color: 'red', title: 'Not dispatched', message: errorMessage(error) });
      },
    );

  return (
    <>
      <Button size="md" leftSection={<IconTruckDelivery aria-hidden size={20} />} onClick={open}>
        Dispatch
      </Button>
      <Dialog opened={opened} onClose={close} title={`Dispatch order ${order.number}?`}>
        <Stack gap="md">
          {suppliers.length > 0 ? (
            <>
              <Text>
                {suppliers.length === 1
                  ? 'This supplier will be told what to send, by message and e-mail:'
                  : `These ${suppliers.length} suppliers will each be told what to send, by message and e-mail:`}
              </Text>
              <List aria-label="Suppliers to be told">
                {suppliers.map((supplier) => (
                  <List.Item key={supplier.id}>{supplier.name}</List.Item>
                ))}
              </List>
            </>
          ) : (
            <Text>No supplier will be told: none of this order’s products names a supplier.</Text>
          )}
          <Text size="sm" c="dimmed">
            A dispatched order can no longer be cancelled.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button data-autofocus leftSection={<IconTruckDelivery aria-hidden size={18} />} loading={dispatch.isPending} onClick={confirm}>
              {suppliers.length > 0 ? `Dispatch and tell ${plural(suppliers.length, 'supplier')}` : 'Dispatch'}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}

export function ShopOrderPage() {
  const shop = useShop();
  const { orderId = '' } = useParams();
  const order = useShopOrder(shop.slug, orderId);
  const cancel = useCancelShopOrder(shop.slug);
  return (
    <QueryView query={order} label="the order">
      {(data) => (
        <OrderDetails
          order={data}
          party="merchant"
          actions={
            data.status === 'open' && (
              <>
                <CancelOrderButton order={data} side="shop" cancel={cancel} />
                <DispatchButton order={data} />
              </>
            )
          }
        >
          {data.status !== 'cancelled' && (
            <Section title="Supplier deliveries">
              <DeliveryTrail order={data} />
            </Section>
          )}
        </OrderDetails>
      )}
    </QueryView>
  );
}
