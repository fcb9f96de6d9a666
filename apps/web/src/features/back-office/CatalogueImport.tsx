import { Alert, Badge, Button, FileInput, Group, Pagination, Progress, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  catalogueImportRefusedSchema,
  IMPORT_BODY_LIMIT_BYTES,
  MAX_IMPORT_ROWS,
  type CatalogueImportResult,
  type ImportError,
  type ImportRow,
} from '@myb/contracts';
import { IconAlertTriangle, IconFileSpreadsheet } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useImportCatalogue } from '../../api/backOffice';
import { ApiError } from '../../api/client';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { useShop } from './ShopLayout';

const PAGE_SIZE = 50;
const LIMIT_MB = IMPORT_BODY_LIMIT_BYTES / 1024 / 1024;
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** A table of many rows, a page of 50 at a time. */
function PagedTable<Row>({ label, rows, head, cells }: { label: string; rows: Row[]; head: string[]; cells: (row: Row) => ReactNode[] }) {
  const [page, setPage] = useState(1);
  const pages = Math.ceil(rows.length / PAGE_SIZE);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={520}>
        <Table aria-label={label} striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              {head.map((name) => (
                <Table.Th key={name} scope="col">
                  {name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row, index) => (
              <Table.Tr key={index}>
                {cells(row).map((cell, column) => (
                  <Table.Td key={column}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && <Pagination aria-label={`Pages of ${label.toLowerCase()}`} total={pages} value={page} onChange={setPage} size="sm" />}
    </Stack>
  );
}

const OUTCOME_WORDS: Record<'create' | 'update', string> = { create: 'New', update: 'Changes' };

function Report({ report }: { report: CatalogueImportResult }) {
  const { counts } = report;
  const changing = report.rows.filter((row): row is ImportRow & { outcome: 'create' | 'update' } => row.outcome === 'create' || row.outcome === 'update');
  return (
    <Stack gap="sm">
      <Group gap="xs" aria-label="What the file would do">
        <Badge color="green" variant="light" size="lg">
          {count(counts.create, 'new product')}
        </Badge>
        <Badge color="blue" variant="light" size="lg">
          {count(counts.update, 'change')}
        </Badge>
        <Badge color="gray" variant="light" size="lg">
          {counts.unchanged.toLocaleString()} unchanged
        </Badge>
        {report.errors.length > 0 && (
          <Badge color="red" variant="light" size="lg">
            {count(counts.error, 'row')} with errors
          </Badge>
        )}
      </Group>
      {report.errors.length > 0 ? (
        <>
          <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title="Nothing can be imported yet">
            {counts.error > 0 ? `${count(counts.error, 'row has', 'rows have')} errors.` : 'The file has errors.'} Correct{' '}
            {report.errors.length === 1 ? 'it' : 'them'} in the file, save it as CSV and choose it again: an import applies
            every row or none.
          </Alert>
          <PagedTable<ImportError>
            label="Errors in the file"
            rows={report.errors}
            head={['Line', 'Column', 'What to correct']}
            cells={(error) => [error.line, error.column ?? '—', error.message]}
          />
        </>
      ) : changing.length === 0 ? (
        <Text>Nothing to change: every row is as the catalogue has it.</Text>
      ) : (
        <>
          <Text size="sm">
            Stock in the file is what is on the shelf when you apply: the difference to the stock at that moment
            is recorded as an import movement, so a sale made since you counted is not added on top.
          </Text>
          <PagedTable
            label="Rows that change"
            rows={changing}
            head={['Line', 'SKU', 'What', 'Stock']}
            cells={(row) => [
              row.line,
              row.sku,
              row.outcome === 'create' ? OUTCOME_WORDS.create : `${OUTCOME_WORDS.update}: ${row.changes.join(', ')}`,
              row.stock ? `${row.stock.from ?? 0} → ${row.stock.to}` : '—',
            ]}
          />
        </>
      )}
    </Stack>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const shop = useShop();
  const importing = useImportCatalogue(shop.slug);
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  // One id per file chosen: an apply sent again after a lost answer is applied once.
  const [importId, setImportId] = useState(() => uuidv4());
  const [sent, setSent] = useState(0);
  const [report, setReport] = useState<CatalogueImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function send(csv: string, id: string, dryRun: boolean) {
    const body = { importId: id, dryRun, csv };
    if (new Blob([JSON.stringify(body)]).size > IMPORT_BODY_LIMIT_BYTES) {
      setProblem(`This file is too large to send: an import takes at most ${LIMIT_MB} MB. Split it into several files.`);
      return;
    }
    setSent(0);
    importing.mutate(
      { body, onProgress: setSent },
      {
        onSuccess: (result) => {
          if (result.dryRun) {
            setReport(result);
            return;
          }
          const { counts } = result;
          notifications.show({
            color: 'green',
            message: result.alreadyApplied
              ? 'This file was already imported: nothing changed.'
              : `Catalogue imported: ${count(counts.create, 'new product')}, ${count(counts.update, 'change')}, ${counts.unchanged.toLocaleString()} unchanged.`,
          });
          onDone();
        },
        onError: (error) => {
          // Refused on apply (the catalogue changed since the dry run): the report says why.
          const refused = error instanceof ApiError && error.status === 422 ? catalogueImportRefusedSchema.safeParse(error.body) : null;
          if (refused?.success) {
            setReport(refused.data);
          }
        },
      },
    );
  }

  async function choose(chosen: File | null) {
    setFile(chosen);
    setText(null);
    setReport(null);
    setProblem(null);
    importing.reset();
    if (!chosen) {
      return;
    }
    if (chosen.size > IMPORT_BODY_LIMIT_BYTES) {
      setProblem(`${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MB: an import takes at most ${LIMIT_MB} MB. Split it into several files.`);
      return;
    }
    const csv = await chosen.text();
    const id = uuidv4();
    setImportId(id);
    setText(csv);
    send(csv, id, true);
  }

  const applying = importing.isPending && importing.variables.body.dryRun === false;
  const mayApply = report !== null && report.dryRun && report.errors.length === 0 && report.counts.create + report.counts.update > 0;
  const refusedHere = importing.error instanceof ApiError && importing.error.status === 422;

  return (
    <Stack gap="md">
      <Text size="sm">
        A CSV file with a header row: sku, name and price, and any of barcode, description, category, currency,
        tax_rate (a rate&apos;s name; blank for the category&apos;s), stock, suppliers (separated by ;) and archived; a
        column left out is left as it is. Products are matched by SKU:
        changed if the shop has it, added if not. Up to {MAX_IMPORT_ROWS.toLocaleString()} rows and {LIMIT_MB} MB.
        “Export CSV” writes the catalogue in this form, to edit and import back.
      </Text>
      <FileInput
        label="CSV file"
        placeholder="Choose a file"
        accept=".csv,text/csv"
        leftSection={<IconFileSpreadsheet aria-hidden size={18} />}
        clearable
        value={file}
        onChange={(chosen) => void choose(chosen)}
        disabled={importing.isPending}
        data-autofocus
      />
      {problem && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
          {problem}
        </Alert>
      )}
      {!refusedHere && <FormError error={importing.error} />}
      {importing.isPending && (
        <Stack gap={4}>
          <Progress value={sent * 100} animated={sent >= 1} aria-label="Upload" />
          <Text size="sm" c="dimmed" aria-live="polite">
            {sent < 1
              ? `Sending the file… ${Math.floor(sent * 100)} %`
              : applying
                ? 'Applying every row…'
                : 'Checking every row…'}
          </Text>
        </Stack>
      )}
      {report && !importing.isPending && <Report report={report} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button disabled={!mayApply || text === null} loading={applying} onClick={() => text !== null && send(text, importId, false)}>
          Apply import
        </Button>
      </Group>
    </Stack>
  );
}

/** The "Import CSV" dialog: a dry run of the chosen file, then Apply when no row has an error. */
export function CatalogueImportModal({ opened, onDone }: { opened: boolean; onDone: () => void }) {
  return (
    <Dialog opened={opened} onClose={onDone} title="Import the catalogue from CSV" size="xl">
      {opened && <ImportForm onDone={onDone} />}
    </Dialog>
  );
}
