import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-body';

/** The largest request body the API reads, but on a route that sets its own (`bodyLimit`: a catalogue import). */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** "The request body is larger than the 256 KB limit." */
export const bodyTooLargeMessage = (limit: number) =>
  `The request body is larger than the ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`} limit.`;
export const BODY_TOO_LARGE_MESSAGE = bodyTooLargeMessage(BODY_LIMIT_BYTES);

/**
 * How much of a too-large body is read and thrown away, and for how long, before the 413 goes out.
 * Many clients (Python's http.client and requests, Java's HttpURLConnection) send the whole body
 * before they read a byte of the answer: a server that answers and closes while they still send
 * resets the connection, and they report a broken pipe instead of the 413. Reading the rest first
 * lets them finish; the bounds keep a huge or trickling upload from holding the server.
 */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
const DISCARD_LIMIT_MS = 10_000;

/** Resolves once the request's body has been read to its end, or past the bounds. */
function discardRest(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.destroyed || Number(raw.headers['content-length']) > DISCARD_LIMIT_BYTES) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT_BYTES) {
        finish();
      }
    };
    const timer = setTimeout(finish, DISCARD_LIMIT_MS);
    raw.on('data', onData);
    raw.on('end', finish);
    raw.on('error', finish);
    raw.on('close', finish);
    raw.resume();
  });
}

/**
 * The 413 for a body over the limit, sent once the client has finished sending (within the bounds
 * above), on a connection that then closes: what is left unread is never taken for the next request.
 */
export async function answerBodyTooLarge(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  await discardRest(request.raw);
  const message = bodyTooLargeMessage(request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES);
  return reply.status(413).header('connection', 'close').send(errorBody(413, message));
}
