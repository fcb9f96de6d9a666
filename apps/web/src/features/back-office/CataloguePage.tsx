import { ActionIcon, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { formatMoney, type ManagedProduct } from '@myb/contracts';
import { IconPackage, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useCatalogue, useDeleteProduct, useSuppliers } from '../../api/backOffice';
import { useCategories } from '../../api/catalogue';
import { useCan } from '../../app/permissions';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { StockBadge } from '../catalogue/StockBadge';
import { CategoriesPanel } from './CategoriesPanel';
import { ProductFormModal } from './ProductForm';
import { useShop } from './ShopLayout';

export function CataloguePage() {
  const shop = useShop();
  // A cashier reads the catalogue (stock at the counter) and sees no control the server would refuse.
  const mayChange = useCan('catalogue');
  const maySeeSuppliers = useCan('suppliers');
  const catalogue = useCatalogue(shop.slug);
  const categories = useCategories(shop.slug);
  const suppliers = useSuppliers(shop.slug, maySeeSuppliers);
  const remove = useDeleteProduct(shop.slug);
  // undefined: dialog closed; null: a new product; otherwise the product being edited.
  const [editing, setEditing] = useState<ManagedProduct | null | undefined>(undefined);

  const categoryName = new Map(categories.data?.map((category) => [category.id, category.name]));
  const supplierName = new Map(suppliers.data?.map((supplier) => [supplier.id, supplier.name]));

  return (
    <>
      <PageHeader
        title="Catalogue"
        description="Products, stock, prices and who supplies them."
        actions={
          mayChange && (
            <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setEditing(null)}>
              Add product
            </Button>
          )
        }
      />
      <Stack gap="xl">
        <FormError error={remove.error} />
        <QueryView query={catalogue} label="products">
          {(products) =>
            products.length === 0 ? (
              <EmptyState title="No products yet" icon={<IconPackage />}>
                Press “Add product” to put your first product on sale. Add its suppliers first under
                Suppliers, so dispatched orders reach them.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table aria-label="Products" striped highlightOnHover verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">SKU</Table.Th>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Category</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Price
                      </Table.Th>
                      <Table.Th scope="col">Stock</Table.Th>
                      {maySeeSuppliers && <Table.Th scope="col">Suppliers</Table.Th>}
                      {mayChange && (
                        <Table.Th scope="col">
                          <VisuallyHidden>Actions</VisuallyHidden>
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {products.map((product) => (
                      <Table.Tr key={product.id}>
                        <Table.Td>{product.sku}</Table.Td>
                        <Table.Td fw={600}>{product.name}</Table.Td>
                        <Table.Td>
                          {product.categoryId ? (categoryName.get(product.categoryId) ?? '…') : '—'}
                        </Table.Td>
                        <Table.Td ta="right">{formatMoney(product.priceMinor, product.currency)}</Table.Td>
                        <Table.Td>
                          <StockBadge stock={product.stock} />
                        </Table.Td>
                        {maySeeSuppliers && (
                          <Table.Td>
                            {product.supplierIds.length === 0 ? (
                              <Text size="sm" c="orange.9">
                                None: no one is notified
                              </Text>
                            ) : (
                              product.supplierIds.map((id) => supplierName.get(id) ?? '…').join(', ')
                            )}
                          </Table.Td>
                        )}
                        {mayChange && (
                          <Table.Td>
                            <Group gap={4} wrap="nowrap" justify="flex-end">
                              <ActionIcon
                                variant="subtle"
                                size="lg"
                                aria-label={`Edit ${product.name}`}
                                onClick={() => setEditing(product)}
                              >
                                <IconPencil aria-hidden size={20} />
                              </ActionIcon>
                              <ConfirmDelete
                                label={`Delete ${product.name}`}
                                question={`Delete “${product.name}”? Past orders keep their lines.`}
                                onConfirm={() => remove.mutate(product.id)}
                              />
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
        <CategoriesPanel categories={categories.data ?? []} canAdd={editing === undefined} />
      </Stack>
      <ProductFormModal
        product={editing}
        categories={categories.data ?? []}
        suppliers={suppliers.data ?? []}
        onDone={() => setEditing(undefined)}
      />
    </>
  );
}
