import {
  Anchor,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  createProductSchema,
  MAX_STOCK,
  minorUnitDigits,
  parseMoney,
  type Category,
  type ManagedProduct,
  type Supplier,
} from '@myb/contracts';
import { Link } from 'react-router';
import { useSaveProduct } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';
import { Dialog } from '../../ui/Dialogs';

interface ProductValues {
  sku: string;
  name: string;
  description: string;
  /** Typed as text ("12,50") and parsed without floating point; the API takes integer minor units. */
  price: string;
  stock: number | string;
  categoryId: string | null;
  supplierIds: string[];
}

function toValues(product: ManagedProduct | null): ProductValues {
  if (!product) {
    return { sku: '', name: '', description: '', price: '', stock: 0, categoryId: null, supplierIds: [] };
  }
  const digits = minorUnitDigits(product.currency);
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: (product.priceMinor / 10 ** digits).toFixed(digits),
    stock: product.stock,
    categoryId: product.categoryId,
    supplierIds: product.supplierIds,
  };
}

function toBody(values: ProductValues, currency: string) {
  const { price, stock, ...rest } = values;
  return {
    ...rest,
    priceMinor: parseMoney(price, currency) ?? undefined,
    stock: typeof stock === 'number' ? stock : undefined,
  };
}

const RENAME = { priceMinor: 'price' };

interface ProductFormProps {
  /** null to create a product. */
  product: ManagedProduct | null;
  categories: Category[];
  suppliers: Supplier[];
  onDone: () => void;
}

function ProductForm({ product, categories, suppliers, onDone }: ProductFormProps) {
  const shop = useShop();
  const save = useSaveProduct(shop.slug);
  const validateBody = validateWith(
    createProductSchema,
    (values: ProductValues) => toBody(values, shop.currency),
    RENAME,
  );
  const form = useForm<ProductValues>({
    initialValues: toValues(product),
    validate: (values) => {
      const errors = validateBody(values);
      if (values.price.trim() !== '' && parseMoney(values.price, shop.currency) === null) {
        errors.price = `Enter an amount like ${(1250 / 10 ** minorUnitDigits(shop.currency)).toFixed(minorUnitDigits(shop.currency))}`;
      }
      return errors;
    },
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        save.mutate(
          { productId: product?.id ?? null, body: toBody(values, shop.currency) },
          {
            onSuccess: (saved) => {
              notifications.show({ color: 'green', message: `${saved.name} saved.` });
              onDone();
            },
            onError: (error) => showServerIssues(form, error, RENAME),
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={save.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="SKU" data-autofocus {...form.getInputProps('sku')} />
          <TextInput label="Name" {...form.getInputProps('name')} />
          <TextInput
            label="Price"
            inputMode="decimal"
            leftSection={shop.currency}
            leftSectionWidth={56}
            {...form.getInputProps('price')}
          />
          <NumberInput
            label="Stock"
            min={0}
            max={MAX_STOCK}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('stock')}
          />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <Select
          label="Category"
          placeholder="No category"
          clearable
          data={categories.map((category) => ({ value: category.id, label: category.name }))}
          {...form.getInputProps('categoryId')}
        />
        <MultiSelect
          label="Suppliers"
          description={
            suppliers.length === 0 ? (
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
          placeholder={suppliers.length === 0 ? undefined : 'Choose suppliers'}
          searchable
          data={suppliers.map((supplier) => ({ value: supplier.id, label: supplier.name }))}
          {...form.getInputProps('supplierIds')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The create and edit dialog; `product === undefined` means closed. */
export function ProductFormModal({
  product,
  ...props
}: Omit<ProductFormProps, 'product'> & { product: ManagedProduct | null | undefined }) {
  return (
    <Dialog
      opened={product !== undefined}
      onClose={props.onDone}
      title={product ? `Edit ${product.name}` : 'New product'}
      size="lg"
    >
      {/* Keyed so reopening for another product starts from that product's values. */}
      {product !== undefined && <ProductForm key={product?.id ?? 'new'} product={product} {...props} />}
    </Dialog>
  );
}
