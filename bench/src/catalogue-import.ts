import { randomUUID } from 'node:crypto';
import { CATALOGUE_CSV_COLUMNS, type CatalogueImportResult } from '@myb/contracts';
import { createScratchDatabase } from '@myb/testing';
import pg from 'pg';
import { memorySampler, residentMb, signUp, startProductServer } from './product';
import type { Settings } from './settings';
import { wallClockMs } from './stats';

/** One request of the scenario: how long it took and the server's peak resident memory meanwhile. */
export interface TimedStep {
  ms: number;
  peakMb: number;
}

export interface ImportBenchResult {
  rows: number;
  fileMb: number;
  restMb: number;
  /** A file of new products: dry run, then apply. */
  create: { dryRun: TimedStep; apply: TimedStep };
  /** The export of the products just created. */
  export: TimedStep;
  /** The export with every price and stock changed, read back: dry run, then apply. */
  update: { dryRun: TimedStep; apply: TimedStep };
  /** Products whose stock is not the sum of their movements afterwards (0 when the ledger holds). */
  unbalanced: number;
  movements: number;
}

const log = (message: string) => process.stdout.write(`  · ${message}\n`);

/** The CSV of `rows` new products, each with a description, a category, two suppliers and stock. */
function catalogueFile(rows: number): string {
  const lines = [CATALOGUE_CSV_COLUMNS.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const sku = `IMP-${String(i).padStart(6, '0')}`;
    lines.push(
      `${sku},,Imported product ${i},"A product of the benchmark, number ${i}",category-${i % 10},${(100 + (i % 900)) / 100},EUR,,${i % 250},supplier-${i % 4};supplier-${(i + 1) % 4},no`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Every price up by 1.00 and every stock up by 3, as a merchant's edit of the exported file would. */
function edited(exported: string): string {
  return exported
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .map((line, index) => {
      if (index === 0 || line === '') {
        return line;
      }
      const match = /^(.*),(\d+)\.(\d{2}),EUR,([^,]*),(\d+),([^,]*),(yes|no)$/.exec(line);
      if (!match) {
        throw new Error(`an exported line the benchmark cannot edit: ${line}`);
      }
      const [, head, units, cents, taxRate, stock, suppliers, archived] = match;
      return `${head},${Number(units) + 1}.${cents},EUR,${taxRate},${Number(stock) + 3},${suppliers},${archived}`;
    })
    .join('\r\n');
}

/**
 * A catalogue of `settings.importRows` products imported on PostgreSQL through the real server:
 * created (dry run, apply), exported, every price and stock changed and imported again (dry run,
 * apply), with the time of each request and the server's peak resident memory while it ran.
 */
export async function catalogueImport(settings: Settings, postgresUrl: string): Promise<ImportBenchResult> {
  const database = await createScratchDatabase(postgresUrl);
  const server = await startProductServer('catalogue-import', { env: { DATABASE_URL: database.url }, logLevel: settings.logLevel });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const owner = await signUp(server.url, 'importer');
    await client.query('UPDATE users SET is_merchant = true WHERE id = $1', [owner.id]);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { cookie: owner.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 400)}`);
      }
      return response;
    };
    const slug = `import-${randomUUID().slice(0, 6)}`;
    await api('POST', '/merchants', { name: 'Import bench', slug });
    for (let i = 0; i < 10; i += 1) {
      await api('POST', `/merchants/${slug}/categories`, { name: `Category ${i}`, slug: `category-${i}` });
    }
    for (let i = 0; i < 4; i += 1) {
      await api('POST', `/merchants/${slug}/suppliers`, { name: `Supplier ${i}`, slug: `supplier-${i}`, emails: [`orders@supplier-${i}.example`] });
    }

    const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; step: TimedStep }> => {
      const memory = memorySampler(server.pid);
      const began = wallClockMs();
      const value = await work();
      const ms = wallClockMs() - began;
      return { value, step: { ms, peakMb: await memory.stop() } };
    };
    const importing = (csv: string, importId: string, dryRun: boolean) =>
      timed(async () => {
        const result = (await (await api('POST', `/merchants/${slug}/catalogue/imports`, { importId, dryRun, csv })).json()) as CatalogueImportResult;
        if (result.errors.length > 0) {
          throw new Error(`the benchmark's file has errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
        }
        return result;
      });

    const file = catalogueFile(settings.importRows);
    const restMb = residentMb(server.pid);
    log(`catalogue import: ${settings.importRows.toLocaleString('en')} new products (${(file.length / 1024 / 1024).toFixed(1)} MB), dry run then apply`);
    const createId = randomUUID();
    const createDry = await importing(file, createId, true);
    const createApply = await importing(file, createId, false);
    if (createApply.value.counts.create !== settings.importRows) {
      throw new Error(`created ${createApply.value.counts.create} of ${settings.importRows}`);
    }
    log('catalogue export, then every price and stock changed and imported again');
    const exported = await timed(async () => (await api('GET', `/merchants/${slug}/catalogue/export`)).text());
    const changed = edited(exported.value);
    const updateId = randomUUID();
    const updateDry = await importing(changed, updateId, true);
    const updateApply = await importing(changed, updateId, false);
    if (updateApply.value.counts.update !== settings.importRows) {
      throw new Error(`updated ${updateApply.value.counts.update} of ${settings.importRows}`);
    }
    const { rows: checks } = await client.query<{ unbalanced: string; movements: string }>(
      `SELECT (SELECT count(*) FROM products p WHERE p.stock <> coalesce((SELECT sum(quantity) FROM stock_movements m WHERE m.product_id = p.id), 0)) AS unbalanced,
        (SELECT count(*) FROM stock_movements) AS movements`,
    );
    return {
      rows: settings.importRows,
      fileMb: file.length / 1024 / 1024,
      restMb,
      create: { dryRun: createDry.step, apply: createApply.step },
      export: exported.step,
      update: { dryRun: updateDry.step, apply: updateApply.step },
      unbalanced: Number(checks[0]!.unbalanced),
      movements: Number(checks[0]!.movements),
    };
  } finally {
    await client.end();
    await server.stop();
    await database.drop();
  }
}
