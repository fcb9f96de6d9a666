import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_TOO_LARGE_MESSAGE } from '../../src/http/body-limit';
import { buildTestApp, type TestApp } from '../helper';

/** A JSON body of about `bytes` bytes. */
const jsonOf = (bytes: number) => Buffer.from(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(bytes) }));

interface Answer {
  status: number;
  body: string;
}

function parse(raw: string): Answer {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') };
}

/**
 * Sends the whole request first and only then reads, as Python's http.client, requests and Java's
 * HttpURLConnection do: a server that closes while such a client still sends leaves it a reset
 * connection (a broken pipe) instead of the answer.
 */
function sendAllThenRead(port: number, head: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    socket.on('error', reject);
    socket.write(`${head}\r\n\r\n`);
    socket.write(body, () => {
      let raw = '';
      socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      socket.on('end', () => resolve(parse(raw)));
      socket.resume();
    });
  });
}

describe('a body over the 256 KB limit', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await buildTestApp('pglite');
    await testApp.app.listen({ host: '127.0.0.1', port: 0 });
    port = (testApp.app.server.address() as { port: number }).port;
  });
  afterAll(() => testApp.close());

  const url = () => `http://127.0.0.1:${port}/api/v1/auth/sign-in`;

  it('is answered 413 with the limit to a client that sends it all before reading (1 MB and 8 MB)', async () => {
    for (const size of [1024 * 1024, 8 * 1024 * 1024]) {
      const body = jsonOf(size);
      const answer = await sendAllThenRead(
        port,
        `POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`,
        body,
      );
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ statusCode: 413, error: 'Payload Too Large', message: BODY_TOO_LARGE_MESSAGE });
    }
    expect(BODY_TOO_LARGE_MESSAGE).toBe('The request body is larger than the 256 KB limit.');
  });

  it('is answered 413 when sent in chunks without a length', async () => {
    const body = jsonOf(1024 * 1024);
    const chunked = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    const answer = await sendAllThenRead(
      port,
      'POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked',
      chunked,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toBe(BODY_TOO_LARGE_MESSAGE);
  });

  it('is answered 413 to fetch and to node:http, and the connection is closed after it', async () => {
    const body = jsonOf(1024 * 1024);
    const fetched = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(fetched.status).toBe(413);
    expect(fetched.headers.get('connection')).toBe('close');
    expect(((await fetched.json()) as { message: string }).message).toBe(BODY_TOO_LARGE_MESSAGE);

    const viaNode = await new Promise<Answer>((resolve, reject) => {
      const outgoing = request(url(), { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    expect(viaNode.status).toBe(413);
    expect(JSON.parse(viaNode.body).message).toBe(BODY_TOO_LARGE_MESSAGE);
  });

  it('does not wait for a body declared far larger than it would ever read', async () => {
    const started = Date.now();
    const answer = await new Promise<Answer>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let raw = '';
      socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      socket.on('close', () => resolve(parse(raw)));
      socket.on('error', reject);
      // Says 1 GB is coming, sends a little of it, then nothing more.
      socket.write(
        'POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"email":"',
      );
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toBe(BODY_TOO_LARGE_MESSAGE);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
