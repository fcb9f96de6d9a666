import { Alert, Button, Chip, Group, SimpleGrid, Stack } from '@mantine/core';
import { IconShoppingCart } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useCategories, useMerchant, useProducts } from '../../api/catalogue';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
import { CartDrawer } from '../cart/CartDrawer';
import { cartCount, refreshCart, useCart } from '../cart/cartStore';
import { ProductCard } from './ProductCard';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';

const ALL = '';

/** Category chips; a radio group, since one category (or all) is shown at a time. */
function CategoryFilter({
  slug,
  value,
  onChange,
}: {
  slug: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const categories = useCategories(slug);
  if (!categories.data || categories.data.length === 0) {
    return null;
  }
  return (
    <Chip.Group multiple={false} value={value} onChange={onChange}>
      <Group gap="xs" role="radiogroup" aria-label="Categories">
        <Chip value={ALL} size="md">
          All
        </Chip>
        {categories.data.map((category) => (
          <Chip key={category.id} value={category.slug} size="md">
            {category.name}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}

export function ShopPage() {
  const { merchantSlug = '' } = useParams();
  const { params, setParam } = useUrlFilters();
  // Local state answers the tap at once; the URL (updated in a router transition) follows.
  const [category, setCategory] = useState(params.get('category') ?? ALL);
  const cartOpen = params.get('cart') === 'open';

  const { search, setSearch, debounced } = useUrlSearch();

  const merchant = useMerchant(merchantSlug);
  const products = useProducts(merchantSlug, category || null, debounced);
  const lines = useCart(merchantSlug);
  // The cart follows the stock and prices the shop shows now.
  useEffect(() => {
    if (products.data) {
      refreshCart(merchantSlug, products.data);
    }
  }, [merchantSlug, products.data]);

  const chooseCategory = (value: string) => {
    setCategory(value);
    setParam('category', value);
  };

  return (
    <QueryView query={merchant} label="the shop">
      {(shop) => (
        <>
          <PageHeader
            title={shop.name}
            description={shop.description}
            actions={
              <Button
                leftSection={<IconShoppingCart aria-hidden size={20} />}
                onClick={() => setParam('cart', 'open')}
              >
                Cart ({cartCount(lines)})
              </Button>
            }
          />
          {shop.closedAt && (
            <Alert color="gray" role="status" mb="md">
              {shop.name} has closed and takes no new orders.
            </Alert>
          )}
          <Stack gap="md">
            <SearchInput
              aria-label="Search products"
              placeholder="Search products by name or SKU"
              value={search}
              onChange={setSearch}
            />
            <CategoryFilter slug={merchantSlug} value={category} onChange={chooseCategory} />
            <QueryView query={products} label="products">
              {(list) =>
                list.length > 0 ? (
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-label="Products" role="list">
                    {list.map((product) => (
                      <div role="listitem" key={product.id}>
                        <ProductCard merchantSlug={merchantSlug} product={product} />
                      </div>
                    ))}
                  </SimpleGrid>
                ) : debounced || category ? (
                  <EmptyState
                    title="No products match"
                    action={
                      <Button
                        variant="light"
                        onClick={() => {
                          setSearch('');
                          chooseCategory(ALL);
                        }}
                      >
                        Show all products
                      </Button>
                    }
                  >
                    Try another word, or look in all categories.
                  </EmptyState>
                ) : (
                  <EmptyState title="Nothing for sale yet">
                    {shop.name} has not put products on sale yet. Come back soon, or browse another shop.
                  </EmptyState>
                )
              }
            </QueryView>
          </Stack>
          <CartDrawer
            merchantSlug={merchantSlug}
            merchantName={shop.name}
            currency={shop.currency}
            tax={{ pricesIncludeTax: shop.pricesIncludeTax, taxRounding: shop.taxRounding }}
            opened={cartOpen}
            onClose={() => setParam('cart', '')}
            returnTo={`/shops/${merchantSlug}?cart=open`}
          />
        </>
      )}
    </QueryView>
  );
}
