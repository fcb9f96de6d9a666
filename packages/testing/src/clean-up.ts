/** Runs every clean-up step in order, even after one fails, and reports the failures together. */
export async function cleanUp(...steps: (() => Promise<unknown>)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const run of steps) {
    await run().catch((error: unknown) => errors.push(error));
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, 'clean-up failed');
  }
}
