import type { Socket } from 'node:net';
import { fieldLabel } from '@myb/contracts';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-body';
import { badRequest } from './errors';

/**
 * Control characters in what people send. PostgreSQL cannot store NUL in text at all (it answered
 * 500), and the others have no business in a name, an e-mail address or a search. The rule, one
 * place for every route, before any schema or service sees the request:
 * - body values: every C0 control character and DEL is refused, except tab, line feed and carriage
 *   return, which multi-line text (a description) may hold; one-line fields (names) refuse those
 *   in their schema;
 * - query and path parameters, and every key of a JSON body: all C0 control characters and DEL;
 * - headers never get here with one: Node's parser refuses them (answered by `clientErrorHandler`).
 * Text that comes from elsewhere and is kept (a browser's User-Agent, the name an identity provider
 * gives) is cleaned with `withoutControlCharacters` instead.
 */
/* eslint-disable no-control-regex -- these patterns are there to find control characters */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;
/** C0, DEL and C1: what `withoutControlCharacters` takes out. */
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
/* eslint-enable no-control-regex */

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's service finds control characters in its body's text itself, to say where they
     * are (a CSV file's line and column) rather than refuse the whole body here.
     */
    bodyTextCheckedByRoute?: boolean;
  }
}

export const CONTROL_CHARACTERS_MESSAGE = 'text may not contain control characters.';

/** Whether `text` holds any control character (C0, DEL or C1). */
export function hasControlCharacters(text: string): boolean {
  return new RegExp(ANY_CONTROL.source).test(text);
}

/** `text` with every control character removed, for header-derived and third-party text that is stored. */
export function withoutControlCharacters(text: string): string {
  return text.replace(ANY_CONTROL, '');
}

type Path = (string | number)[];

/** The path of the first string (or key) in `value` that holds a character `pattern` refuses, or null. */
function findControl(value: unknown, pattern: RegExp, path: Path): { path: Path; inKey: boolean } | null {
  if (typeof value === 'string') {
    return pattern.test(value) ? { path, inKey: false } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findControl(item, pattern, [...path, index]);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL_IN_LINE.test(key)) {
        return { path, inKey: true };
      }
      const found = findControl(item, pattern, [...path, key]);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

const PARTS = [
  { context: 'params', pattern: CONTROL_IN_LINE },
  { context: 'querystring', pattern: CONTROL_IN_LINE },
  { context: 'body', pattern: CONTROL_IN_TEXT },
] as const;

export function registerControlCharacterCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const values = { params: request.params, querystring: request.query, body: request.body };
    for (const { context, pattern } of PARTS) {
      if (context === 'body' && request.routeOptions.config.bodyTextCheckedByRoute) {
        continue;
      }
      const found = findControl(values[context], pattern, []);
      if (found) {
        const message = found.inKey
          ? `A field name ${found.path.length > 0 ? `in ${fieldLabel(found.path)} ` : ''}may not contain control characters.`
          : `${fieldLabel(found.path)}: ${CONTROL_CHARACTERS_MESSAGE}`;
        throw badRequest(message, [{ path: [context, ...found.path].join('.'), message }]);
      }
    }
  });
}

/** Node's parser errors, by code: the status, its reason phrase and what to tell the client. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_INVALID_HEADER_TOKEN: [400, 'Bad Request', 'A request header holds a character HTTP does not allow (a control character): remove it.'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large: send fewer or shorter headers.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive: send it again.'],
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a header holding a control
 * character, headers too large, a request too slow): answered with a sentence like every other
 * refusal, then closed, as Fastify's own handler does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'The request is not valid HTTP: check how it is written.',
  ];
  if (socket.writable) {
    const body = JSON.stringify({ ...errorBody(status, message), error: reason });
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
