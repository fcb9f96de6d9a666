import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/support';
import { HANDLED_FILE, openHandledRecord } from './handled-record';

describe('handled record', () => {
  it('remembers (event, recipient) pairs across restarts, recipients compared without case', async () => {
    const dir = await tempDir('record');
    const first = await openHandledRecord(dir);
    await first.add('event-1', 'Ann@bolt.example');
    await first.close();

    const second = await openHandledRecord(dir);
    expect(second.has('event-1', 'ann@bolt.example')).toBe(true);
    expect(second.has('event-1', 'bob@bolt.example')).toBe(false);
    expect(second.has('event-2', 'ann@bolt.example')).toBe(false);
    await second.close();
  });

  it('survives a line torn by a crash, and keeps later entries apart from it', async () => {
    const dir = await tempDir('record');
    const first = await openHandledRecord(dir);
    await first.add('event-1', 'ann@bolt.example');
    await first.close();
    await appendFile(join(dir, HANDLED_FILE), '{"eventId":"event-2","recip');

    const second = await openHandledRecord(dir);
    await second.add('event-3', 'bob@bolt.example');
    await second.close();

    const third = await openHandledRecord(dir);
    expect(third.has('event-1', 'ann@bolt.example')).toBe(true);
    expect(third.has('event-3', 'bob@bolt.example')).toBe(true);
    await third.close();
    expect((await readFile(join(dir, HANDLED_FILE), 'utf8')).split('\n')).toHaveLength(4);
  });
});
