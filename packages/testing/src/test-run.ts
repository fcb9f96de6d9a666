import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

/**
 * A folder of the test run's own, made by the run's global setup (this file's default export, named
 * in vitest.config.ts) and handed to every test file through the environment their workers start
 * with. Test files running side by side agree there on who does the work done once per run.
 */
const TEST_RUN_DIR_VARIABLE = 'MYB_TEST_RUN_DIR';
const WAIT_MS = 240_000;

export default async function setup(): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'myb-test-run-'));
  process.env[TEST_RUN_DIR_VARIABLE] = runDir;
  return async () => {
    delete process.env[TEST_RUN_DIR_VARIABLE];
    await rm(runDir, { recursive: true, force: true });
  };
}

/** The run's folder, or undefined outside a test run (the benchmark). */
export function testRunDir(): string | undefined {
  return process.env[TEST_RUN_DIR_VARIABLE] || undefined;
}

/**
 * Runs `work` once per test run (the web app's build, the server's, a migrated database): the first
 * test file to need it takes its lock and does it; the others wait for its result, and fail with its
 * message if it failed. Outside a test run, it runs `work`.
 */
export async function oncePerTestRun(name: string, work: () => Promise<void>): Promise<void> {
  const runDir = testRunDir();
  if (runDir === undefined) {
    return work();
  }
  const [done, failed] = [join(runDir, `${name}.done`), join(runDir, `${name}.failed`)];
  const locked = await mkdir(join(runDir, `${name}.lock`)).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') {
        return false;
      }
      throw error;
    },
  );
  if (locked) {
    try {
      await work();
    } catch (error) {
      await writeFile(failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await writeFile(done, '');
    return;
  }
  const outcome = await waitFor(
    () =>
      readFile(failed, 'utf8').then(
        (message) => ({ message }),
        () =>
          readFile(done).then(
            () => ({ message: undefined }),
            () => undefined,
          ),
      ),
    `${name}, done by another test file of this run`,
    WAIT_MS,
  );
  if (outcome.message !== undefined) {
    throw new Error(`${name} failed in another test file of this run: ${outcome.message}`);
  }
}
