import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';

/** Mail written in a burst (a dispatch to several people) is told once. */
const SETTLE_MS = 100;

/** Watches the mail folder while the app runs. */
export interface MailFolderWatch {
  start(): Promise<void>;
  stop(): void;
}

/**
 * Calls `onMail` when a message lands in the mail folder, so the mail view is pushed like every other
 * screen. The mailer writes each message under a hidden temporary name and renames it to its `.eml`
 * name when complete: only that rename counts. The folder is made if it is missing, as the mailer
 * would on its first message.
 */
export function createMailFolderWatch(
  dir: string,
  onMail: () => Promise<void>,
  logger: FastifyBaseLogger,
): MailFolderWatch {
  let watcher: FSWatcher | undefined;
  let settling: NodeJS.Timeout | undefined;

  function landed(): void {
    settling ??= setTimeout(() => {
      settling = undefined;
      onMail().catch((error: unknown) =>
        logger.warn({ err: error }, 'mail folder: could not tell the live screens of new mail'),
      );
    }, SETTLE_MS);
  }

  return {
    async start() {
      await mkdir(dir, { recursive: true });
      watcher = watch(dir, { persistent: false }, (_event, file) => {
        // Some platforms do not name the file: then any change may be new mail.
        if (file === null || file.endsWith('.eml')) {
          landed();
        }
      });
      watcher.on('error', (error) =>
        logger.warn(
          { err: error },
          'mail folder: cannot watch it; the mail view shows new mail when read again',
        ),
      );
    },
    stop() {
      clearTimeout(settling);
      watcher?.close();
    },
  };
}
