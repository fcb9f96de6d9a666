import { Alert, Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import type { StockCheck } from '@myb/contracts';
import { IconAlertTriangle, IconScale } from '@tabler/icons-react';
import { useRunStockCheck, useStockChecks } from '../../api/admin';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

const TRIGGERS: Record<StockCheck['trigger'], string> = {
  start: 'Server start',
  nightly: 'Nightly',
  admin: 'Admin',
  command: 'npm run stock:check',
};

function Result({ check }: { check: StockCheck }) {
  return check.unbalanced.length === 0 ? (
    <Badge color="teal" variant="light">
      All balanced
    </Badge>
  ) : (
    <Badge color="red" variant="filled">
      {check.unbalanced.length} differ
    </Badge>
  );
}

/** The products a run found whose stock is not the sum of their movements. */
function Unbalanced({ check }: { check: StockCheck }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="Stock that differs from its movements">
      <Stack gap="sm">
        <Text size="sm">
          Found by the check of {formatDateTime(check.checkedAt)}. No route of the product changes stock
          without a movement: something wrote to the database directly. Correct each with an adjustment after
          counting it, and find what wrote it.
        </Text>
        <Table.ScrollContainer minWidth={600}>
          <Table aria-label="Products whose stock differs" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Shop</Table.Th>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col">Product</Table.Th>
                <Table.Th scope="col" ta="right">
                  Stock
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Sum of movements
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {check.unbalanced.map((line) => (
                <Table.Tr key={line.product.id}>
                  <Table.Td>{line.shop.name}</Table.Td>
                  <Table.Td>{line.product.sku}</Table.Td>
                  <Table.Td>{line.product.name}</Table.Td>
                  <Table.Td ta="right">{line.stock}</Table.Td>
                  <Table.Td ta="right">{line.movements}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Alert>
  );
}

/**
 * The ledger's check across every shop: each product's movements re-summed against its stock. It runs
 * as the server starts, every night at 03:00 UTC, from `npm run stock:check`, and here on demand.
 */
export function StockChecksPage() {
  const checks = useStockChecks();
  const run = useRunStockCheck();
  return (
    <>
      <PageHeader
        title="Stock check"
        description="Every product's stock re-summed from its movements, in every shop: as the server starts, every night at 03:00 UTC, and when you press Check now."
        actions={
          <Button
            leftSection={<IconScale aria-hidden size={18} />}
            loading={run.isPending}
            onClick={() => run.mutate()}
          >
            Check now
          </Button>
        }
      />
      <Stack gap="lg">
        <FormError error={run.error} />
        <QueryView query={checks} label="the stock checks">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="Not checked yet" icon={<IconScale />}>
                Press “Check now” to re-sum every product's movements against its stock.
              </EmptyState>
            ) : (
              <>
                {list[0]!.unbalanced.length > 0 && <Unbalanced check={list[0]!} />}
                <div>
                  <Title order={2} size="h4" mb="xs">
                    Latest runs
                  </Title>
                  <Table.ScrollContainer minWidth={560}>
                    <Table aria-label="Stock checks" striped verticalSpacing="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">When</Table.Th>
                          <Table.Th scope="col">Run by</Table.Th>
                          <Table.Th scope="col" ta="right">
                            Products
                          </Table.Th>
                          <Table.Th scope="col">Result</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {list.map((check) => (
                          <Table.Tr key={check.id}>
                            <Table.Td>{formatDateTime(check.checkedAt)}</Table.Td>
                            <Table.Td>
                              {check.checkedBy ? `${check.checkedBy.name} (admin)` : TRIGGERS[check.trigger]}
                            </Table.Td>
                            <Table.Td ta="right">{check.products}</Table.Td>
                            <Table.Td>
                              <Result check={check} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </div>
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
