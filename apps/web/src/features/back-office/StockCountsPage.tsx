import { Anchor, Button, Stack, Table } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { StockCountSummary } from '@myb/contracts';
import { IconClipboardList, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useStockCounts } from '../../api/stock';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from './ShopLayout';
import { StartStockCountModal } from './StartStockCountForm';
import { ByWhom, StockCountStatusBadge } from './StockCountParts';
import { StockNav } from './StockNav';

function CountRow({ count, slug }: { count: StockCountSummary; slug: string }) {
  return (
    <Table.Tr>
      <Table.Td fw={600}>
        <Anchor component={Link} to={`/back-office/${slug}/stock/counts/${count.id}`}>
          {count.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <StockCountStatusBadge status={count.status} />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {count.countedLines} of {count.lines}
      </Table.Td>
      <Table.Td>
        <ByWhom person={count.startedBy} at={count.startedAt} />
      </Table.Td>
      <Table.Td>
        <ByWhom person={count.closedBy} at={count.closedAt} />
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The shop's stock counts, those still counting first (they are where work is), then the others
 * newest first; "Start a count" opens a new one and goes to it.
 */
export function StockCountsPage() {
  const shop = useShop();
  const counts = useStockCounts(shop.slug);
  const [starting, { open, close }] = useDisclosure(false);
  return (
    <>
      <StockNav />
      <PageHeader
        title="Stock counts"
        description="Count the shelves, review the differences, then apply them to the stock. Sales go on while you count."
        actions={
          <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={open}>
            Start a count
          </Button>
        }
      />
      <Stack gap="md">
        <QueryView query={counts} label="stock counts">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No count yet" icon={<IconClipboardList />}>
                Press “Start a count” to count the whole shop, a category or a few products. Scan or type what
                is on the shelf, review the differences, then apply them: each becomes a movement in the stock
                history.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover aria-label="Stock counts" verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Count</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Lines counted
                      </Table.Th>
                      <Table.Th scope="col">Started</Table.Th>
                      <Table.Th scope="col">Applied or cancelled</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((count) => (
                      <CountRow key={count.id} count={count} slug={shop.slug} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
      </Stack>
      <StartStockCountModal opened={starting} onDone={close} />
    </>
  );
}
