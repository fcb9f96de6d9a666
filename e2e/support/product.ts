import { buildWebOnce, cleanUp, startServer, type RunningServer } from '@myb/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './browser';

export interface ProductInChromium {
  /** The running server (inside the block's tests only). */
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * For the describe block it is called in: the built web app served by a real server started as
 * `name` with `env`, and Chromium, both stopped after the block. When the setup or a test fails the
 * server's output is printed, since the browser shows only the symptoms.
 */
export function productInChromium(
  name: string,
  env: Record<string, string>,
  setupTimeoutMs = 240_000,
): ProductInChromium {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let failed = false;

  beforeAll(async () => {
    try {
      await buildWebOnce();
      server = await startServer(name, env);
      browser = await launchChromium();
    } catch (error) {
      failed = true;
      throw error;
    }
  }, setupTimeoutMs);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      failed = true;
    });
  });

  afterAll(async () => {
    if (failed && server !== undefined) {
      console.error(
        `\n----- server output (${name}) -----\n${server.output()}\n----- end of server output -----\n`,
      );
    }
    await cleanUp(
      async () => browser?.close(),
      async () => server?.stop(),
    );
  }, 60_000);

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error(`the ${name} server and browser are not started: use them inside the block's tests`);
    }
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}
