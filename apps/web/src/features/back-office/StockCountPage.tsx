import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatMoney, type StockCount, type StockCountLine } from '@myb/contracts';
import { IconBarcode, IconCheck, IconClipboardList, IconSearch, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { v4 as uuidv4 } from 'uuid';
import { errorMessage } from '../../api/client';
import { useApplyStockCount, useCancelStockCount, useEnterStockCount, useStockCount } from '../../api/stock';
import { formatDateTime, formatMoneyChange, plural } from '../../lib/format';
import { useUrlFilters, useUrlSearch } from '../../lib/url-filters';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SearchInput } from '../../ui/SearchInput';
import { useShop } from './ShopLayout';
import { StockCountLines } from './StockCountLines';
import { StockCountStatusBadge } from './StockCountParts';
import { StockNav } from './StockNav';
import {
  isLineFilter,
  LINE_FILTER_LABEL,
  LINE_FILTERS,
  lineBySku,
  linesShown,
  reviewOf,
  type CountReview,
} from './stockCount';

interface ScanBoxProps {
  count: StockCount;
  slug: string;
  onSaved: (line: StockCountLine) => void;
  /** What the last figure saved on this page made of its line. */
  said: string;
}

/**
 * The box a scanner types into (or a person, then Enter): each SKU adds 1 to its line. It has the
 * focus when the page opens and keeps it, so scan after scan needs no hand on the screen.
 */
function ScanBox({ count, slug, onSaved, said }: ScanBoxProps) {
  const enter = useEnterStockCount(slug, count.id);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();

  const scan = () => {
    const typed = text.trim();
    setText('');
    if (typed === '') {
      return;
    }
    const line = lineBySku(count.lineItems, typed);
    if (!line) {
      setProblem(`${typed} is not in this count.`);
      return;
    }
    setProblem(undefined);
    void enter
      .mutateAsync({ productId: line.product.id, mode: 'add', quantity: 1, idempotencyKey: uuidv4() })
      .then(onSaved, (error: unknown) => setProblem(`${typed}: ${errorMessage(error)}`));
  };

  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <TextInput
        label="Scan or type a SKU"
        description="Enter adds 1 to its line."
        leftSection={<IconBarcode aria-hidden size={20} />}
        autoComplete="off"
        // The page is for counting: the scanner types here as soon as it opens.
        autoFocus
        style={{ flex: '1 1 16rem' }}
        maw={420}
        value={text}
        error={problem}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setProblem(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            scan();
          } else if (event.key === 'Escape') {
            setText('');
            setProblem(undefined);
          }
        }}
      />
      <Text role="status" aria-live="polite" fw={600} c="teal.8" mt={30} style={{ flex: '1 1 12rem' }}>
        {said}
      </Text>
    </Group>
  );
}

function Figure({ label, value, note }: { label: string; value: ReactNode; note: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {note}
      </Text>
    </Paper>
  );
}

/** What applying would do, in four figures. */
function Review({ review, currency }: { review: CountReview; currency: string }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" role="group" aria-label="Review">
      <Figure label="Counted" value={`${review.counted} of ${review.lines}`} note="lines with a figure" />
      <Figure label="Not counted" value={review.notCounted} note="stay as they are" />
      <Figure label="With a difference" value={review.withDifference} note="products whose stock changes" />
      <Figure
        label="Value of the differences"
        value={formatMoneyChange(review.valueMinor, currency)}
        note={`at selling price: ${formatMoney(review.missingMinor, currency)} missing, ${formatMoney(review.foundMinor, currency)} found`}
      />
    </SimpleGrid>
  );
}

