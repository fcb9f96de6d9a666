import { ActionIcon, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatMoney, MAX_LINE_QUANTITY, type SaleTotals } from '@myb/contracts';
import { IconMinus, IconPercentage, IconPlus, IconTrash } from '@tabler/icons-react';
import { useLayoutEffect, useRef, type Dispatch } from 'react';
import { plural } from '../../lib/format';
import {
  formatPercent,
  itemCount,
  type Cart,
  type CartAction,
  type CartCustomer,
  type Discount,
} from './cart';
import { CustomerChip } from './CustomerChip';
import type { DiscountTarget } from './DiscountDialog';
import { taxLabel } from './format';
import { QuantityField } from './QuantityField';
import type { RegisterProduct, RegisterTaxSettings } from './registerProducts';

const discountText = (discount: Discount) =>
  discount === null ? '' : discount.kind === 'percent' ? ` ${formatPercent(discount.hundredths)}` : '';

interface CartPanelProps {
  cart: Cart;
  /** The cart's customer with their store credit as it is now. */
  customer: CartCustomer | null;
  totals: SaleTotals;
  settings: RegisterTaxSettings;
  currency: string;
  products: Map<string, RegisterProduct>;
  dispatch: Dispatch<CartAction>;
  /** Puts the cursor back in the search box after a tap on the cart. */
  refocus: () => void;
  onDiscount: (target: DiscountTarget) => void;
  onAddCustomer: () => void;
  onPark: () => void;
  onPay: () => void;
}

