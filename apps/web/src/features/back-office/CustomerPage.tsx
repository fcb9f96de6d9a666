import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import {
  CUSTOMER_SEGMENT_RULES,
  formatMoney,
  LIFETIME_VALUE_RULE,
  type Customer,
  type CustomerDetail,
  type CustomerFigures,
  type StoreCreditEntry,
  type StoreCreditKind,
} from '@myb/contracts';
import { IconArrowMerge, IconCoins, IconPencil, IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useCustomer } from '../../api/customers';
import { NotFound } from '../../app/RouteError';
import { useCan } from '../../app/permissions';
import { formatDateTime, formatDay, formatMoneyChange } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { Fact, Section } from '../orders/OrderDetails';
import { OrderStatusBadge } from '../orders/OrderStatusBadge';
import { ConsentSection } from './CustomerConsent';
import { CustomerFormModal } from './CustomerForm';
import { MergeDialog } from './CustomerMerge';
import { OnlineAccountBadge, SegmentBadge } from './CustomersPage';
import { useShop } from './ShopLayout';
import { StoreCreditDialog } from './StoreCreditForm';

type Purchase = CustomerDetail['purchases'][number];

const CREDIT_KIND_LABELS: Record<StoreCreditKind, string> = {
  refund: 'Refund',
  sale: 'Sale',
  manual: 'By hand',
};
const PURCHASE_KIND_LABELS: Record<Purchase['kind'], string> = {
  order: 'Online order',
  sale: 'Register sale',
  return: 'Register return',
};

const receiptPath = (slug: string, saleId: string) => `/back-office/${slug}/register/sales/${saleId}`;

/** The answer for an address naming no customer of this shop: unknown, another shop's, or no id at all. */
const isUnknownCustomer = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400);

function CustomerFacts({ customer }: { customer: Customer }) {
  const notGiven = (
    <Text c="dimmed" fw={400} component="span">
      Not given
    </Text>
  );
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Fact label="E-mail">{customer.email ?? notGiven}</Fact>
        <Fact label="Phone">{customer.phone ?? notGiven}</Fact>
        <Fact label="Added">{formatDateTime(customer.createdAt)}</Fact>
        <Fact label="Note">
          {customer.note === '' ? (
            notGiven
          ) : (
            <Text fw={400} style={{ whiteSpace: 'pre-line' }}>
              {customer.note}
            </Text>
          )}
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}

/** What the customer bought, from the summary kept with each sale and order (owners and managers). */
function FiguresSection({ figures, currency }: { figures: CustomerFigures; currency: string }) {
  const day = (isoDay: string | null) => (isoDay === null ? '—' : formatDay(isoDay));
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  return (
    <Section title="Figures">
      <Stack gap="sm">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
            <Fact label="Segment">
              <SegmentBadge segment={figures.segment} />
            </Fact>
            <Fact label="First purchase">{day(figures.firstPurchaseOn)}</Fact>
            <Fact label="Last purchase">{day(figures.lastPurchaseOn)}</Fact>
            <Fact label="Visits">{figures.visits}</Fact>
            <Fact label="Net spend">{money(figures.netSpendMinor)}</Fact>
            <Fact label="Average ticket">{money(figures.averageTicketMinor)}</Fact>
          </SimpleGrid>
        </Paper>
        <Text size="sm" c="dimmed">
          {`${CUSTOMER_SEGMENT_RULES[figures.segment]} A visit is a sale at the register or an online order not cancelled; net spend is what they came to less returns, and the average ticket is net spend per visit. Lifetime value: ${money(figures.lifetimeValueMinor)}. ${LIFETIME_VALUE_RULE}`}
        </Text>
      </Stack>
    </Section>
  );
}

/** Where the record stands in a merge: merged into another (read that one), or the records merged into it. */
function MergeNotes({ detail }: { detail: CustomerDetail }) {
  const shop = useShop();
  const path = (id: string) => `/back-office/${shop.slug}/customers/${id}`;
  return (
    <>
      {detail.mergedInto && (
        <Alert color="orange" title="Merged into another record">
          {`${detail.customer.name}'s record was merged into `}
          <Anchor component={Link} to={path(detail.mergedInto.id)}>
            {detail.mergedInto.name}
          </Anchor>
          {` by ${detail.mergedInto.by.name} on ${formatDateTime(detail.mergedInto.at)}: that record is theirs now, with these purchases.`}
        </Alert>
      )}
      {detail.absorbed.length > 0 && (
        <Text size="sm">
          {'Merged into this record: '}
          {detail.absorbed.map((record, index) => (
            <span key={record.id}>
              {index > 0 && '; '}
              <Anchor component={Link} to={path(record.id)}>
                {record.name}
              </Anchor>
              {` (by ${record.by.name}, ${formatDateTime(record.at)})`}
            </span>
          ))}
          {'. Their purchases, store credit and consent show here.'}
        </Text>
      )}
    </>
  );
}

