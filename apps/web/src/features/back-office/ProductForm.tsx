import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  createProductSchema,
  formatMoney,
  MAX_PRICE_MINOR,
  MAX_STOCK,
  minorUnitDigits,
  parseMoney,
  type Category,
  type CreateProduct,
  type ManagedProduct,
  type Supplier,
  type TaxRate,
  type UpdateProduct,
} from '@myb/contracts';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCatalogue, useSaveProduct, type ProductChange } from '../../api/backOffice';
import { ApiError } from '../../api/client';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';
import { Dialog } from '../../ui/Dialogs';
import { SupplierTermsDialog, SupplierTermsTable } from './SupplierTerms';
import { categoryDefaultWording, choosableRates, taxRateLabel } from './taxRates';
import { parseWholeNumber, wholeNumberProblem } from './wholeNumber';

interface ProductValues {
  sku: string;
  name: string;
  description: string;
  /** Typed as text ("12,50") and parsed without floating point; the API takes integer minor units. */
  price: string;
  /** Only when creating: an existing product's stock changes by adjustments, never by this form. */
  stock: string;
  categoryId: string | null;
  supplierIds: string[];
  /** As typed or scanned; empty is none. */
  barcode: string;
  /** null: the category's default rate applies. */
  taxRateId: string | null;
}

function toValues(product: ManagedProduct | null): ProductValues {
  if (!product) {
    return { sku: '', name: '', description: '', price: '', stock: '0', categoryId: null, supplierIds: [], barcode: '', taxRateId: null };
  }
  const digits = minorUnitDigits(product.currency);
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: (product.priceMinor / 10 ** digits).toFixed(digits),
    stock: String(product.stock),
    categoryId: product.categoryId,
    supplierIds: product.supplierIds,
    barcode: product.barcode ?? '',
    taxRateId: product.taxRateId,
  };
}

function toCreateBody(values: ProductValues, currency: string) {
  const { price, stock, ...rest } = values;
  return {
    ...rest,
    priceMinor: parseMoney(price, currency) ?? undefined,
    stock: parseWholeNumber(stock) ?? undefined,
  };
}

/** Only what the person changed, against the version the form was opened (or reloaded) with. */
function toUpdateBody(values: ProductValues, base: ManagedProduct): UpdateProduct {
  const { stock: _created, ...body } = toCreateBody(values, base.currency);
  const before = toCreateBody(toValues(base), base.currency);
  const changed = Object.entries(body).filter(([key, value]) => {
    const old = before[key as keyof typeof before];
    return Array.isArray(value) && Array.isArray(old) ? [...value].sort().join() !== [...old].sort().join() : value !== old;
  });
  return { ...Object.fromEntries(changed), version: base.version };
}

const RENAME = { priceMinor: 'price' };

const isVersionConflict = (error: unknown) =>
  error instanceof ApiError && error.status === 409 && error.issues.some((issue) => issue.path === 'body.version');

interface ProductFormProps {
  /** null to create a product. */
  product: ManagedProduct | null;
  categories: Category[];
  suppliers: Supplier[];
  taxRates: TaxRate[];
  onDone: () => void;
  /** Opens the dialog of one supplier's terms for this product (an existing one). */
  onEditTerms: (supplierId: string) => void;
}

/** What changed under an open form, field by field: the value now and the one in the form. */
function differences(current: ManagedProduct, values: ProductValues, props: Pick<ProductFormProps, 'categories' | 'suppliers' | 'taxRates'>) {
  const now = toValues(current);
  const categoryName = (id: string | null) => props.categories.find((category) => category.id === id)?.name ?? 'none';
  const supplierNames = (ids: string[]) =>
    ids.map((id) => props.suppliers.find((supplier) => supplier.id === id)?.name ?? '…').join(', ') || 'none';
  const rateName = (id: string | null) => {
    const rate = props.taxRates.find((candidate) => candidate.id === id);
    return rate ? taxRateLabel(rate) : 'category default';
  };
  const rows: { field: string; now: string; yours: string }[] = [];
  const compare = (field: string, a: string, b: string) => a !== b && rows.push({ field, now: a, yours: b });
  compare('SKU', now.sku, values.sku);
  compare('Barcode', now.barcode || 'none', values.barcode.trim() || 'none');
  compare('Name', now.name, values.name);
  compare('Price', now.price, values.price);
  compare('Description', now.description, values.description);
  compare('Category', categoryName(now.categoryId), categoryName(values.categoryId));
  compare('Tax rate', rateName(now.taxRateId), rateName(values.taxRateId));
  compare('Suppliers', supplierNames([...now.supplierIds].sort()), supplierNames([...values.supplierIds].sort()));
  return rows;
}

