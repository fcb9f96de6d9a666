import { Anchor, Loader, Table, Text } from '@mantine/core';
import { MAX_STOCK, type StockCount, type StockCountLine } from '@myb/contracts';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { v4 as uuidv4 } from 'uuid';
import { ApiError, errorMessage } from '../../api/client';
import { useEnterStockCount } from '../../api/stock';
import { formatChange, formatMoneyChange } from '../../lib/format';
import { readWholeNumber } from '../../lib/quantity';
import { QuantityInput } from '../../ui/QuantityInput';
import { ByWhom } from './StockCountParts';

const signColor = (value: number) => (value > 0 ? 'teal.8' : value < 0 ? 'red.8' : 'dimmed');

interface SignedProps {
  value: number | null;
  children: (value: number) => string;
  /** Green for more, red for less: for what the count corrects, not for what sold meanwhile. */
  colored?: boolean;
}

function Signed({ value, children, colored = false }: SignedProps) {
  if (value === null) {
    return (
      <Text c="dimmed" span>
        —
      </Text>
    );
  }
  return colored ? (
    <Text span fw={value === 0 ? undefined : 600} c={signColor(value)}>
      {children(value)}
    </Text>
  ) : (
    children(value)
  );
}

/** The counted inputs of the table, in the order shown: Enter in one moves to the next. */
function focusNextInput(from: HTMLInputElement) {
  const inputs = [
    ...(from.closest('tbody')?.querySelectorAll<HTMLInputElement>('input[data-counted]') ?? []),
  ];
  inputs[inputs.indexOf(from) + 1]?.focus();
}

/**
 * A line's count as a field: a number then Enter (or leaving the field) sends it as the whole count
 * (`set`); Esc puts back what the count holds. Left empty, nothing is sent. While the person types,
 * the figure read every two seconds does not overwrite theirs.
 */
interface CountedInputProps {
  line: StockCountLine;
  countId: string;
  slug: string;
  onSaved: (line: StockCountLine) => void;
}

function CountedInput({ line, countId, slug, onSaved }: CountedInputProps) {
  const enter = useEnterStockCount(slug, countId);
  // What the person typed and has not yet had saved; null shows the count's own figure.
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();
  // The text being sent: Enter then the blur of moving on must send it once.
  const sending = useRef<string | null>(null);
  const name = line.product.name;

  const commit = () => {
    const text = draft?.trim() ?? '';
    if (draft === null || text === sending.current) {
      return;
    }
    const read = text === '' ? null : readWholeNumber(text, { min: 0, max: MAX_STOCK, blank: '' });
    if (read && !read.ok) {
      setProblem(read.message);
      return;
    }
    // Emptied, a counted line goes back to not counted; unchanged, nothing is sent.
    const figure = read ? read.value : null;
    if (figure === line.counted) {
      setDraft(null);
      setProblem(undefined);
      return;
    }
    sending.current = text;
    void enter
      .mutateAsync({
        productId: line.product.id,
        mode: figure === null ? 'clear' : 'set',
        quantity: figure ?? 0,
        idempotencyKey: uuidv4(),
      })
      .then(
        (saved) => {
          onSaved(saved);
          setProblem(undefined);
          // The count now holds this figure; text typed since stays.
          setDraft((current) => (current?.trim() === text ? null : current));
        },
        (error: unknown) =>
          setProblem(
            error instanceof ApiError && error.issues[0] ? error.issues[0].message : errorMessage(error),
          ),
      )
      .finally(() => {
        sending.current = null;
      });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
      focusNextInput(event.currentTarget);
    } else if (event.key === 'Escape') {
      setDraft(null);
      setProblem(undefined);
    }
  };

  return (
    <QuantityInput
      aria-label={`Count of ${name}`}
      data-counted
      w={130}
      value={draft ?? (line.counted === null ? '' : String(line.counted))}
      placeholder="Not counted"
      onChange={(text) => setDraft(text)}
      onKeyDown={onKeyDown}
      onBlur={commit}
      problem={problem}
      rightSection={
        enter.isPending ? <Loader size="xs" aria-label={`Saving the count of ${name}`} /> : undefined
      }
    />
  );
}

interface StockCountLinesProps {
  count: StockCount;
  lines: StockCountLine[];
  slug: string;
  /** Told of each figure saved from the table. */
  onSaved: (line: StockCountLine) => void;
}

/**
 * A count's lines: what was expected at the start, what was counted (a field while counting), what
 * moved meanwhile, and what applying changes. Once applied, each product leads to its stock history.
 */
export function StockCountLines({ count, lines, slug, onSaved }: StockCountLinesProps) {
  const counting = count.status === 'counting';
  const money = (minor: number) => formatMoneyChange(minor, count.currency);
  return (
    <Table.ScrollContainer minWidth={940}>
      <Table striped highlightOnHover aria-label="Count lines" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">SKU</Table.Th>
            <Table.Th scope="col">Product</Table.Th>
            <Table.Th scope="col" ta="right">
              Expected
            </Table.Th>
            <Table.Th scope="col">Counted</Table.Th>
            <Table.Th scope="col" ta="right">
              Moved since start
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Difference
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Value
            </Table.Th>
            <Table.Th scope="col">Counted by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.product.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{line.product.sku}</Table.Td>
              <Table.Td fw={600}>
                {count.status === 'applied' ? (
                  <Anchor component={Link} to={`/back-office/${slug}/stock?product=${line.product.id}`}>
                    {line.product.name}
                  </Anchor>
                ) : (
                  line.product.name
                )}
              </Table.Td>
              <Table.Td ta="right">{line.expected}</Table.Td>
              <Table.Td>
                {counting ? (
                  <CountedInput line={line} countId={count.id} slug={slug} onSaved={onSaved} />
                ) : (
                  (line.counted ?? (
                    <Text c="dimmed" span size="sm">
                      Not counted
                    </Text>
                  ))
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Signed value={line.movedSinceStart}>{formatChange}</Signed>
              </Table.Td>
              <Table.Td ta="right">
                <Signed value={line.difference} colored>
                  {formatChange}
                </Signed>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Signed value={line.differenceValueMinor} colored>
                  {money}
                </Signed>
              </Table.Td>
              <Table.Td>
                <ByWhom person={line.countedBy} at={line.countedAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
