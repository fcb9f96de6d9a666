import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/support';
import { loadRecipients, normalizeRecipients, parseRecipientsFile } from './recipients';

describe('parseRecipientsFile', () => {
  it('reads one address a line, ignoring blank lines and # comments', () => {
    const text =
      '# the warehouse\nann@bolt.example\n\n  bob@bolt.example   # night shift\r\n#carol@bolt.example\n';
    expect(parseRecipientsFile(text)).toEqual({
      emails: ['ann@bolt.example', 'bob@bolt.example'],
      invalid: [],
    });
  });

  it('reports lines that are not addresses and drops repeats differing only in case', () => {
    expect(
      parseRecipientsFile('ann@bolt.example\nAnn@Bolt.example\nnot an address\nbob@localhost\n'),
    ).toEqual({
      emails: ['ann@bolt.example'],
      invalid: ['not an address', 'bob@localhost'],
    });
  });
});

describe('loadRecipients', () => {
  it('takes a list as given, trimmed', async () => {
    expect(
      await loadRecipients({ kind: 'list', emails: [' ann@bolt.example', 'bob@bolt.example '] }),
    ).toEqual(normalizeRecipients(['ann@bolt.example', 'bob@bolt.example']));
  });

  it('reads a file afresh each time', async () => {
    const path = join(await tempDir('recipients'), 'recipients.txt');
    await writeFile(path, 'ann@bolt.example\n');
    expect((await loadRecipients({ kind: 'file', path })).emails).toEqual(['ann@bolt.example']);
    await writeFile(path, 'ann@bolt.example\nbob@bolt.example\n');
    expect((await loadRecipients({ kind: 'file', path })).emails).toEqual([
      'ann@bolt.example',
      'bob@bolt.example',
    ]);
  });

  it('GETs a URL with the bearer token and reads {"emails": [...]}', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ emails: ['ann@bolt.example'] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const list = await loadRecipients({ kind: 'url', url: `http://127.0.0.1:${port}/r`, token: 's3cret' });
      expect(list.emails).toEqual(['ann@bolt.example']);
      expect(seen).toEqual(['Bearer s3cret']);
    } finally {
      server.close();
    }
  });
});