function ProductForm({ product, categories, suppliers, taxRates, onDone, onEditTerms }: ProductFormProps) {
  const shop = useShop();
  const save = useSaveProduct(shop.slug);
  const catalogue = useCatalogue(shop.slug);
  // The product as the form last loaded it: its version goes with the change.
  const [base, setBase] = useState(product);
  const [conflict, setConflict] = useState(false);
  // The product as the catalogue has it now: its suppliers' terms change while the form is open.
  const latest = catalogue.data?.find((candidate) => candidate.id === product?.id);
  const current = conflict ? latest : undefined;
  const averageCostMinor = (current ?? base)?.averageCostMinor ?? null;
  const validateBody = validateWith(
    createProductSchema,
    // An existing product's stock is not the form's: any valid figure stands in for it.
    (values: ProductValues) => ({ ...toCreateBody(values, shop.currency), ...(base ? { stock: 0 } : {}) }),
    RENAME,
  );
  const form = useForm<ProductValues>({
    initialValues: toValues(product),
    validate: (values) => {
      const errors = validateBody(values);
      const priceMinor = parseMoney(values.price, shop.currency);
      if (values.price.trim() !== '' && priceMinor === null) {
        errors.price = `Enter an amount like ${(1250 / 10 ** minorUnitDigits(shop.currency)).toFixed(minorUnitDigits(shop.currency))}`;
      } else if (priceMinor !== null && priceMinor > MAX_PRICE_MINOR) {
        errors.price = `Must be ${formatMoney(MAX_PRICE_MINOR, shop.currency)} or less.`;
      }
      const stockProblem = base ? null : wholeNumberProblem(values.stock, { min: 0, max: MAX_STOCK });
      if (stockProblem) {
        errors.stock = stockProblem;
      } else {
        delete errors.stock;
      }
      return errors;
    },
  });

  const reload = () => {
    if (!current) {
      return;
    }
    setBase(current);
    form.setValues(toValues(current));
    form.resetDirty(toValues(current));
    setConflict(false);
    save.reset();
  };

  // An archived supplier is offered only to a product that already has it.
  const choosable = suppliers.filter((supplier) => !supplier.archivedAt || base?.supplierIds.includes(supplier.id));
  const changes = current ? differences(current, form.values, { categories, suppliers, taxRates }) : [];
  const category = categories.find((candidate) => candidate.id === form.values.categoryId);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        // The form's validation has checked the new product against createProductSchema.
        const change: ProductChange = base
          ? { productId: base.id, body: toUpdateBody(values, base) }
          : { productId: null, body: toCreateBody(values, shop.currency) as CreateProduct };
        if (change.productId !== null && Object.keys(change.body).length === 1) {
          onDone();
          return;
        }
        save.mutate(
          change,
          {
            onSuccess: (saved) => {
              notifications.show({ color: 'green', message: `${saved.name} saved.` });
              onDone();
            },
            onError: (error) => {
              if (isVersionConflict(error)) {
                setConflict(true);
              } else {
                showServerIssues(form, error, RENAME);
              }
            },
          },
        );
      })}
    >
      <Stack gap="md">
        {conflict ? (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Changed by someone else" role="alert">
            <Stack gap="xs">
              <Text size="sm">
                This product was changed since you opened it. Nothing was saved. Reload to see the current values, then
                make your change again.
              </Text>
              {current && changes.length > 0 && (
                <Table aria-label="What changed" withTableBorder fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Field</Table.Th>
                      <Table.Th scope="col">Now</Table.Th>
                      <Table.Th scope="col">In your form</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {changes.map((change) => (
                      <Table.Tr key={change.field}>
                        <Table.Th scope="row">{change.field}</Table.Th>
                        <Table.Td>{change.now}</Table.Td>
                        <Table.Td>{change.yours}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              <Group>
                <Button color="orange" onClick={reload} loading={!current} leftSection={<IconRefresh aria-hidden size={16} />}>
                  Reload
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <FormError error={save.error} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="SKU" data-autofocus {...form.getInputProps('sku')} />
          <TextInput
            label="Barcode"
            description="EAN-13, UPC-A or EAN-8 (its check digit is checked), or your own label's text."
            placeholder="Scan or type it"
            autoComplete="off"
            {...form.getInputProps('barcode')}
            // A scanner ends each code with Enter: it fills this field, it does not save the form.
            onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
          />
          <TextInput label="Name" {...form.getInputProps('name')} />
          <TextInput
            label="Price"
            inputMode="decimal"
            leftSection={shop.currency}
            leftSectionWidth={56}
            {...form.getInputProps('price')}
          />
          {base ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Stock
              </Text>
              <Text size="sm">
                {(current ?? base).stock} in stock. Sales change it as they happen: use “Adjust stock” in the list to add or take
                away, with a reason.
              </Text>
              {averageCostMinor !== null && (
                <Text size="sm">
                  {`Average cost ${formatMoney(averageCostMinor, shop.currency)}, moved by the goods received against purchase orders.`}
                </Text>
              )}
            </Stack>
          ) : (
            <TextInput label="Stock" inputMode="numeric" {...form.getInputProps('stock')} />
          )}
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <Select
          label="Category"
          placeholder="No category"
          clearable
          data={categories.map((category) => ({ value: category.id, label: category.name }))}
          {...form.getInputProps('categoryId')}
        />
        <Select
          label="Tax rate"
          description="Left empty, the category's default rate applies."
          placeholder={categoryDefaultWording(category, taxRates)}
          clearable
          data={choosableRates(taxRates, base?.taxRateId).map((rate) => ({
            value: rate.id,
            label: rate.archivedAt ? `${taxRateLabel(rate)} (archived)` : taxRateLabel(rate),
          }))}
          {...form.getInputProps('taxRateId')}
        />
        <MultiSelect
          label="Suppliers"
          description={
            choosable.length === 0 ? (
              <>
                No supplier yet:{' '}
                <Anchor component={Link} to="../suppliers" size="xs">
                  add one
                </Anchor>{' '}
                so dispatched orders reach it.
              </>
            ) : (
              'Dispatching an order notifies each of these suppliers.'
            )
          }
          placeholder={choosable.length === 0 ? undefined : 'Choose suppliers'}
          searchable
          data={choosable.map((supplier) => ({
            value: supplier.id,
            label: supplier.archivedAt ? `${supplier.name} (archived)` : supplier.name,
          }))}
          {...form.getInputProps('supplierIds')}
        />
        {base && <SupplierTermsTable product={latest ?? base} suppliers={suppliers} onEdit={onEditTerms} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={conflict}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The create and edit dialog; `product === undefined` means closed. A supplier's terms open in a
 * dialog of their own above it: the stack lets Esc and the focus go to the one on top.
 */
export function ProductFormModal({
  product,
  ...props
}: Omit<ProductFormProps, 'product' | 'onEditTerms'> & { product: ManagedProduct | null | undefined }) {
  const [termsOf, setTermsOf] = useState<string | null>(null);
  return (
    <Modal.Stack>
      <Dialog
        stackId="product"
        opened={product !== undefined}
        onClose={props.onDone}
        title={product ? `Edit ${product.name}` : 'New product'}
        // An existing product's form lists its suppliers' terms: a table of seven columns.
        size={product ? 'xl' : 'lg'}
      >
        {/* Keyed so reopening for another product starts from that product's values. */}
        {product !== undefined && <ProductForm key={product?.id ?? 'new'} product={product} onEditTerms={setTermsOf} {...props} />}
      </Dialog>
      <SupplierTermsDialog
        productId={product?.id ?? null}
        supplierId={termsOf}
        suppliers={props.suppliers}
        onDone={() => setTermsOf(null)}
      />
    </Modal.Stack>
  );
}
