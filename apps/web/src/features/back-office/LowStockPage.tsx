import { Anchor, Button, Group, SegmentedControl, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OrderNowResult, StockPosition } from '@myb/contracts';
import { IconAdjustments, IconPlus, IconShoppingCartPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useOrderNow, useReorderRules } from '../../api/reorder';
import { plural } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { ReorderRuleModal, type RuleBeingEdited } from './ReorderRuleForm';
import { useShop } from './ShopLayout';
import { StockNav } from './StockNav';

const SHOW = [
  { value: 'low', label: 'At or under the minimum' },
  { value: 'all', label: 'Every rule' },
];

/** "12.5 days", "under a day", or a dash when nothing sold in the last 28 days. */
function coverOf(position: StockPosition): string {
  if (position.daysOfCover === null) {
    return '—';
  }
  return position.daysOfCover < 1 ? 'under a day' : plural(Math.floor(position.daysOfCover), 'day');
}

/** What ordering now did, said in a toast: the drafts written to, and what could not be ordered. */
function announce(result: OrderNowResult, slug: string) {
  const written = result.purchaseOrders.map((order) => (
    <Anchor key={order.id} component={Link} to={`/back-office/${slug}/purchase-orders/${order.id}`} mr="xs">
      {order.number} to {order.supplier.name}
    </Anchor>
  ));
  notifications.show({
    color: result.purchaseOrders.length > 0 ? 'teal' : 'yellow',
    title: result.purchaseOrders.length > 0 ? 'Added to the drafts' : 'Nothing ordered',
    message: (
      <Stack gap={4}>
        {written.length > 0 && <Text size="sm">{written}</Text>}
        {result.skipped.map((skip) => (
          <Text key={skip.productId} size="sm">
            {skip.reason}
          </Text>
        ))}
      </Stack>
    ),
  });
}

function PositionRow({ position, onEdit }: { position: StockPosition; onEdit: () => void }) {
  const shop = useShop();
  const orderNow = useOrderNow(shop.slug);
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600} size="sm">
          {position.product.name}
        </Text>
        <Text size="xs" c="dimmed">
          {position.product.sku}
        </Text>
      </Table.Td>
      <Table.Td ta="right" c={position.onHand <= position.rule.minimum ? 'red' : undefined} fw={600}>
        {position.onHand}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {position.rule.minimum} / {position.rule.maximum}
      </Table.Td>
      <Table.Td ta="right">{position.onOrder}</Table.Td>
      <Table.Td ta="right">{position.inDraft}</Table.Td>
      <Table.Td ta="right">{position.averageDailySales}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {coverOf(position)}
      </Table.Td>
      <Table.Td>
        {position.supplier?.name ?? (
          <Text c="dimmed" size="sm">
            No preferred supplier
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">{position.needed > 0 ? position.needed : '—'}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap" justify="flex-end">
          <Button
            size="xs"
            leftSection={<IconShoppingCartPlus aria-hidden size={16} />}
            disabled={position.needed === 0}
            loading={orderNow.isPending}
            aria-label={`Order ${position.product.name} now`}
            onClick={() =>
              void orderNow.mutateAsync({ productIds: [position.product.id] }).then(
                (result) => announce(result, shop.slug),
                (error: unknown) =>
                  notifications.show({ color: 'red', title: 'Not ordered', message: errorMessage(error) }),
              )
            }
          >
            Order now
          </Button>
          <Button
            size="xs"
            variant="default"
            aria-label={`Change the rule of ${position.product.name}`}
            onClick={onEdit}
          >
            Rule
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Low stock: products with a reorder rule at or under their minimum (or every rule), with what is on
 * order and in drafts, how much sells a day and how many days what is on hand lasts; "Order now"
 * puts a product's need into its supplier's draft at once (the rules do it by themselves as stock
 * moves).
 */
export function LowStockPage() {
  const shop = useShop();
  const [show, setShow] = useState<'low' | 'all'>('low');
  const rules = useReorderRules(shop.slug, show);
  const orderAll = useOrderNow(shop.slug);
  const [editing, setEditing] = useState<RuleBeingEdited | null>(null);
  const needing = (rules.data ?? []).filter((position) => position.needed > 0);

  return (
    <>
      <StockNav />
      <PageHeader
        title="Low stock"
        description="Products with a reorder rule: the rules put what they need into draft purchase orders as stock moves."
        actions={
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus aria-hidden size={18} />}
              onClick={() => setEditing({ product: null, minimum: 0, maximum: 1 })}
            >
              Add a rule
            </Button>
            <Button
              leftSection={<IconShoppingCartPlus aria-hidden size={18} />}
              disabled={needing.length === 0}
              loading={orderAll.isPending}
              onClick={() =>
                void orderAll
                  .mutateAsync({ productIds: needing.map((position) => position.product.id) })
                  .then(
                    (result) => announce(result, shop.slug),
                    (error: unknown) =>
                      notifications.show({
                        color: 'red',
                        title: 'Not ordered',
                        message: errorMessage(error),
                      }),
                  )
              }
            >
              Order all that is needed
            </Button>
          </Group>
        }
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label="Which products"
          data={SHOW}
          value={show}
          onChange={(value) => setShow(value as 'low' | 'all')}
          style={{ alignSelf: 'flex-start' }}
        />
        <QueryView query={rules} label="reorder rules">
          {(list) =>
            list.length === 0 ? (
              <EmptyState
                title={show === 'low' ? 'Nothing is low' : 'No reorder rule yet'}
                icon={<IconAdjustments />}
              >
                {show === 'low'
                  ? 'Every product with a reorder rule has more than its minimum on hand.'
                  : 'Press “Add a rule” to give a product a minimum and a maximum: when it falls below the minimum, the rules write what it needs into a draft purchase order to its preferred supplier.'}
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={960}>
                <Table striped aria-label="Low stock" verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Product</Table.Th>
                      <Table.Th scope="col" ta="right">
                        On hand
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Min / max
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        On order
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        In drafts
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Sells a day
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Cover
                      </Table.Th>
                      <Table.Th scope="col">Supplier</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Needs
                      </Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((position) => (
                      <PositionRow
                        key={position.product.id}
                        position={position}
                        onEdit={() =>
                          setEditing({
                            product: position.product,
                            minimum: position.rule.minimum,
                            maximum: position.rule.maximum,
                          })
                        }
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
      </Stack>
      <ReorderRuleModal editing={editing} onDone={() => setEditing(null)} />
    </>
  );
}
