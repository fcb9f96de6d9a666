const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/** Keeps a connection of the caller's open: opens it, and opens it again with backoff after a failure or a loss. */
export interface Reconnecting {
  /** Resolves once the first open succeeded. */
  ready: Promise<void>;
  /** The connection was lost: open it again now (an attempt already waiting is kept). */
  reopen(): void;
  /** True once `stop` was called; an open that completes after it should close what it opened. */
  readonly stopped: boolean;
  /** No more attempts. */
  stop(): void;
}

/**
 * Calls `open` at once, and after each failure again after 0.5 s, 1 s, 2 s … capped at 30 s, until it
 * succeeds or `stop` is called; `onOpen` follows each success, `onError` each failure.
 */
export function reconnecting(
  open: () => Promise<void>,
  hooks: { onOpen: () => void; onError: (error: unknown) => void },
): Reconnecting {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  function attempt(failures: number): void {
    if (stopped || timer !== undefined) {
      return;
    }
    timer = setTimeout(
      () => {
        timer = undefined;
        open().then(
          () => {
            if (!stopped) {
              markReady();
              hooks.onOpen();
            }
          },
          (error: unknown) => {
            if (!stopped) {
              hooks.onError(error);
              attempt(failures + 1);
            }
          },
        );
      },
      failures === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1)),
    );
  }
  attempt(0);

  return {
    ready,
    reopen: () => attempt(0),
    get stopped() {
      return stopped;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
