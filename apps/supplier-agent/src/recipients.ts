import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export type RecipientsOption =
  | { kind: 'list'; emails: string[] }
  /** One address per line; blank lines and `#` comments are ignored. */
  | { kind: 'file'; path: string }
  /** GET returning JSON `{"emails": [...]}`, with `Authorization: Bearer <token>` when a token is given. */
  | { kind: 'url'; url: string; token?: string }
  /** Asked for every message: a program that embeds the agent and holds the list itself (the server's demo agents read it from their database). */
  | { kind: 'read'; read: () => Promise<string[]> };

export interface RecipientList {
  emails: string[];
  /** Entries that are not e-mail addresses, reported rather than silently dropped. */
  invalid: string[];
}

const ADDRESS_PATTERN = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Trims, drops what is not an address, and keeps the first of addresses differing only in case. */
export function normalizeRecipients(entries: readonly string[]): RecipientList {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const address = entry.trim();
    if (address === '') {
      continue;
    }
    if (!ADDRESS_PATTERN.test(address)) {
      invalid.push(address);
      continue;
    }
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      emails.push(address);
    }
  }
  return { emails, invalid };
}

export function parseRecipientsFile(text: string): RecipientList {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/#.*$/, ''));
  return normalizeRecipients(lines);
}

const recipientsResponseSchema = z.object({ emails: z.array(z.string()) });

async function fetchRecipients(url: string, token: string | undefined): Promise<RecipientList> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) {
    headers.authorization = `Bearer ${token}`;
  }
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`recipients URL answered ${response.status} ${response.statusText}`);
  }
  const body = recipientsResponseSchema.safeParse(await response.json());
  if (!body.success) {
    throw new Error(`recipients URL did not answer {"emails": [...]}: ${body.error.message}`);
  }
  return normalizeRecipients(body.data.emails);
}

/**
 * Reads the list afresh for every message, so a supplier edits its file or its list on the server
 * without restarting the agent.
 */
export async function loadRecipients(option: RecipientsOption): Promise<RecipientList> {
  switch (option.kind) {
    case 'list':
      return normalizeRecipients(option.emails);
    case 'file':
      return parseRecipientsFile(await readFile(option.path, 'utf8'));
    case 'url':
      return fetchRecipients(option.url, option.token);
    case 'read':
      return normalizeRecipients(await option.read());
  }
}
