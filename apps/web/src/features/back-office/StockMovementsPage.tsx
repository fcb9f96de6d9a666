import { Anchor, Badge, Button, CloseButton, Group, Select, Stack, Table, Text } from '@mantine/core';
import {
  STOCK_MOVEMENT_TYPES,
  type StockMovement,
  type StockMovementType,
  type StockReason,
} from '@myb/contracts';
import { IconDownload, IconHistory, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useManagedProduct } from '../../api/backOffice';
import { stockMovementsExportAddress, useStockMovements, type MovementFilter } from '../../api/stock';
import { formatChange, formatDateTime } from '../../lib/format';
import { dayParam } from '../../lib/days';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';
import { DayRangeInputs } from '../../ui/DayRangeInputs';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
import { ShowOlderButton } from '../../ui/ShowOlderButton';
import { StockBadge } from '../catalogue/StockBadge';
import { ProductSearchSelect } from './ProductSearchSelect';
import { useShop } from './ShopLayout';
import { StockNav } from './StockNav';

const TYPE_LABELS: Record<StockMovementType, string> = {
  opening: 'Opening stock',
  order: 'Online order',
  cancellation: 'Order cancelled',
  adjustment: 'Adjustment',
  count: 'Count',
  import: 'Import',
  sale: 'Register sale',
  return: 'Register return',
  receipt: 'Goods received',
};

const REASON_LABELS: Record<StockReason, string> = {
  received: 'Received without order',
  found: 'Found',
  damaged: 'Damaged',
  lost: 'Lost',
  correction: 'Correction',
  other: 'Other',
};

const isType = (value: string | null): value is StockMovementType =>
  STOCK_MOVEMENT_TYPES.some((type) => type === value);

/** What caused a movement, in words, with its order linked. */
function Cause({ movement, slug }: { movement: StockMovement; slug: string }) {
  const { order, reason, note } = movement;
  const orderLink = order && (
    <Anchor component={Link} to={`/back-office/${slug}/orders/${order.id}`}>
      {order.number}
    </Anchor>
  );
  switch (movement.type) {
    case 'order':
      return <>Order {orderLink}</>;
    case 'cancellation':
      return (
        <>
          Order {orderLink} cancelled{reason ? `: ${reason}` : ''}
        </>
      );
    case 'opening':
      return <>Stock when the product entered the ledger</>;
    case 'count':
      return movement.count ? (
        <Anchor component={Link} to={`/back-office/${slug}/stock/counts/${movement.count.id}`}>
          {movement.count.name}
        </Anchor>
      ) : (
        <>{note}</>
      );
    case 'sale':
    case 'return':
      return movement.sale ? (
        <>
          {movement.type === 'sale' ? 'Sold on receipt' : 'Returned on receipt'}{' '}
          <Anchor component={Link} to={`/back-office/${slug}/register/sales/${movement.sale.id}`}>
            {movement.sale.receiptNumber}
          </Anchor>
        </>
      ) : (
        <>{note}</>
      );
    case 'receipt':
      return movement.purchaseOrder ? <>Received on {movement.purchaseOrder.number}</> : <>{note}</>;
    case 'adjustment':
    case 'import':
      return (
        <>
          {reason ? (REASON_LABELS[reason as StockReason] ?? reason) : ''}
          {reason && note ? ': ' : ''}
          {note}
        </>
      );
  }
}

/**
 * Every change of the shop's stock, newest first: what moved, by how much, why, who, and the stock
 * right after. Narrowed to one product it is that product's history, read down as its running
 * balance. The filters live in the address, so a product's history is a link (the catalogue's
 * "Stock history" opens it) and the export downloads what is on screen.
 */
