import {
  ActionIcon,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  createPurchaseOrderSchema,
  formatMoney,
  MAX_PURCHASE_QUANTITY,
  minorToDecimal,
  type ManagedProduct,
  type ProductSupplier,
  type PurchaseOrder,
} from '@myb/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useCatalogue, useSuppliers } from '../../api/backOffice';
import { useCreatePurchaseOrder, useUpdatePurchaseOrder } from '../../api/purchasing';
import { showServerIssues } from '../../lib/forms';
import { readWholeNumber } from '../../lib/quantity';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { QuantityInput } from '../../ui/QuantityInput';
import { ProductSearchSelect } from '../back-office/ProductSearchSelect';
import { useShop } from '../back-office/ShopLayout';
import { readMoney } from '../register/money';
import { MoneyInput } from '../register/MoneyInput';
import { orderingWarning, suggestedQuantity, termsHint } from './purchaseLines';

interface LineValues {
  productId: string;
  sku: string;
  name: string;
  /** Typed as text, read with `readWholeNumber`. */
  quantity: string;
  /** Typed as text ("6.90"), read with `readMoney`. */
  cost: string;
  supplierSku: string;
}

interface EditorValues {
  supplierId: string;
  lines: LineValues[];
  /** `YYYY-MM-DD`, empty for none said. */
  expectedOn: string;
  note: string;
}

const draftSchema = createPurchaseOrderSchema.omit({ id: true });

const quantityOf = (line: LineValues) =>
  readWholeNumber(line.quantity, { min: 1, max: MAX_PURCHASE_QUANTITY, blank: 'Enter a quantity.' });

function toBody(values: EditorValues, currency: string) {
  return {
    supplierId: values.supplierId,
    lines: values.lines.map((line) => {
      const quantity = quantityOf(line);
      const cost = readMoney(line.cost, currency);
      return {
        productId: line.productId,
        quantity: quantity.ok ? quantity.value : undefined,
        costMinor: cost.ok ? cost.value : undefined,
        supplierSku: line.supplierSku,
      };
    }),
    expectedOn: values.expectedOn || null,
    note: values.note,
  };
}

/** The API names a line's cost `costMinor`; the form types it as `cost`. */
const costField = (errors: FormErrors): FormErrors =>
  Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field.replace(/\.costMinor$/, '.cost'), message]),
  );

function linesOf(order: PurchaseOrder): LineValues[] {
  return order.lines.map((line) => ({
    productId: line.product.id,
    sku: line.product.sku,
    name: line.product.name,
    quantity: String(line.quantity),
    cost: minorToDecimal(line.costMinor, order.currency),
    supplierSku: line.supplierSku ?? '',
  }));
}

/** A new line of `product`, its cost, supplier's SKU and quantity from the supplier's terms when known. */
function lineOf(product: ManagedProduct, terms: ProductSupplier | undefined, currency: string): LineValues {
  return {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    quantity: String(terms ? suggestedQuantity(terms) : 1),
    cost: terms && terms.costMinor !== null ? minorToDecimal(terms.costMinor, currency) : '',
    supplierSku: terms?.supplierSku ?? '',
  };
}

interface PurchaseOrderEditorProps {
  /** The draft to change; a new purchase order without one. */
  draft?: PurchaseOrder;
  /** More buttons beside Save (Send, Cancel), told whether there are changes not saved. */
  actions?: (unsaved: boolean) => ReactNode;
}

/**
 * A purchase order's draft: its supplier, its lines and their costs, the day the goods are expected and
 * a note. A product added takes its cost, the supplier's SKU and a quantity (the minimum order in
 * whole packs) from the supplier's terms; a quantity the supplier would not take as it is is warned of,
 * not refused. A new draft is saved with an id made once here, so a save sent again is written once.
 */
