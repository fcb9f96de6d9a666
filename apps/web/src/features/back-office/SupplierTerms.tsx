import {
  ActionIcon,
  Badge,
  Button,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  formatMoney,
  MAX_LEAD_TIME_DAYS,
  MAX_STOCK,
  minorToDecimal,
  supplierTermsSchema,
  type ManagedProduct,
  type ProductSupplier,
  type Supplier,
  type SupplierTerms,
} from '@myb/contracts';
import { IconPencil } from '@tabler/icons-react';
import { useCatalogue, useSetSupplierTerms } from '../../api/backOffice';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { readMoney } from '../register/money';
import { MoneyInput } from '../register/MoneyInput';
import { useShop } from './ShopLayout';
import { parseWholeNumber, wholeNumberProblem } from './wholeNumber';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const leadTimeText = (days: number | null) =>
  days === null ? '—' : days === 0 ? 'Same day' : days === 1 ? '1 day' : `${days} days`;

/**
 * A product's suppliers with their terms, in its edit view. Each change is saved at once (it is not
 * part of the form's Save): terms in a small dialog (`onEdit`), the preference by *Make preferred*.
 */
export function SupplierTermsTable({
  product,
  suppliers,
  onEdit,
}: {
  product: ManagedProduct;
  suppliers: Supplier[];
  onEdit: (supplierId: string) => void;
}) {
  const shop = useShop();
  const setTerms = useSetSupplierTerms(shop.slug);
  const ties = product.suppliers ?? [];
  const supplierOf = (id: string) => suppliers.find((supplier) => supplier.id === id);

  // Its terms as they are, sent back with the preference.
  const makePreferred = ({ supplierId, ...terms }: ProductSupplier, name: string) =>
    setTerms.mutate(
      { productId: product.id, supplierId, body: { ...terms, preferred: true } },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: `${name} is now the preferred supplier of ${product.name}.`,
          }),
      },
    );

  return (
    <Stack gap={6}>
      <div>
        <Text size="sm" fw={500}>
          Terms with each supplier
        </Text>
        <Text size="xs" c="dimmed">
          Saved as you set them. The preferred supplier is ordered from first; the others are backups. A
          supplier added above gets its terms once the product is saved.
        </Text>
      </div>
      <FormError error={setTerms.error} />
      {ties.length === 0 ? (
        <Text size="sm" c="dimmed">
          No supplier yet: choose one above and save.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Terms with each supplier" fz="sm" verticalSpacing={6} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Supplier</Table.Th>
                <Table.Th scope="col">Their SKU</Table.Th>
                <Table.Th scope="col" ta="right">
                  Cost
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Pack
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Minimum
                </Table.Th>
                <Table.Th scope="col">Lead time</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ties.map((tie) => {
                const supplier = supplierOf(tie.supplierId);
                const name = supplier?.name ?? '…';
                const archived = supplier?.archivedAt !== null && supplier?.archivedAt !== undefined;
                return (
                  <Table.Tr key={tie.supplierId}>
                    <Table.Th scope="row" fw={500}>
                      {name}
                      <Group gap={4}>
                        {tie.preferred && (
                          <Badge color="teal" variant="light" size="sm">
                            Preferred
                          </Badge>
                        )}
                        {archived && (
                          <Badge color="gray" variant="light" size="sm">
                            Archived
                          </Badge>
                        )}
                      </Group>
                    </Table.Th>
                    <Table.Td>{tie.supplierSku ?? '—'}</Table.Td>
                    <Table.Td ta="right" style={NO_WRAP}>
                      {tie.costMinor === null ? '—' : formatMoney(tie.costMinor, product.currency)}
                    </Table.Td>
                    <Table.Td ta="right">{tie.packSize}</Table.Td>
                    <Table.Td ta="right">{tie.minOrderQuantity}</Table.Td>
                    <Table.Td style={NO_WRAP}>{leadTimeText(tie.leadTimeDays)}</Table.Td>
                    <Table.Td>
                      {/* An archived supplier's terms stay as they were: restoring it under Suppliers makes them editable. */}
                      {!archived && (
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Tooltip label="Edit terms">
                            <ActionIcon
                              variant="subtle"
                              size="lg"
                              aria-label={`Edit ${name}'s terms`}
                              onClick={() => onEdit(tie.supplierId)}
                            >
                              <IconPencil aria-hidden size={18} />
                            </ActionIcon>
                          </Tooltip>
                          {!tie.preferred && (
                            <Button
                              variant="default"
                              size="xs"
                              h={36}
                              aria-label={`Make preferred: ${name}`}
                              loading={setTerms.isPending && setTerms.variables.supplierId === tie.supplierId}
                              onClick={() => makePreferred(tie, name)}
                            >
                              Make preferred
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

interface TermsValues {
  supplierSku: string;
  /** Typed as text ("4.20") and read with `readMoney`; empty is unknown. */
  cost: string;
  packSize: string;
  minOrderQuantity: string;
  /** Empty is unknown. */
  leadTimeDays: string;
}

const RENAME = { costMinor: 'cost' };

function toValues(tie: ProductSupplier, currency: string): TermsValues {
  return {
    supplierSku: tie.supplierSku ?? '',
    cost: tie.costMinor === null ? '' : minorToDecimal(tie.costMinor, currency),
    packSize: String(tie.packSize),
    minOrderQuantity: String(tie.minOrderQuantity),
    leadTimeDays: tie.leadTimeDays === null ? '' : String(tie.leadTimeDays),
  };
}

/** Empty fields are unknown (null); unreadable ones are left out, and their field's own check says why. */
function toBody(values: TermsValues, currency: string, preferred: boolean) {
  const cost = readMoney(values.cost, currency);
  return {
    supplierSku: values.supplierSku.trim() === '' ? null : values.supplierSku,
    costMinor: values.cost.trim() === '' ? null : cost.ok ? cost.value : undefined,
    packSize: parseWholeNumber(values.packSize) ?? undefined,
    minOrderQuantity: parseWholeNumber(values.minOrderQuantity) ?? undefined,
    leadTimeDays:
      values.leadTimeDays.trim() === '' ? null : (parseWholeNumber(values.leadTimeDays) ?? undefined),
    preferred,
  };
}

function SupplierTermsForm({
  product,
  tie,
  supplierName,
  onDone,
}: {
  product: ManagedProduct;
  tie: ProductSupplier;
  supplierName: string;
  onDone: () => void;
}) {
  const shop = useShop();
  const setTerms = useSetSupplierTerms(shop.slug);
  const currency = product.currency;
  const validateBody = validateWith(
    supplierTermsSchema,
    (values: TermsValues) => toBody(values, currency, tie.preferred),
    RENAME,
  );
  const form = useForm<TermsValues>({
    initialValues: toValues(tie, currency),
    validate: (values) => {
      const errors = validateBody(values);
      const cost = readMoney(values.cost, currency);
      if (values.cost.trim() !== '' && !cost.ok) {
        errors.cost = cost.message;
      }
      for (const field of ['packSize', 'minOrderQuantity'] as const) {
        const problem = wholeNumberProblem(values[field], { min: 1, max: MAX_STOCK });
        if (problem) {
          errors[field] = problem;
        }
      }
      const leadTime =
        values.leadTimeDays.trim() === ''
          ? null
          : wholeNumberProblem(values.leadTimeDays, { min: 0, max: MAX_LEAD_TIME_DAYS });
      if (leadTime) {
        errors.leadTimeDays = leadTime;
      }
      return errors;
    },
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        setTerms.mutate(
          // The form's validation has checked the body against supplierTermsSchema.
          {
            productId: product.id,
            supplierId: tie.supplierId,
            body: toBody(values, currency, tie.preferred) as SupplierTerms,
          },
          {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: `${supplierName}'s terms for ${product.name} saved.`,
              });
              onDone();
            },
            onError: (error) => showServerIssues(form, error, RENAME),
          },
        ),
      )}
    >
      <Stack gap="md">
        <FormError error={setTerms.error} />
        <TextInput
          label="Their SKU"
          description={`What ${supplierName} calls it on an order.`}
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('supplierSku')}
        />
        <MoneyInput
          currency={currency}
          label="Cost"
          description={`What one costs you from ${supplierName} (it sells at ${formatMoney(product.priceMinor, currency)}); empty if not known yet.`}
          value={form.values.cost}
          error={form.errors.cost}
          onChange={(text) => form.setFieldValue('cost', text)}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            label="Pack size"
            description="Ordered in multiples of it."
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('packSize')}
          />
          <TextInput
            label="Minimum order"
            description="The least in one order."
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('minOrderQuantity')}
          />
          <TextInput
            label="Lead time"
            description="Days to deliver; empty if unknown."
            inputMode="numeric"
            autoComplete="off"
            {...form.getInputProps('leadTimeDays')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={setTerms.isPending}>
            Save terms
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The small dialog for one supplier's terms, over the product's form (both in one `Modal.Stack`):
 * `supplierId === null` means closed. It reads the product as the catalogue has it now.
 */
export function SupplierTermsDialog({
  productId,
  supplierId,
  suppliers,
  onDone,
}: {
  productId: string | null;
  supplierId: string | null;
  suppliers: Supplier[];
  onDone: () => void;
}) {
  const shop = useShop();
  const catalogue = useCatalogue(shop.slug);
  const product = catalogue.data?.find((candidate) => candidate.id === productId);
  const tie = product?.suppliers?.find((candidate) => candidate.supplierId === supplierId);
  const supplierName = suppliers.find((supplier) => supplier.id === supplierId)?.name ?? 'The supplier';
  return (
    <Dialog
      stackId="supplier-terms"
      opened={supplierId !== null}
      onClose={onDone}
      title={`${supplierName}'s terms for ${product?.name ?? 'this product'}`}
    >
      {product && tie && (
        <SupplierTermsForm
          key={supplierId}
          product={product}
          tie={tie}
          supplierName={supplierName}
          onDone={onDone}
        />
      )}
    </Dialog>
  );
}