export function StockMovementsPage() {
  const shop = useShop();
  const { params, setParams, setParam } = useUrlFilters();
  const rawType = params.get('type');
  const filter: MovementFilter = {
    product: params.get('product') ?? '',
    type: isType(rawType) ? rawType : '',
    actor: params.get('actor') ?? '',
    q: params.get('q') ?? '',
    from: dayParam(params.get('from')),
    to: dayParam(params.get('to')),
  };

  const { search, setSearch } = useUrlSearch();

  const movements = useStockMovements(shop.slug, filter);
  // The product narrowed to, read again as the list is: its stock in the header moves with it.
  const product = useManagedProduct(shop.slug, filter.product, { live: true }).data;
  // Who the person filter names: any movement listed is theirs.
  const actorName = movements.data?.find((movement) => movement.actor?.id === filter.actor)?.actor?.name;
  const filtered = Object.values(filter).some((value) => value !== '');
  const clearFilters = () => {
    setSearch('');
    setParams({}, { replace: true });
  };

  return (
    <>
      <StockNav />
      <PageHeader
        title={product ? `Stock history of ${product.name}` : 'Stock movements'}
        description={
          product ? (
            <Group gap="xs" component="span">
              <span>{product.sku}</span>
              <StockBadge stock={product.stock} />
              <span>Read down “Stock after” for its running balance.</span>
            </Group>
          ) : (
            'Every change of stock, newest first: what moved it, who, and the stock right after. This list updates by itself.'
          )
        }
        actions={
          <Button
            component="a"
            href={stockMovementsExportAddress(shop.slug, filter)}
            download
            variant="default"
            leftSection={<IconDownload aria-hidden size={18} />}
          >
            Export CSV
          </Button>
        }
      />
      <Stack gap="md">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <SearchInput
            label="Search movements"
            placeholder="SKU, product, person, note or order number"
            style={{ flex: '1 1 18rem' }}
            value={search}
            onChange={setSearch}
          />
          <ProductSearchSelect
            slug={shop.slug}
            label="Product"
            placeholder="All products: type a SKU or a name"
            clearable
            value={filter.product}
            chosen={product}
            onChange={(chosen) => setParam('product', chosen?.id ?? null)}
            style={{ flex: '1 1 14rem' }}
          />
          <Select
            label="Type"
            placeholder="All types"
            clearable
            data={STOCK_MOVEMENT_TYPES.map((type) => ({ value: type, label: TYPE_LABELS[type] }))}
            value={filter.type || null}
            onChange={(value) => setParam('type', value)}
            w={170}
          />
          <DayRangeInputs
            from={filter.from}
            to={filter.to}
            labels={{ from: 'From', to: 'Until' }}
            onChange={(which, day) => setParam(which, day)}
          />
        </Group>
        {filter.actor && (
          <Group gap="xs">
            <Badge
              size="lg"
              variant="light"
              rightSection={
                <CloseButton
                  size="sm"
                  aria-label="Show everyone's movements"
                  onClick={() => setParam('actor', null)}
                />
              }
            >
              By {actorName ?? 'one person'}
            </Badge>
          </Group>
        )}
        <QueryView query={movements} label="stock movements">
          {(list) =>
            list.length === 0 ? (
              filtered ? (
                <EmptyState
                  title="No movement matches"
                  icon={<IconSearch />}
                  action={
                    <Button variant="default" onClick={clearFilters}>
                      Show every movement
                    </Button>
                  }
                >
                  Search by SKU, product name, the person's name, a note or an order number, or widen the
                  dates.
                </EmptyState>
              ) : (
                <EmptyState title="No stock has moved yet" icon={<IconHistory />}>
                  Stock moves when you add a product with stock, adjust it in the Catalogue, or a customer
                  orders. Each change shows here, with who made it and why.
                </EmptyState>
              )
            ) : (
              <>
                <Table.ScrollContainer minWidth={820}>
                  <Table striped highlightOnHover aria-label="Stock movements">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">When</Table.Th>
                        {!product && <Table.Th scope="col">Product</Table.Th>}
                        <Table.Th scope="col">Type</Table.Th>
                        <Table.Th scope="col" ta="right">
                          Change
                        </Table.Th>
                        <Table.Th scope="col" ta="right">
                          Stock after
                        </Table.Th>
                        <Table.Th scope="col">Why</Table.Th>
                        <Table.Th scope="col">By</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((movement) => (
                        <Table.Tr key={movement.id}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {formatDateTime(movement.createdAt)}
                          </Table.Td>
                          {!product && (
                            <Table.Td>
                              <Anchor
                                component="button"
                                type="button"
                                onClick={() => setParam('product', movement.product.id)}
                              >
                                {movement.product.name}
                              </Anchor>
                              <Text size="xs" c="dimmed">
                                {movement.product.sku}
                              </Text>
                            </Table.Td>
                          )}
                          <Table.Td>{TYPE_LABELS[movement.type]}</Table.Td>
                          <Table.Td ta="right" fw={600} c={movement.quantity > 0 ? 'teal.8' : 'red.8'}>
                            {formatChange(movement.quantity)}
                          </Table.Td>
                          <Table.Td ta="right">{movement.balanceAfter}</Table.Td>
                          <Table.Td>
                            <Cause movement={movement} slug={shop.slug} />
                          </Table.Td>
                          <Table.Td>
                            {movement.actor ? (
                              <Anchor
                                component="button"
                                type="button"
                                onClick={() => setParam('actor', movement.actor!.id)}
                              >
                                {movement.actor.name}
                              </Anchor>
                            ) : (
                              <Text c="dimmed" span>
                                —
                              </Text>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <ShowOlderButton list={movements} label="Show older movements" />
              </>
            )
          }
        </QueryView>
      </Stack>
    </>
  );
}