/** "Apply count", then a dialog saying what will change before anything does. */
function ApplyButton({ count, review, slug }: { count: StockCount; review: CountReview; slug: string }) {
  const apply = useApplyStockCount(slug, count.id);
  return (
    <ConfirmButton
      label="Apply count"
      buttonProps={{ leftSection: <IconCheck aria-hidden size={18} /> }}
      title={`Apply ${count.name}?`}
      keepLabel="Keep counting"
      confirmLabel="Apply the count"
      action={apply}
      onDone={(applied) =>
        notifications.show({
          color: 'green',
          title: `${applied.name} applied`,
          message: `${plural(review.withDifference, 'product')} corrected in stock.`,
        })
      }
    >
      <Text>
        {review.withDifference === 0
          ? 'No product’s stock changes: every line counted matches.'
          : `${plural(review.withDifference, 'product')} will change stock, by ${formatMoneyChange(review.valueMinor, count.currency)} in all at selling price.`}
      </Text>
      {review.notCounted > 0 && (
        <Text size="sm">
          {review.notCounted === 1
            ? '1 line not counted stays as it is.'
            : `${plural(review.notCounted, 'line')} not counted stay as they are.`}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        Each change is written in the product’s stock history as a count. Sales made since a line was counted
        are kept.
      </Text>
    </ConfirmButton>
  );
}

function CancelButton({ count, slug }: { count: StockCount; slug: string }) {
  const cancel = useCancelStockCount(slug, count.id);
  return (
    <ConfirmButton
      label="Cancel count"
      buttonProps={{ variant: 'default', color: 'red', leftSection: <IconX aria-hidden size={18} /> }}
      title={`Cancel ${count.name}?`}
      keepLabel="Keep counting"
      confirmLabel="Cancel the count"
      confirmColor="red"
      focus="keep"
      action={cancel}
      onDone={(cancelled) =>
        notifications.show({ color: 'gray', message: `${cancelled.name} cancelled: no stock moved.` })
      }
    >
      <Text>No stock moves. The figures entered stay here to read, and nobody can count in it any more.</Text>
    </ConfirmButton>
  );
}

/** Once applied or cancelled: who, when, and what it did. */
function Closed({ count }: { count: StockCount }) {
  const by = count.closedBy?.name ?? 'someone';
  const when = count.closedAt ? formatDateTime(count.closedAt) : '';
  return count.status === 'applied' ? (
    <Alert color="green" icon={<IconCheck aria-hidden />} title={`Applied by ${by}, ${when}`}>
      Each difference counted is in its product’s stock history: open a product to read it. Lines not counted
      were left as they were.
    </Alert>
  ) : (
    <Alert color="gray" icon={<IconX aria-hidden />} title={`Cancelled by ${by}, ${when}`}>
      No stock moved. The figures entered are kept here to read.
    </Alert>
  );
}

function CountView({ count, slug }: { count: StockCount; slug: string }) {
  const { params, setParam } = useUrlFilters();
  const { search, setSearch } = useUrlSearch();
  const rawShow = params.get('show');
  const show = isLineFilter(rawShow) ? rawShow : 'all';
  const counting = count.status === 'counting';
  const review = reviewOf(count.lineItems);
  const shown = linesShown(count.lineItems, show, search);
  // Each figure saved here, scanned or typed, is confirmed beside the scan box (and to screen readers).
  const [said, setSaid] = useState('');
  const onSaved = (line: StockCountLine) =>
    setSaid(
      line.counted === null
        ? `${line.product.name}: not counted`
        : `${line.product.name}: ${line.counted} counted`,
    );
  return (
    <>
      <PageHeader
        title={count.name}
        description={
          <Group gap="xs" component="span">
            <StockCountStatusBadge status={count.status} />
            <span>
              Started by {count.startedBy?.name ?? 'someone'}, {formatDateTime(count.startedAt)}.
              {counting && ' This page updates by itself while others count.'}
            </span>
          </Group>
        }
        actions={
          counting && (
            <>
              <CancelButton count={count} slug={slug} />
              <ApplyButton count={count} review={review} slug={slug} />
            </>
          )
        }
      />
      <Stack gap="md">
        {counting ? (
          <ScanBox count={count} slug={slug} onSaved={onSaved} said={said} />
        ) : (
          <Closed count={count} />
        )}
        <Review review={review} currency={count.currency} />
        {count.lineItems.length === 0 ? (
          <EmptyState title="Nothing to count" icon={<IconClipboardList />}>
            No product on sale was in what this count was started for. Cancel it, then start one of the whole
            shop, another category or chosen products.
          </EmptyState>
        ) : (
          <>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <SegmentedControl
                aria-label="Show lines"
                value={show}
                onChange={(value) => setParam('show', value === 'all' ? null : value)}
                data={LINE_FILTERS.map((value) => ({ value, label: LINE_FILTER_LABEL[value] }))}
              />
              <SearchInput
                aria-label="Search lines"
                placeholder="SKU or product"
                style={{ flex: '1 1 14rem' }}
                maw={360}
                value={search}
                onChange={setSearch}
              />
            </Group>
            {shown.length === 0 ? (
              <EmptyState
                title="No line matches"
                icon={<IconSearch />}
                action={
                  <Button
                    variant="default"
                    onClick={() => {
                      setSearch('');
                      setParam('show', null);
                    }}
                  >
                    Show every line
                  </Button>
                }
              >
                {show === 'not-counted'
                  ? 'Every line matching is counted.'
                  : show === 'difference'
                    ? 'No line matching has a difference.'
                    : 'Search by SKU or product name.'}
              </EmptyState>
            ) : (
              <StockCountLines count={count} lines={shown} slug={slug} onSaved={onSaved} />
            )}
          </>
        )}
      </Stack>
    </>
  );
}

/**
 * A stock count, built for counting at a shelf with a tablet or a scanner: scan or type, read the
 * differences as they form, then apply them (or cancel). Read again every two seconds while counting.
 */
export function StockCountPage() {
  const shop = useShop();
  const { countId = '' } = useParams();
  const count = useStockCount(shop.slug, countId);
  return (
    <>
      <StockNav />
      <QueryView query={count} label="the count">
        {(data) => <CountView count={data} slug={shop.slug} />}
      </QueryView>
    </>
  );
}
