import { ActionIcon, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { formatMoney, routes, type ManagedProduct } from '@myb/contracts';
import {
  IconArchive,
  IconArchiveOff,
  IconDownload,
  IconHistory,
  IconPackage,
  IconPencil,
  IconPlus,
  IconPlusMinus,
  IconUpload,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useArchiveProduct, useCatalogue, useDeleteProduct, useSuppliers } from '../../api/backOffice';
import { useCategories } from '../../api/catalogue';
import { useTaxRates } from '../../api/taxes';
import { addressOf } from '../../api/client';
import { useCan } from '../../app/permissions';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { StockBadge } from '../catalogue/StockBadge';
import { CatalogueImportModal } from './CatalogueImport';
import { CategoriesPanel } from './CategoriesPanel';
import { ProductFormModal } from './ProductForm';
import { useShop } from './ShopLayout';
import { StockAdjustModal } from './StockAdjustForm';

type Shown = 'active' | 'archived' | 'all';

/** Its suppliers by name, the preferred one first and named so when there are backups. */
function suppliersText(product: ManagedProduct, names: Map<string, string>): string {
  const ids = product.suppliers?.map((tie) => tie.supplierId) ?? product.supplierIds;
  const named = ids.map((id) => names.get(id) ?? '…');
  return product.suppliers && named.length > 1 ? [`${named[0]} (preferred)`, ...named.slice(1)].join(', ') : named.join(', ');
}
const SHOWN_LABELS: Record<Shown, string> = { active: 'On sale', archived: 'Archived', all: 'All' };

export function CataloguePage() {
  const shop = useShop();
  // A cashier reads the catalogue (stock at the counter) and sees no control the server would refuse.
  const mayChange = useCan('catalogue');
  const maySeeSuppliers = useCan('suppliers');
  const catalogue = useCatalogue(shop.slug);
  const categories = useCategories(shop.slug);
  const suppliers = useSuppliers(shop.slug, maySeeSuppliers);
  const taxRates = useTaxRates(shop.slug);
  const remove = useDeleteProduct(shop.slug);
  const archive = useArchiveProduct(shop.slug);
  // undefined: dialog closed; null: a new product; otherwise the product being edited.
  const [editing, setEditing] = useState<ManagedProduct | null | undefined>(undefined);
  const [adjusting, setAdjusting] = useState<ManagedProduct | undefined>(undefined);
  const [shown, setShown] = useState<Shown>('active');
  const [importing, setImporting] = useState(false);

  const categoryName = new Map(categories.data?.map((category) => [category.id, category.name]));
  const supplierName = new Map(suppliers.data?.map((supplier) => [supplier.id, supplier.name]));

  return (
    <>
      <PageHeader
        title="Catalogue"
        description="Products, stock, prices and who supplies them."
        actions={
          <>
            {/* Everyone who reads the catalogue may take it away as a spreadsheet. */}
            <Button
              component="a"
              href={addressOf(routes.catalogue.exportCatalogue, { params: { merchantSlug: shop.slug } })}
              download
              variant="default"
              leftSection={<IconDownload aria-hidden size={18} />}
            >
              Export CSV
            </Button>
            {mayChange && (
              <>
                <Button variant="default" leftSection={<IconUpload aria-hidden size={18} />} onClick={() => setImporting(true)}>
                  Import CSV
                </Button>
                <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setEditing(null)}>
                  Add product
                </Button>
              </>
            )}
          </>
        }
      />
      <Stack gap="xl">
        <FormError error={remove.error ?? archive.error} />
        <SegmentedControl
          aria-label="Show products"
          w="fit-content"
          value={shown}
          onChange={(value) => setShown(value)}
          data={(Object.keys(SHOWN_LABELS) as Shown[]).map((value) => ({ value, label: SHOWN_LABELS[value] }))}
        />
        <QueryView query={catalogue} label="products">
          {(all) => {
            const products = all.filter((product) =>
              shown === 'all' ? true : shown === 'archived' ? product.archivedAt !== null : product.archivedAt === null,
            );
            return all.length === 0 ? (
              <EmptyState title="No products yet" icon={<IconPackage />}>
                Press “Add product” to put your first product on sale. Add its suppliers first under
                Suppliers, so dispatched orders reach them.
              </EmptyState>
            ) : products.length === 0 ? (
              <EmptyState title={shown === 'archived' ? 'No archived products' : 'No products on sale'} icon={<IconPackage />}>
                {shown === 'archived'
                  ? 'A product you archive leaves the shop and stays here, with its orders.'
                  : 'Every product is archived: restore one under “Archived”, or add a product.'}
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table aria-label="Products" striped highlightOnHover verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">SKU and barcode</Table.Th>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Category</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Price
                      </Table.Th>
                      {mayChange && (
                        <Table.Th scope="col" ta="right">
                          Average cost
                        </Table.Th>
                      )}
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
                        <Table.Td>
                          {product.sku}
                          {product.barcode && (
                            <Text size="xs" c="dimmed" title="Barcode">
                              {product.barcode}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td fw={600}>
                          <Group gap="xs" wrap="nowrap">
                            {product.name}
                            {product.archivedAt && (
                              <Badge color="gray" variant="light">
                                Archived
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {product.categoryId ? (categoryName.get(product.categoryId) ?? '…') : '—'}
                        </Table.Td>
                        <Table.Td ta="right">{formatMoney(product.priceMinor, product.currency)}</Table.Td>
                        {mayChange && (
                          <Table.Td ta="right">
                            {product.averageCostMinor === null ? (
                              <Text size="sm" c="dimmed" title="Set by the first goods received against a purchase order">
                                —
                              </Text>
                            ) : (
                              formatMoney(product.averageCostMinor, product.currency)
                            )}
                          </Table.Td>
                        )}
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
                              suppliersText(product, supplierName)
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
                              <Tooltip label="Adjust stock">
                                <ActionIcon
                                  variant="subtle"
                                  size="lg"
                                  aria-label={`Adjust stock of ${product.name}`}
                                  onClick={() => setAdjusting(product)}
                                >
                                  <IconPlusMinus aria-hidden size={20} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label="Stock history">
                                <ActionIcon
                                  component={Link}
                                  to={`/back-office/${shop.slug}/stock?product=${product.id}`}
                                  variant="subtle"
                                  size="lg"
                                  aria-label={`Stock history of ${product.name}`}
                                >
                                  <IconHistory aria-hidden size={20} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label={product.archivedAt ? 'Restore: back on sale' : 'Archive: off sale, kept in orders'}>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  size="lg"
                                  aria-label={`${product.archivedAt ? 'Restore' : 'Archive'} ${product.name}`}
                                  loading={archive.isPending && archive.variables.productId === product.id}
                                  onClick={() => archive.mutate({ productId: product.id, archived: !product.archivedAt })}
                                >
                                  {product.archivedAt ? <IconArchiveOff aria-hidden size={20} /> : <IconArchive aria-hidden size={20} />}
                                </ActionIcon>
                              </Tooltip>
                              <ConfirmDelete
                                label={`Delete ${product.name}`}
                                question={`Delete “${product.name}”? Only a product never ordered can be deleted: archive one that was.`}
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
            );
          }}
        </QueryView>
        <CategoriesPanel categories={categories.data ?? []} taxRates={taxRates.data ?? []} canAdd={editing === undefined} />
      </Stack>
      <ProductFormModal
        product={editing}
        categories={categories.data ?? []}
        suppliers={suppliers.data ?? []}
        taxRates={taxRates.data ?? []}
        onDone={() => setEditing(undefined)}
      />
      <StockAdjustModal product={adjusting} onDone={() => setAdjusting(undefined)} />
      <CatalogueImportModal opened={importing} onDone={() => setImporting(false)} />
    </>
  );
}
