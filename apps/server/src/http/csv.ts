import { pipeline, Readable } from 'node:stream';
import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify';
import { format } from 'date-fns';
import type { FastifyReply } from 'fastify';

/** One column of an export: its heading and how a row gives its cell. */
export interface CsvColumn<Row> {
  header: string;
  cell: (row: Row) => string | number | null;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or return before one) as a formula,
 * so text a customer or a supplier typed ("=HYPERLINK(…)") could act on the merchant's machine when
 * the export is opened. Such text goes out behind an apostrophe, which spreadsheets show as text;
 * numbers are numbers and go out as they are.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** An instant as the shop's wall clock read it, with its offset: `2026-12-06T15:03:11+01:00`. */
export function shopTime(instant: Date | string, timeZone: string): string {
  return format(new TZDate(new Date(instant), timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/**
 * Sends rows as a CSV download, written while they are read: `batches` yields the rows a page at a
 * time, so an export of any size holds one page in memory. UTF-8 with a byte order mark, which is
 * how spreadsheet programs know to read it as UTF-8; a header row; RFC 4180 quoting.
 */
export function sendCsv<Row>(
  reply: FastifyReply,
  filename: string,
  columns: readonly CsvColumn<Row>[],
  batches: AsyncIterable<readonly Row[]>,
): void {
  async function* records() {
    for await (const batch of batches) {
      for (const row of batch) {
        yield columns.map((column) => {
          const value = column.cell(row);
          return typeof value === 'string' ? spreadsheetSafe(value) : value;
        });
      }
    }
  }
  const csv = stringify({ bom: true, header: true, columns: columns.map((column) => column.header), record_delimiter: 'windows' });
  // A failure while reading (the database gone) destroys `csv` with it: the download ends cut short
  // and the error is logged, rather than the reply waiting for rows that never come.
  pipeline(Readable.from(records()), csv, () => {});
  void reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}
