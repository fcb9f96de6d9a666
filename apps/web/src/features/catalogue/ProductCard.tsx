import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, type Product } from '@myb/contracts';
import { IconShoppingCartPlus } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { readQuantity } from '../../lib/quantity';
import { QuantityInput } from '../../ui/QuantityInput';
import { addToCart, useCart } from '../cart/cartStore';
import { StockBadge } from './StockBadge';

export function ProductCard({ merchantSlug, product }: { merchantSlug: string; product: Product }) {
  const headingId = useId();
  // What the person typed, as typed; read (and refused if wrong) only from this text.
  const [quantity, setQuantity] = useState('1');
  const inCart = useCart(merchantSlug).find((line) => line.productId === product.id)?.quantity ?? 0;
  const soldOut = product.stock <= 0;
  const check = readQuantity(quantity, product.stock, inCart);

  return (
    <Card component="article" aria-labelledby={headingId} withBorder padding="lg">
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" id={headingId}>
            {product.name}
          </Title>
          <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(product.priceMinor, product.currency)}
          </Text>
        </Group>
        <Group gap="xs">
          <StockBadge stock={product.stock} />
          <Text size="xs" c="dimmed">
            SKU {product.sku}
          </Text>
        </Group>
        {product.description && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {product.description}
          </Text>
        )}
        {/* A form, so Enter in the quantity field adds to the cart, as at a counter. */}
        <Group
          component="form"
          align="flex-start"
          gap="sm"
          mt="auto"
          wrap="nowrap"
          onSubmit={(event) => {
            event.preventDefault();
            if (!check.ok) {
              return;
            }
            const { inCart: now, added, capped } = addToCart(merchantSlug, product, check.value);
            notifications.show(
              capped
                ? {
                    color: 'orange',
                    message: `Only ${product.stock} in stock: added ${added} × ${product.name} (${now} in cart).`,
                  }
                : {
                    color: 'green',
                    message: `Added ${added} × ${product.name} to your cart (${now} in cart).`,
                  },
            );
            setQuantity('1');
          }}
        >
          <QuantityInput
            label="Quantity"
            value={quantity}
            onChange={setQuantity}
            problem={soldOut || check.ok ? undefined : check.message}
            disabled={soldOut}
            w={120}
          />
          <Button
            type="submit"
            disabled={soldOut || !check.ok}
            leftSection={<IconShoppingCartPlus aria-hidden size={18} />}
            flex={1}
            mt={25}
          >
            Add to cart
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
