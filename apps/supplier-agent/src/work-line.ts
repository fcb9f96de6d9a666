/**
 * Runs tasks one at a time in arrival order. One at a time is what makes the idempotency record
 * sound: two copies of an event in flight at once could both find a recipient not yet e-mailed.
 */
export interface WorkLine {
  /** Runs `task` after those before it; once the line is stopping, resolves without running it. */
  run(task: () => Promise<void>): Promise<void>;
  /** Lets the task in hand finish, skips those still waiting, and resolves when the line is idle. */
  stop(): Promise<void>;
}

export function createWorkLine(onError: (error: unknown) => void): WorkLine {
  let tail: Promise<void> = Promise.resolve();
  let stopping = false;
  return {
    run(task) {
      const next = tail.then(async () => {
        if (!stopping) {
          await task();
        }
      });
      tail = next.catch(onError);
      return tail;
    },
    stop() {
      stopping = true;
      return tail;
    },
  };
}
