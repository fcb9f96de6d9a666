import { Chip, Group, Stack, Text } from '@mantine/core';
import { formatMoney, type Category } from '@myb/contracts';
import { useState, type RefObject } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { ProductSearch, stockText, type PickerMessage } from './ProductSearch';
import type { RegisterProduct } from './registerProducts';

export type { PickerMessage } from './ProductSearch';

const ALL = 'all';
const NONE = 'none';

interface ProductPickerProps {
  products: RegisterProduct[];
  categories: Category[];
  currency: string;
  /** How many of each product the cart holds. */
  inCart: Map<string, number>;
  searchRef: RefObject<HTMLInputElement | null>;
  message: PickerMessage | null;
  onAdd: (product: RegisterProduct) => void;
  onMessage: (message: PickerMessage) => void;
}

const outOfStock = (product: RegisterProduct) => `${product.name} is out of stock.`;

/**
 * The register's left side: one search box that a scanner types into (a code and Enter adds its
 * product; other text and Enter lists products by name to pick with the arrows), and a grid of tiles by
 * category for what has no code to scan.
 */
export function ProductPicker({
  products,
  categories,
  currency,
  inCart,
  searchRef,
  message,
  onAdd,
  onMessage,
}: ProductPickerProps) {
  const [category, setCategory] = useState(ALL);
  const shown = products.filter((product) =>
    category === ALL
      ? true
      : category === NONE
        ? product.categoryId === null
        : product.categoryId === category,
  );
  const hasUncategorised = products.some((product) => product.categoryId === null);

  return (
    <Stack gap="sm" component="section" aria-label="Products">
      <ProductSearch
        products={products}
        currency={currency}
        searchRef={searchRef}
        message={message}
        hint="Scan a product, or type its name and press Enter; ↑ ↓ and Enter pick from the list."
        refusal={(product) => (product.stock <= 0 ? outOfStock(product) : null)}
        shortcut="/"
        onPick={onAdd}
        onMessage={onMessage}
      >
        {(add) => (
          <>
            {categories.length > 0 && (
              <Chip.Group multiple={false} value={category} onChange={setCategory}>
                <Group gap="xs" role="radiogroup" aria-label="Category">
                  <Chip value={ALL}>All</Chip>
                  {categories.map((each) => (
                    <Chip key={each.id} value={each.id}>
                      {each.name}
                    </Chip>
                  ))}
                  {hasUncategorised && <Chip value={NONE}>No category</Chip>}
                </Group>
              </Chip.Group>
            )}
            {shown.length === 0 ? (
              <EmptyState title="No product here">
                {products.length === 0
                  ? 'The catalogue has no product on sale yet: add products in the Catalogue section.'
                  : 'No product on sale in this category: choose another, or All.'}
              </EmptyState>
            ) : (
              <ul className="pos-tiles" aria-label="Product tiles">
                {shown.map((product) => {
                  const held = inCart.get(product.id) ?? 0;
                  return (
                    <li key={product.id}>
                      <button
                        type="button"
                        className="pos-tile"
                        disabled={product.stock <= 0}
                        onClick={() => add(product)}
                      >
                        <Text fw={600} lineClamp={2} inherit>
                          {product.name}
                        </Text>
                        <Group justify="space-between" gap={4} wrap="nowrap">
                          <Text size="sm" fw={600}>
                            {formatMoney(product.priceMinor, currency)}
                          </Text>
                          <Text size="xs" c={product.stock > 0 ? 'dimmed' : 'red.8'}>
                            {stockText(product)}
                            {held > 0 ? `, ${held} in cart` : ''}
                          </Text>
                        </Group>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </ProductSearch>
    </Stack>
  );
}