function StoreCreditTable({ entries, currency }: { entries: StoreCreditEntry[]; currency: string }) {
  const shop = useShop();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Store credit entries" striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Balance after
            </Table.Th>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">Receipt</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
              <Table.Td>{CREDIT_KIND_LABELS[entry.kind]}</Table.Td>
              <Table.Td ta="right" fw={600} c={entry.amountMinor > 0 ? 'green.9' : undefined}>
                {formatMoneyChange(entry.amountMinor, currency)}
              </Table.Td>
              <Table.Td ta="right">{formatMoney(entry.balanceMinor, currency)}</Table.Td>
              <Table.Td>{entry.reason}</Table.Td>
              <Table.Td>{entry.by.name}</Table.Td>
              <Table.Td>
                {entry.sale && (
                  <Anchor component={Link} to={receiptPath(shop.slug, entry.sale.id)}>
                    {entry.sale.receiptNumber}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StoreCreditSection({ detail }: { detail: CustomerDetail }) {
  const mayAdjust = useCan('registerApproval');
  const [adjusting, setAdjusting] = useState(false);
  const { customer, currency, storeCredit } = detail;
  return (
    <Section title="Store credit">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Fact label="Balance">
            <Text size="xl" fw={700} component="span">
              {formatMoney(customer.storeCreditMinor, currency)}
            </Text>
          </Fact>
          {mayAdjust && (
            <Button
              variant="default"
              leftSection={<IconCoins aria-hidden size={18} />}
              onClick={() => setAdjusting(true)}
            >
              Give or take back credit
            </Button>
          )}
        </Group>
        {storeCredit.length === 0 ? (
          <EmptyState title="No store credit yet" icon={<IconCoins />}>
            {`Store credit comes from a return refunded to it at the register, or is given by hand with a reason. ${
              mayAdjust
                ? 'Press “Give or take back credit” to give some.'
                : 'Ask an owner or a manager to give some.'
            }`}
          </EmptyState>
        ) : (
          <StoreCreditTable entries={storeCredit} currency={currency} />
        )}
      </Stack>
      {mayAdjust && (
        <StoreCreditDialog
          opened={adjusting}
          customer={customer}
          currency={currency}
          onDone={() => setAdjusting(false)}
        />
      )}
    </Section>
  );
}

function PurchasesTable({ purchases, currency }: { purchases: Purchase[]; currency: string }) {
  const shop = useShop();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Purchases" striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          {/* As the orders table: number, status and total first, in view on a phone. */}
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Date</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {purchases.map((purchase) => (
            <Table.Tr key={`${purchase.channel}-${purchase.id}`}>
              <Table.Td>
                <Anchor
                  component={Link}
                  fw={600}
                  to={
                    purchase.channel === 'online'
                      ? `/back-office/${shop.slug}/orders/${purchase.id}`
                      : receiptPath(shop.slug, purchase.id)
                  }
                >
                  {purchase.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{purchase.status && <OrderStatusBadge status={purchase.status} />}</Table.Td>
              <Table.Td ta="right">{formatMoney(purchase.totalMinor, currency)}</Table.Td>
              <Table.Td>{PURCHASE_KIND_LABELS[purchase.kind]}</Table.Td>
              <Table.Td>{formatDateTime(purchase.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function CustomerPage() {
  const shop = useShop();
  const { customerId = '' } = useParams();
  const detail = useCustomer(shop.slug, customerId);
  const mayMerge = useCan('customerInsights');
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  if (isUnknownCustomer(detail.error)) {
    return <NotFound />;
  }
  return (
    <QueryView query={detail} label="the customer">
      {(found) => (
        <>
          <PageHeader
            title={
              <Group gap="sm" component="span">
                {found.customer.name}
                {found.customer.hasAccount && <OnlineAccountBadge />}
              </Group>
            }
            description={
              <Anchor component={Link} to={`/back-office/${shop.slug}/customers`}>
                All customers
              </Anchor>
            }
            actions={
              <Group gap="sm">
                {mayMerge && found.mergedInto === null && (
                  <Button
                    variant="default"
                    leftSection={<IconArrowMerge aria-hidden size={18} />}
                    onClick={() => setMerging(true)}
                  >
                    Merge a duplicate
                  </Button>
                )}
                <Button
                  variant="default"
                  leftSection={<IconPencil aria-hidden size={18} />}
                  onClick={() => setEditing(true)}
                >
                  Edit
                </Button>
              </Group>
            }
          />
          <Stack gap="lg">
            <MergeNotes detail={found} />
            <CustomerFacts customer={found.customer} />
            {found.figures && <FiguresSection figures={found.figures} currency={found.currency} />}
            <Section title="Purchases online and at the counter">
              {found.purchases.length === 0 ? (
                <EmptyState title="No purchases yet" icon={<IconReceipt />}>
                  {`${found.customer.name}'s online orders show here, and the sales and returns at the register made in their name.`}
                </EmptyState>
              ) : (
                <PurchasesTable purchases={found.purchases} currency={found.currency} />
              )}
            </Section>
            <StoreCreditSection detail={found} />
            <ConsentSection
              customer={found.customer}
              entries={found.consent}
              writable={found.mergedInto === null}
            />
          </Stack>
          <MergeDialog opened={merging} customer={found.customer} onDone={() => setMerging(false)} />
          <CustomerFormModal
            customer={editing ? found.customer : undefined}
            onDone={() => setEditing(false)}
          />
        </>
      )}
    </QueryView>
  );
}
