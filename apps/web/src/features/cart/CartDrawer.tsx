import { ActionIcon, Button, Divider, Group, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, MAX_QUANTITY } from '@myb/contracts';
import { IconShoppingCart, IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useSession } from '../../api/auth';
import { usePlaceOrder } from '../../api/orders';
import { signInPath } from '../../app/navigation';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { cartTotalMinor, clearCart, removeFromCart, setQuantity, useCart, type CartLine } from './cartStore';
import { SidePanel } from '../../ui/Dialogs';

interface CartDrawerProps {
  merchantSlug: string;
  merchantName: string;
  currency: string;
  opened: boolean;
  onClose: () => void;
  /** Where sign-in should bring the customer back to: this shop with the cart open. */
  returnTo: string;
}

function CartLineRow({ merchantSlug, line }: { merchantSlug: string; line: CartLine }) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-end">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text fw={600} truncate>
          {line.name}
        </Text>
        <Text size="sm" c="dimmed">
          {formatMoney(line.unitPriceMinor, line.currency)} each
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <NumberInput
          aria-label={`Quantity of ${line.name}`}
          value={line.quantity}
          min={1}
          max={MAX_QUANTITY}
          allowDecimal={false}
          allowNegative={false}
          w={96}
          onChange={(value) => {
            if (typeof value === 'number') {
              setQuantity(merchantSlug, line.productId, value);
            }
          }}
        />
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={`Remove ${line.name}`}
          onClick={() => removeFromCart(merchantSlug, line.productId)}
        >
          <IconTrash aria-hidden size={20} />
        </ActionIcon>
      </Group>
    </Group>
  );
}

export function CartDrawer({
  merchantSlug,
  merchantName,
  currency,
  opened,
  onClose,
  returnTo,
}: CartDrawerProps) {
  const lines = useCart(merchantSlug);
  const session = useSession();
  const placeOrder = usePlaceOrder();
  const navigate = useNavigate();

  const submit = () => {
    if (!session.data) {
      void navigate(signInPath(returnTo));
      return;
    }
    placeOrder.mutate(
      { merchantSlug, items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })) },
      {
        onSuccess: (order) => {
          clearCart(merchantSlug);
          notifications.show({
            color: 'green',
            title: `Order ${order.number} placed`,
            message: `${merchantName} has it. Follow its status in My orders.`,
          });
          void navigate('/orders');
        },
      },
    );
  };

  return (
    <SidePanel
      opened={opened}
      onClose={onClose}
      position="right"
      title={`Your cart at ${merchantName}`}
      size="md"
    >
      {lines.length === 0 ? (
        <EmptyState title="Your cart is empty" icon={<IconShoppingCart />}>
          Pick a quantity on a product and press “Add to cart”.
        </EmptyState>
      ) : (
        <Stack gap="md">
          {lines.map((line) => (
            <CartLineRow key={line.productId} merchantSlug={merchantSlug} line={line} />
          ))}
          <Divider />
          <Group justify="space-between">
            <Text fw={700}>Total</Text>
            <Text fw={700} data-testid="cart-total">
              {formatMoney(cartTotalMinor(lines), currency)}
            </Text>
          </Group>
          <FormError error={placeOrder.error} />
          <Button size="lg" onClick={submit} loading={placeOrder.isPending}>
            Place order
          </Button>
          {!session.data && (
            <Text size="sm" c="dimmed" ta="center">
              You will be asked to sign in first; your cart stays here.
            </Text>
          )}
        </Stack>
      )}
    </SidePanel>
  );
}
