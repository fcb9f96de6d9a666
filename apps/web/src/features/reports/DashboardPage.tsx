import { LineChart } from '@mantine/charts';
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { formatMoney, type Dashboard, type SalesFigures } from '@myb/contracts';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate } from 'react-router';
import { useCan } from '../../app/permissions';
import { useDashboard } from '../../api/reports';
import { formatDay, plural } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';

/** "+12 %", "−3 %", or nothing to compare with when last week had none. */
function changeOf(now: number, then: number): { label: string; up: boolean } | null {
  if (then === 0) {
    return null;
  }
  const percent = Math.round(((now - then) / Math.abs(then)) * 100);
  return { label: `${percent >= 0 ? '+' : '\u2212'}${Math.abs(percent)} %`, up: percent >= 0 };
}

interface TileProps {
  title: string;
  value: string;
  /** What the value is compared with, said in full. */
  compared?: { now: number; then: number; said: string; moreIsBetter?: boolean };
  note?: ReactNode;
  to: string;
  /** Drawn in warning colours when something waits. */
  alert?: boolean;
}

/** One figure, and the list behind it a click away. */
function Tile({ title, value, compared, note, to, alert = false }: TileProps) {
  const change = compared ? changeOf(compared.now, compared.then) : null;
  const good = change && (compared?.moreIsBetter ?? true) === change.up;
  return (
    <UnstyledButton component={Link} to={to} aria-label={`${title}: ${value}`}>
      <Paper
        withBorder
        p="md"
        radius="md"
        h="100%"
        bg={alert ? 'var(--mantine-color-orange-light)' : undefined}
      >
        <Stack gap={4}>
          <Text size="sm" c="dimmed" fw={600}>
            {title}
          </Text>
          <Group gap="xs" align="baseline">
            <Text fz={28} fw={700} lh={1.1}>
              {value}
            </Text>
            {change && (
              <Badge
                variant="light"
                color={good ? 'teal' : 'red'}
                leftSection={change.up ? <IconArrowUpRight size={14} /> : <IconArrowDownRight size={14} />}
              >
                {change.label}
              </Badge>
            )}
          </Group>
          {compared && (
            <Text size="xs" c="dimmed">
              {compared.said}
            </Text>
          )}
          {note && (
            <Text size="xs" c="dimmed">
              {note}
            </Text>
          )}
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

function SalesTiles({ dashboard, base }: { dashboard: Dashboard; base: string }) {
  const { today, lastWeek, lastWeekWholeDay } = dashboard.sales;
  const money = (minor: number) => formatMoney(minor, dashboard.currency);
  const sales = `${base}/sales?from=${dashboard.today}&to=${dashboard.today}`;
  const said = (figure: (of: SalesFigures) => string) =>
    `Last week by now ${figure(lastWeek)}; all that day ${figure(lastWeekWholeDay)}`;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
      <Tile
        title="Net sales"
        value={money(today.netSalesMinor)}
        compared={{
          now: today.netSalesMinor,
          then: lastWeek.netSalesMinor,
          said: said((of) => money(of.netSalesMinor)),
        }}
        to={sales}
      />
      <Tile
        title="Sales"
        value={String(today.sales)}
        compared={{ now: today.sales, then: lastWeek.sales, said: said((of) => String(of.sales)) }}
        to={sales}
      />
      <Tile
        title="Average ticket"
        value={today.averageTicketMinor === null ? '—' : money(today.averageTicketMinor)}
        compared={{
          now: today.averageTicketMinor ?? 0,
          then: lastWeek.averageTicketMinor ?? 0,
          said: said((of) => (of.averageTicketMinor === null ? 'none' : money(of.averageTicketMinor))),
        }}
        to={sales}
      />
      <Tile
        title="Refunds"
        value={money(today.refundedMinor)}
        compared={{
          now: today.refundedMinor,
          then: lastWeek.refundedMinor,
          said: said((of) => money(of.refundedMinor)),
          moreIsBetter: false,
        }}
        note={plural(today.refunds, 'return or cancellation', 'returns and cancellations')}
        to={sales}
      />
    </SimpleGrid>
  );
}

function HourlyChart({ dashboard }: { dashboard: Dashboard }) {
  const lastWeek = formatDay(dashboard.lastWeek);
  const data = dashboard.hourly.map((hour) => ({
    hour: `${String(hour.hour).padStart(2, '0')}:00`,
    Today: hour.hour <= dashboard.hour ? hour.todayMinor : null,
    [lastWeek]: hour.lastWeekMinor,
  }));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Net sales by hour
      </Title>
      <LineChart
        h={260}
        data={data}
        dataKey="hour"
        series={[
          { name: 'Today', color: 'teal.6' },
          { name: lastWeek, color: 'gray.5', strokeDasharray: '5 5' },
        ]}
        curveType="monotone"
        withLegend
        connectNulls={false}
        valueFormatter={(minor) => formatMoney(minor, dashboard.currency)}
        xAxisProps={{ interval: 2 }}
        aria-label="Net sales by hour, today and the same day last week"
      />
    </Paper>
  );
}