export function PurchaseOrderEditor({ draft, actions }: PurchaseOrderEditorProps) {
  const shop = useShop();
  const navigate = useNavigate();
  const suppliers = useSuppliers(shop.slug);
  const catalogue = useCatalogue(shop.slug);
  const create = useCreatePurchaseOrder(shop.slug);
  const update = useUpdatePurchaseOrder(shop.slug, draft?.id ?? '');
  const save = draft ? update : create;
  // Terms of the products picked here; those already on a draft are read from the catalogue.
  const [picked, setPicked] = useState(() => new Map<string, ProductSupplier[]>());
  const validateBody = validateWith(draftSchema, (values: EditorValues) => toBody(values, shop.currency));
  const form = useForm<EditorValues>({
    initialValues: {
      supplierId: draft?.supplier.id ?? '',
      lines: draft ? linesOf(draft) : [],
      expectedOn: draft?.expectedOn ?? '',
      note: draft?.note ?? '',
    },
    validate: (values) => {
      const errors: FormErrors = costField(validateBody(values));
      if (!values.supplierId) {
        errors.supplierId = 'Choose the supplier to order from.';
      }
      values.lines.forEach((line, index) => {
        const quantity = quantityOf(line);
        if (!quantity.ok) {
          errors[`lines.${index}.quantity`] = quantity.message;
        }
        const cost = readMoney(line.cost, shop.currency, { blank: 'Enter what one costs.' });
        if (!cost.ok) {
          errors[`lines.${index}.cost`] = cost.message;
        }
      });
      return errors;
    },
  });

  const termsOf = (productId: string, supplierId = form.values.supplierId) =>
    (
      picked.get(productId) ??
      catalogue.data?.find((product) => product.id === productId)?.suppliers ??
      []
    ).find((terms) => terms.supplierId === supplierId);
  const supplierOptions = (suppliers.data ?? [])
    .filter((supplier) => supplier.archivedAt === null || supplier.id === draft?.supplier.id)
    .map((supplier) => ({ value: supplier.id, label: supplier.name }));
  const supplierName = supplierOptions.find((option) => option.value === form.values.supplierId)?.label;

  const addProduct = (product: ManagedProduct | null) => {
    if (!product) {
      return;
    }
    setPicked((known) => new Map(known).set(product.id, product.suppliers ?? []));
    const terms = product.suppliers?.find((each) => each.supplierId === form.values.supplierId);
    form.insertListItem('lines', lineOf(product, terms, shop.currency));
  };

  /** Another supplier: each line takes that supplier's cost and SKU where it has terms for it. */
  const chooseSupplier = (supplierId: string | null) => {
    form.setFieldValue('supplierId', supplierId ?? '');
    form.setFieldValue(
      'lines',
      form.values.lines.map((line) => {
        const terms = supplierId ? termsOf(line.productId, supplierId) : undefined;
        return terms
          ? {
              ...line,
              cost: terms.costMinor !== null ? minorToDecimal(terms.costMinor, shop.currency) : line.cost,
              supplierSku: terms.supplierSku ?? '',
            }
          : { ...line, supplierSku: '' };
      }),
    );
  };

  const submit = (values: EditorValues) => {
    // Checked by `validate` already: this reads the text as the server will.
    const { supplierId, ...body } = draftSchema.parse(toBody(values, shop.currency));
    const saved = draft ? update.mutateAsync(body) : create.mutateAsync({ supplierId, ...body });
    void saved.then(
      (order) => {
        notifications.show({
          color: 'green',
          title: `${order.number} saved`,
          message: `A draft to ${order.supplier.name}: send it when it is ready.`,
        });
        form.resetDirty();
        if (!draft) {
          void navigate(`/back-office/${shop.slug}/purchase-orders/${order.id}`, { replace: true });
        }
      },
      (error: unknown) =>
        showServerIssues({ setErrors: (errors) => form.setErrors(costField(errors)) }, error),
    );
  };

  const totalMinor = form.values.lines.reduce((sum, line) => {
    const quantity = quantityOf(line);
    const cost = readMoney(line.cost, shop.currency);
    return quantity.ok && cost.ok ? sum + quantity.value * cost.value : sum;
  }, 0);
  const onOrder = new Set(form.values.lines.map((line) => line.productId));

  return (
    <form noValidate onSubmit={form.onSubmit(submit)}>
      <Stack gap="md">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label="Supplier"
            placeholder="Choose a supplier"
            withAsterisk
            searchable
            disabled={draft !== undefined}
            description={
              draft ? 'A draft keeps its supplier: cancel it and write another to change it.' : undefined
            }
            data={supplierOptions}
            value={form.values.supplierId || null}
            onChange={chooseSupplier}
            error={form.errors.supplierId}
            style={{ flex: '1 1 16rem' }}
          />
          <TextInput
            type="date"
            label="Expected on"
            description="The day the goods should come, if agreed."
            {...form.getInputProps('expectedOn')}
          />
        </Group>
        <ProductSearchSelect
          slug={shop.slug}
          label="Add a product"
          placeholder={
            supplierName
              ? `Type a SKU or a name; ${supplierName}’s terms fill in the line`
              : 'Type a SKU or a name'
          }
          value=""
          onChange={addProduct}
          offers={(product) => product.archivedAt === null && !onOrder.has(product.id)}
          clearAfterPick
        />
        {typeof form.errors.lines === 'string' && (
          <Text c="red.8" size="sm" role="alert">
            {form.errors.lines}
          </Text>
        )}
        {form.values.lines.length === 0 ? (
          <Text c="dimmed">No lines yet: add the products to order above.</Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table aria-label="Lines" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Product</Table.Th>
                  <Table.Th scope="col">Supplier’s SKU</Table.Th>
                  <Table.Th scope="col">Quantity</Table.Th>
                  <Table.Th scope="col">Cost of one</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Remove</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.values.lines.map((line, index) => {
                  const terms = termsOf(line.productId);
                  const quantity = quantityOf(line);
                  const cost = readMoney(line.cost, shop.currency);
                  const quantityError = form.errors[`lines.${index}.quantity`];
                  const warning =
                    quantity.ok && terms && !quantityError ? orderingWarning(quantity.value, terms) : null;
                  return (
                    <Table.Tr key={line.productId}>
                      <Table.Td>
                        <Text fw={600}>{line.name}</Text>
                        <Text size="xs" c="dimmed">
                          {line.sku}
                        </Text>
                        {form.errors[`lines.${index}.productId`] && (
                          <Text size="sm" c="red.8" role="alert">
                            {form.errors[`lines.${index}.productId`]}
                          </Text>
                        )}
                        {!terms && form.values.supplierId && (
                          <Text size="xs" c="dimmed">
                            No terms with this supplier: type the cost.
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Supplier’s SKU of ${line.name}`}
                          {...form.getInputProps(`lines.${index}.supplierSku`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <QuantityInput
                          aria-label={`Quantity of ${line.name}`}
                          w={160}
                          value={line.quantity}
                          onChange={(text) => form.setFieldValue(`lines.${index}.quantity`, text)}
                          problem={quantityError as string | undefined}
                          description={terms ? termsHint(terms) : undefined}
                        />
                        {warning && (
                          <Text size="xs" c="orange.9" mt={4}>
                            {warning}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <MoneyInput
                          currency={shop.currency}
                          aria-label={`Cost of one ${line.name}`}
                          w={130}
                          value={line.cost}
                          onChange={(text) => form.setFieldValue(`lines.${index}.cost`, text)}
                          error={form.errors[`lines.${index}.cost`]}
                        />
                      </Table.Td>
                      <Table.Td ta="right">
                        {quantity.ok && cost.ok
                          ? formatMoney(quantity.value * cost.value, shop.currency)
                          : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label="Remove the line">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            size="lg"
                            aria-label={`Remove ${line.name}`}
                            onClick={() => form.removeListItem('lines', index)}
                          >
                            <IconTrash aria-hidden size={18} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text fw={700} ta="right">
          Total {formatMoney(totalMinor, shop.currency)}
        </Text>
        <Textarea
          label="Note"
          placeholder="For example: deliver to the back door."
          autosize
          minRows={2}
          {...form.getInputProps('note')}
        />
        <FormError error={save.error} />
        <Group justify="flex-end" gap="sm">
          {actions?.(form.isDirty())}
          <Button
            type="submit"
            size="md"
            loading={save.isPending}
            disabled={draft !== undefined && !form.isDirty()}
          >
            {draft ? 'Save changes' : 'Save draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
