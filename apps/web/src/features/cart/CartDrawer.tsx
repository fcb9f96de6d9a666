import { ActionIcon, Button, Divider, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, MAX_QUANTITY, type TaxRounding } from '@myb/contracts';
import { useEffect, useState } from 'react';
import { IconShoppingCart, IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useSession } from '../../api/auth';
import { usePlaceOrder } from '../../api/orders';
import { signInPath } from '../../app/navigation';
import { EmptyState } from '../../ui/EmptyState';
import { readQuantity, type WholeNumberCheck } from '../../lib/quantity';
import { FormError } from '../../ui/FormError';
import { QuantityInput } from '../../ui/QuantityInput';
import { taxLabel } from '../register/format';
import { cartTotals, clearCart, removeFromCart, setQuantity, useCart, type CartLine } from './cartStore';
import { SidePanel } from '../../ui/Dialogs';

interface CartDrawerProps {
  merchantSlug: string;
  merchantName: string;
  currency: string;
  /** How the shop's prices carry tax: the cart prices itself as the order will be. */
  tax: { pricesIncludeTax: boolean; taxRounding: TaxRounding };
  opened: boolean;
  onClose: () => void;
  /** Where sign-in should bring the customer back to: this shop with the cart open. */
  returnTo: string;
}

/** A line's quantity as the cart reads it: against the stock the shop showed last. */
function checkLine(line: CartLine, text: string): WholeNumberCheck {
  return readQuantity(text, line.stock ?? MAX_QUANTITY);
}

interface CartLineRowProps {
  merchantSlug: string;
  line: CartLine;
  /** The quantity field's text, exactly as typed. */
  text: string;
  check: WholeNumberCheck;
  onType: (text: string) => void;
}

function CartLineRow({ merchantSlug, line, text, check, onType }: CartLineRowProps) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text fw={600} truncate>
          {line.name}
        </Text>
        <Text size="sm" c="dimmed">
          {formatMoney(line.unitPriceMinor, line.currency)} each
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <QuantityInput
          aria-label={`Quantity of ${line.name}`}
          value={text}
          onChange={onType}
          problem={check.ok ? undefined : check.message}
          w={130}
        />
        <ActionIcon
          variant="subtle"
          color="red"
          size="input-sm"
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
  tax,
  opened,
  onClose,
  returnTo,
}: CartDrawerProps) {
  const lines = useCart(merchantSlug);
  const session = useSession();
  const placeOrder = usePlaceOrder();
  const navigate = useNavigate();
  // What each quantity field holds, as typed, while it differs from the cart. A valid text goes into
  // the cart at once; a blank or wrong one stays here, marked, and holds the order back: the cart
  // never orders a quantity other than the one on the screen.
  const [typed, setTyped] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!opened) {
      setTyped({});
    }
  }, [opened]);
  const rows = lines.map((line) => {
    const text = typed[line.productId] ?? String(line.quantity);
    return { line, text, check: checkLine(line, text) };
  });
  const wrong = rows.filter((row) => !row.check.ok);
  const totals = cartTotals(lines, tax);
  const money = (minor: number) => (wrong.length > 0 ? '—' : formatMoney(minor, currency));
  const taxed = totals.taxes.filter((entry) => entry.taxRate !== null);
  const type = (line: CartLine, text: string) => {
    setTyped((current) => ({ ...current, [line.productId]: text }));
    const check = checkLine(line, text);
    if (check.ok) {
      setQuantity(merchantSlug, line.productId, check.value);
    }
  };

  const submit = () => {
    if (wrong.length > 0) {
      return;
    }
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
          {rows.map(({ line, text, check }) => (
            <CartLineRow
              key={line.productId}
              merchantSlug={merchantSlug}
              line={line}
              text={text}
              check={check}
              onType={(next) => type(line, next)}
            />
          ))}
          <Divider />
          {/* No figures for quantities the screen does not show. */}
          {!tax.pricesIncludeTax && (
            <Group justify="space-between">
              <Text>Subtotal before tax</Text>
              <Text data-testid="cart-subtotal">{money(totals.grossMinor)}</Text>
            </Group>
          )}
          {taxed.map((entry) => (
            <Group justify="space-between" key={entry.taxRate!.id} data-testid="cart-tax">
              <Text size="sm" c={tax.pricesIncludeTax ? 'dimmed' : undefined}>
                {tax.pricesIncludeTax ? `Includes ${taxLabel(entry.taxRate)}` : taxLabel(entry.taxRate)}
              </Text>
              <Text size="sm" c={tax.pricesIncludeTax ? 'dimmed' : undefined}>
                {money(entry.taxMinor)}
              </Text>
            </Group>
          ))}
          <Group justify="space-between">
            <Text fw={700}>{tax.pricesIncludeTax || taxed.length === 0 ? 'Total' : 'Total with tax'}</Text>
            <Text fw={700} data-testid="cart-total">
              {money(totals.totalMinor)}
            </Text>
          </Group>
          <FormError error={placeOrder.error} />
          <Button
            size="lg"
            onClick={submit}
            loading={placeOrder.isPending}
            disabled={wrong.length > 0}
            aria-describedby={wrong.length > 0 ? 'cart-hold' : undefined}
          >
            Place order
          </Button>
          {wrong.length > 0 && (
            <Text id="cart-hold" size="sm" c="red.8" ta="center">
              Correct the quantity of {wrong.map((row) => row.line.name).join(' and ')} to place the order.
            </Text>
          )}
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
