/**
 * Polls `probe` every 50 ms until it returns something other than undefined, and returns that; fails
 * after `timeoutMs` naming what it waited for. Tests wait on conditions, never on fixed sleeps.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