function WaitingTiles({ dashboard, base }: { dashboard: Dashboard; base: string }) {
  const { purchaseOrders, supplierMessages } = dashboard;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
      <Tile
        title="Orders to dispatch"
        value={String(dashboard.ordersWaiting)}
        note="Placed online, not dispatched yet"
        to={`${base}/orders?status=open`}
        alert={dashboard.ordersWaiting > 0}
      />
      <Tile
        title="Low stock"
        value={String(dashboard.lowStock)}
        note="At or under their reorder minimum"
        to={`${base}/stock/low`}
        alert={dashboard.lowStock > 0}
      />
      <Tile
        title="Purchase orders not acknowledged in time"
        value={String(purchaseOrders.overdue)}
        note={`${plural(purchaseOrders.unacknowledged, 'purchase order')} waiting for the supplier in all`}
        to={`${base}/purchase-orders?${purchaseOrders.overdue > 0 ? 'overdue=true' : 'status=sent'}`}
        alert={purchaseOrders.overdue > 0}
      />
      <Tile
        title="Messages to suppliers that failed"
        value={String(supplierMessages.failed)}
        note="In the last seven days"
        to={`${base}/messages?stage=failed`}
        alert={supplierMessages.failed > 0}
      />
      <Tile
        title="Messages no supplier device took"
        value={String(supplierMessages.notTaken)}
        note="Published, and nothing took them since"
        to={`${base}/messages?stage=published`}
        alert={supplierMessages.notTaken > 0}
      />
      <Tile
        title="Orders not acknowledged in time"
        value={String(supplierMessages.overdue)}
        note="Dispatched to suppliers asked to acknowledge them, past their deadline"
        to={`${base}/messages?overdue=true`}
        alert={supplierMessages.overdue > 0}
      />
      <Tile
        title="Open register shifts"
        value={String(dashboard.openShifts)}
        note="Registers selling now"
        to={`${base}/register`}
      />
    </SimpleGrid>
  );
}

/**
 * The shop's home for its owner and managers: today's takings against the same weekday last week, by
 * hour, and what waits on someone, each a click from the list behind it. Read again as sales come in.
 */
export function DashboardPage() {
  const shop = useShop();
  const dashboard = useDashboard(shop.slug);
  const base = `/back-office/${shop.slug}`;
  return (
    <QueryView query={dashboard} label="the dashboard">
      {(data) => (
        <>
          <PageHeader
            title="Today"
            description={`${formatDay(data.today)} in the shop's time zone (${data.timeZone}), against ${formatDay(data.lastWeek)} up to the same hour. This page updates by itself.`}
          />
          <Stack gap="lg">
            <SalesTiles dashboard={data} base={base} />
            <HourlyChart dashboard={data} />
            <Title order={2} size="h4">
              Waiting on you
            </Title>
            <WaitingTiles dashboard={data} base={base} />
          </Stack>
        </>
      )}
    </QueryView>
  );
}

/**
 * A shop's back office opens on the dashboard for those who may read it (owners and managers), and on
 * the orders for everyone else. Waits for the role, so no one is sent to the wrong page first.
 */
export function ShopHome() {
  const shop = useShop();
  const mayReadReports = useCan('reports');
  const mayReadOrders = useCan('orders');
  if (!mayReadReports && !mayReadOrders) {
    return null;
  }
  return (
    <Navigate
      to={mayReadReports ? `/back-office/${shop.slug}/dashboard` : `/back-office/${shop.slug}/orders`}
      replace
    />
  );
}