/** The register's right side: the cart's customer, lines, discounts and totals, Park and Pay. */
export function CartPanel({
  cart,
  customer,
  totals,
  settings,
  currency,
  products,
  dispatch,
  refocus,
  onDiscount,
  onAddCustomer,
  onPark,
  onPay,
}: CartPanelProps) {
  const money = (minor: number) => formatMoney(minor, currency);
  const panel = useRef<HTMLElement>(null);
  // Where the cart starts on the page, so that it ends on screen: its lines scroll, Pay stays in view.
  useLayoutEffect(() => {
    const measure = () => {
      const element = panel.current;
      if (element) {
        const top = element.getBoundingClientRect().top + window.scrollY;
        element.style.setProperty('--pos-cart-top', `${Math.round(top)}px`);
      }
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  const act = (action: CartAction) => {
    dispatch(action);
    refocus();
  };
  const afterLineDiscounts = totals.lines.reduce(
    (sum, line) => sum + line.grossMinor - line.discountMinor,
    0,
  );
  const lineDiscountMinor = totals.lines.reduce((sum, line) => sum + line.discountMinor, 0);
  const cartDiscountMinor = totals.lines.reduce((sum, line) => sum + line.cartDiscountMinor, 0);
  const rated = totals.taxes.filter((tax) => tax.taxRate !== null);
  const empty = cart.lines.length === 0;
  return (
    <Paper ref={panel} component="section" aria-label="Cart" withBorder p="sm" className="pos-cart">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h4">
          Cart{empty ? '' : ` · ${plural(itemCount(cart), 'item')}`}
        </Title>
        <Button variant="default" disabled={empty} onClick={onPark}>
          Park cart
        </Button>
      </Group>
      <Group mb="xs">
        <CustomerChip
          customer={customer}
          currency={currency}
          what="sale"
          onAdd={onAddCustomer}
          onRemove={() => act({ type: 'customer', customer: null })}
        />
      </Group>
      <div className="pos-cart-lines">
        {empty ? (
          <Text c="dimmed" py="lg" ta="center">
            Scan a product or tap a tile to start a sale.
          </Text>
        ) : (
          <Stack component="ul" aria-label="Cart lines" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {cart.lines.map((line, index) => {
              const figures = totals.lines[index]!;
              const stock = products.get(line.productId)?.stock ?? line.quantity;
              return (
                <li key={line.productId} aria-label={line.name}>
                  <Paper withBorder p="xs" radius="sm">
                    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                      <div>
                        <Text fw={600} lh={1.25}>
                          {line.name}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {money(line.unitPriceMinor)} each
                        </Text>
                      </div>
                      <Text fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {money(figures.grossMinor)}
                      </Text>
                    </Group>
                    {figures.discountMinor > 0 && (
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="sm" c="green.9">
                          Discount{discountText(line.discount)}
                        </Text>
                        <Text size="sm" c="green.9" style={{ whiteSpace: 'nowrap' }}>
                          −{money(figures.discountMinor)}
                        </Text>
                      </Group>
                    )}
                    <Group justify="space-between" mt={4} wrap="nowrap" gap="xs">
                      <Group gap={4} wrap="nowrap" align="flex-start">
                        <ActionIcon
                          variant="default"
                          size="lg"
                          aria-label={`One less ${line.name}`}
                          disabled={line.quantity <= 1}
                          onClick={() =>
                            act({
                              type: 'setQuantity',
                              productId: line.productId,
                              quantity: line.quantity - 1,
                            })
                          }
                        >
                          <IconMinus aria-hidden size={18} />
                        </ActionIcon>
                        <QuantityField
                          label={`Quantity of ${line.name}`}
                          quantity={line.quantity}
                          max={Math.min(stock, MAX_LINE_QUANTITY)}
                          aboveMax={stock < MAX_LINE_QUANTITY ? `Only ${stock} in stock.` : undefined}
                          onChange={(quantity) =>
                            dispatch({ type: 'setQuantity', productId: line.productId, quantity })
                          }
                          onDone={refocus}
                        />
                        <ActionIcon
                          variant="default"
                          size="lg"
                          aria-label={`One more ${line.name}`}
                          disabled={line.quantity >= Math.min(stock, MAX_LINE_QUANTITY)}
                          onClick={() =>
                            act({
                              type: 'setQuantity',
                              productId: line.productId,
                              quantity: line.quantity + 1,
                            })
                          }
                        >
                          <IconPlus aria-hidden size={18} />
                        </ActionIcon>
                      </Group>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant={line.discount ? 'light' : 'default'}
                          size="lg"
                          aria-label={`Discount on ${line.name}`}
                          onClick={() =>
                            onDiscount({
                              what: line.name,
                              baseMinor: figures.grossMinor,
                              discount: line.discount,
                              action: (discount) => ({
                                type: 'lineDiscount',
                                productId: line.productId,
                                discount,
                              }),
                              apply: (discount) =>
                                dispatch({ type: 'lineDiscount', productId: line.productId, discount }),
                            })
                          }
                        >
                          <IconPercentage aria-hidden size={18} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size="lg"
                          aria-label={`Remove ${line.name}`}
                          onClick={() => act({ type: 'remove', productId: line.productId })}
                        >
                          <IconTrash aria-hidden size={18} />
                        </ActionIcon>
                      </Group>
                    </Group>
                  </Paper>
                </li>
              );
            })}
          </Stack>
        )}
      </div>
      <Stack gap={2} mt="sm" role="group" aria-label="Totals">
        <Figure label="Subtotal" value={money(totals.grossMinor)} />
        {lineDiscountMinor > 0 && <Figure label="Line discounts" value={`−${money(lineDiscountMinor)}`} />}
        <Group justify="space-between" wrap="nowrap">
          <Button
            variant="subtle"
            px={0}
            disabled={empty}
            leftSection={<IconPercentage aria-hidden size={18} />}
            onClick={() =>
              onDiscount({
                what: 'the cart',
                baseMinor: afterLineDiscounts,
                discount: cart.discount,
                action: (discount) => ({ type: 'cartDiscount', discount }),
                apply: (discount) => dispatch({ type: 'cartDiscount', discount }),
              })
            }
          >
            {cart.discount ? `Cart discount${discountText(cart.discount)}` : 'Cart discount'}
          </Button>
          {cartDiscountMinor > 0 && <Text>−{money(cartDiscountMinor)}</Text>}
        </Group>
        {rated.length === 0 ? (
          <Figure label="Tax" value={money(totals.taxMinor)} />
        ) : (
          rated.map((tax) => (
            <Figure
              key={tax.taxRate!.id}
              label={`${settings.pricesIncludeTax ? 'incl. ' : ''}${taxLabel(tax.taxRate)}`}
              value={money(tax.taxMinor)}
            />
          ))
        )}
        <Figure label="Total" value={money(totals.totalMinor)} big />
        <Text size="xs" c="dimmed">
          {settings.pricesIncludeTax ? 'Prices include tax.' : 'Tax is added to prices.'}
        </Text>
      </Stack>
      <Button size="lg" h={56} mt="sm" fullWidth disabled={empty} onClick={onPay}>
        {empty ? 'Pay' : `Pay ${money(totals.totalMinor)}`}
      </Button>
    </Paper>
  );
}

function Figure({ label, value, big = false }: { label: string; value: string; big?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text fw={big ? 700 : undefined} size={big ? 'xl' : undefined}>
        {label}
      </Text>
      <Text fw={big ? 700 : undefined} size={big ? 'xl' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  );
}
