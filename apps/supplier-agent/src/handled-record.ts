import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The durable memory of which (event id, recipient) pairs were e-mailed, so a redelivered message
 * sends no second e-mail. Append-only JSON lines, fsync'd after every entry: a crash loses at most
 * the entry being written, and then the worst case is one repeated e-mail, never a missing one.
 */
export interface HandledRecord {
  has(eventId: string, recipient: string): boolean;
  add(eventId: string, recipient: string): Promise<void>;
  close(): Promise<void>;
}

export const HANDLED_FILE = 'handled.jsonl';

function key(eventId: string, recipient: string): string {
  // Addresses are compared case-insensitively so a list edited from `Ann@x.io` to `ann@x.io` does not resend.
  return `${eventId} ${recipient.toLowerCase()}`;
}

async function readExisting(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return '';
    }
    throw error;
  }
}

function parseLine(line: string): { eventId: string; recipient: string } | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry === 'object' && entry !== null && 'eventId' in entry && 'recipient' in entry) {
      const { eventId, recipient } = entry;
      if (typeof eventId === 'string' && typeof recipient === 'string') {
        return { eventId, recipient };
      }
    }
  } catch {
    // A line torn by a crash mid-write; the pair it held will simply be e-mailed again.
  }
  return undefined;
}

export async function openHandledRecord(stateDir: string): Promise<HandledRecord> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, HANDLED_FILE);
  const existing = await readExisting(path);
  const handled = new Set<string>();
  for (const line of existing.split('\n')) {
    const entry = line === '' ? undefined : parseLine(line);
    if (entry !== undefined) {
      handled.add(key(entry.eventId, entry.recipient));
    }
  }
  const file: FileHandle = await open(path, 'a');
  if (existing !== '' && !existing.endsWith('\n')) {
    // A line torn by a crash must not swallow the next entry: start entries on a fresh line.
    await file.appendFile('\n');
  }
  return {
    has: (eventId, recipient) => handled.has(key(eventId, recipient)),
    async add(eventId, recipient) {
      const line = `${JSON.stringify({ eventId, recipient, at: new Date().toISOString() })}\n`;
      await file.appendFile(line);
      await file.sync();
      handled.add(key(eventId, recipient));
    },
    close: () => file.close(),
  };
}
