import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromiumPath } from '@myb/testing';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { REPOSITORY_ROOT } from '@myb/testing';

export const VIEWPORT = { width: 1280, height: 800 };
/** A phone's screen, as the back office must fit it. */
export const PHONE = { width: 390, height: 844 };
export const ARTIFACTS_DIR = join(REPOSITORY_ROOT, 'e2e', 'artifacts');
/** The README shows these; `UPDATE_SCREENSHOTS=1` refreshes them from a run. */
export const DOCS_SCREENSHOTS_DIR = join(REPOSITORY_ROOT, 'docs', 'screenshots');

/** Debian's Chromium (or CHROMIUM_PATH), headless: nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) {
    throw new Error('no Chromium: set CHROMIUM_PATH (the suite should have been skipped)');
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** One person at a desktop: a fresh context (own cookies and storage), the server as base URL. */
export async function openPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
  });
  context.setDefaultTimeout(20_000);
  return context.newPage();
}

/**
 * Run in the page: settles once its web fonts are loaded and every animation or transition that ends
 * (a toast sliding in) has ended; one that loops (a loader) never does, so it is not waited for.
 * Evaluated as a whole, not polled, which the app's Content-Security-Policy would refuse.
 */
const UNTIL_STILL = `(async () => {
  await document.fonts.ready;
  const ending = document
    .getAnimations()
    .filter((animation) => animation.playState === 'running' && animation.effect?.getComputedTiming().iterations !== Infinity);
  await Promise.all(ending.map((animation) => animation.finished.catch(() => undefined)));
})()`;

/** Screenshots of one scenario, in `e2e/artifacts/<scenario>/`. */
export class Screenshots {
  readonly dir: string;

  constructor(scenario: string) {
    this.dir = join(ARTIFACTS_DIR, scenario);
  }

  async take(page: Page, name: string): Promise<string> {
    const file = await this.fileOnceStill(page, name);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return file;
  }

  /** One part of a page (a section of settings), scrolled into view. */
  async takeOf(part: Locator, name: string): Promise<string> {
    const file = await this.fileOnceStill(part.page(), name);
    await part.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return file;
  }

  /** The screenshot's file, once toasts have finished sliding in and fonts settled, so the picture shows a still page. */
  private async fileOnceStill(page: Page, name: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    await page.evaluate(UNTIL_STILL);
    return join(this.dir, `${name}.png`);
  }

  /** With UPDATE_SCREENSHOTS=1, copies the named screenshots to docs/screenshots/. */
  async publish(...names: string[]): Promise<void> {
    if (process.env.UPDATE_SCREENSHOTS !== '1') {
      return;
    }
    await mkdir(DOCS_SCREENSHOTS_DIR, { recursive: true });
    for (const name of names) {
      await copyFile(join(this.dir, `${name}.png`), join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
    }
  }
}

/**
 * Runs one step of a story; if it fails, saves a screenshot of every page involved as
 * `failed-<step>-<n>.png` and says which step failed.
 */
export async function step<T>(
  screenshots: Screenshots,
  name: string,
  pages: Page[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const saved: string[] = [];
    for (const [index, page] of pages.entries()) {
      if (!page.isClosed()) {
        const file = await screenshots.take(page, `failed-${slug}-${index + 1}`).catch(() => undefined);
        if (file !== undefined) {
          saved.push(file);
        }
      }
    }
    const where = saved.length > 0 ? ` (screenshots: ${saved.join(', ')})` : '';
    throw new Error(
      `step "${name}" failed${where}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
