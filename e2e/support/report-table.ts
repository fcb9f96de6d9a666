import type { Page } from 'playwright-core';

/** A report's table as shown: the header row's labels, then each row's cells, trimmed. */
export async function tableTexts(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  const texts: string[][] = [];
  for (const row of await table.getByRole('row').all()) {
    const cells = await row.getByRole(texts.length === 0 ? 'columnheader' : 'cell').allInnerTexts();
    texts.push(cells.map((text) => text.trim()));
  }
  return texts;
}

/**
 * What a shown cell writes in the CSV: a number without its currency sign, separators or " %";
 * nothing for "—"; words as they are shown.
 */
export const asCsv = (shown: string): string =>
  shown === '—' ? '' : /^[-+]?€?[\d,]+(\.\d+)?( %)?$/.test(shown) ? shown.replace(/[€,]|( %$)/g, '') : shown;
