import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, type Product } from '@myb/contracts';
import { IconShoppingCartPlus } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { addToCart } from '../cart/cartStore';
import { StockBadge } from './StockBadge';

export function ProductCard({ merchantSlug, product }: { merchantSlug: string; product: Product }) {
  const headingId = useId();
  const [quantity, setQuantity] = useState<number | string>(1);
  const soldOut = product.stock <= 0;

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
          align="flex-end"
          gap="sm"
          mt="auto"
          wrap="nowrap"
          onSubmit={(event) => {
            event.preventDefault();
            const wanted = typeof quantity === 'number' ? quantity : 1;
            const inCart = addToCart(merchantSlug, product, wanted);
            notifications.show({
              color: 'green',
              message: `Added ${wanted} × ${product.name} to your cart (${inCart} in cart).`,
            });
            setQuantity(1);
          }}
        >
          <NumberInput
            label="Quantity"
            value={quantity}
            onChange={setQuantity}
            min={1}
            max={Math.max(1, product.stock)}
            clampBehavior="strict"
            allowDecimal={false}
            allowNegative={false}
            disabled={soldOut}
            w={100}
          />
          <Button
            type="submit"
            disabled={soldOut}
            leftSection={<IconShoppingCartPlus aria-hidden size={18} />}
            flex={1}
          >
            Add to cart
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
