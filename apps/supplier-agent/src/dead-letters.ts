import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

export const DEAD_LETTERS_FILE = 'dead-letters.jsonl';

export interface DeadLetter {
  topic: string;
  reason: string;
  payload: Uint8Array;
}

/**
 * MQTT has no dead-letter queue, and an unusable message must still be acknowledged or it would
 * block the session forever: it is kept here, fsync'd, before the acknowledgement.
 */
export async function appendDeadLetter(stateDir: string, letter: DeadLetter): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const payload = Buffer.from(letter.payload);
  const line = JSON.stringify({
    at: new Date().toISOString(),
    topic: letter.topic,
    reason: letter.reason,
    payloadBase64: payload.toString('base64'),
  });
  const file = await open(join(stateDir, DEAD_LETTERS_FILE), 'a');
  try {
    await file.appendFile(`${line}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
}
