import type { ApiError } from '@myb/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isUniqueViolation } from '../db/errors';
import { answerBodyTooLarge } from './body-limit';
import { errorBody, STATUS_NAMES } from './error-body';

/**
 * A refusal the caller can act on; services throw these, the error handler turns them into 4xx (or
 * 503 when a service we depend on, such as the mail transport, failed and trying again may work).
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429 | 503,
    message: string,
    readonly issues?: ApiError['issues'],
    /** More the caller needs to act, sent beside the message (a conflict's current record). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A sentence as given; a bare phrase ("product") with its first letter raised and a full stop. */
function asSentence(text: string): string {
  const raised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(raised) ? raised : `${raised}.`;
}

export const badRequest = (message: string, issues?: ApiError['issues']) => new DomainError(400, message, issues);
export const unauthorized = (message = 'Sign in first.') => new DomainError(401, message);
export const forbidden = (message = 'You may not do this.') => new DomainError(403, message);
/**
 * 404 for `what` ("product", or `shop "acme"`): "Product not found." Never name it by what the
 * caller sent unchecked (an e-mail address, free text): that echoes input back, and for accounts
 * tells who has one. A full sentence is used as it is.
 */
export const notFound = (what: string) =>
  new DomainError(404, /[.!?]$/.test(what) ? what : asSentence(`${what} not found`));
/** Was there, and is no more (a used or expired link): a sentence saying what to do instead. */
export const gone = (message: string) => new DomainError(410, message);
export const conflict = (message: string, issues?: ApiError['issues'], details?: Record<string, unknown>) =>
  new DomainError(409, message, issues, details);

/** For an address no route answers; the path is not echoed back. */
export const NO_ROUTE_MESSAGE = 'Nothing here answers this method and address: check both against the API documentation at /docs.';

/** Fastify's own refusals, which come before any route's code, in the words of the rest of the API. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This API reads JSON only: send the body with Content-Type: application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty: send a JSON object, or leave out the Content-Type header.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: check its syntax.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The body is not as long as its Content-Length header says: send it again whole.',
  FST_ERR_BAD_URL: 'The address is not correctly encoded: check its percent-escapes.',
};

/** The message of a 4xx Fastify raised itself (or a parser under it): never the parser's own words. */
export function clientErrorMessage(error: FastifyError, statusCode: number): string {
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) {
    return known;
  }
  if (error instanceof SyntaxError) {
    return 'The body is not valid JSON: check its syntax.';
  }
  if (statusCode === 400 && /prototype|constructor/i.test(error.message)) {
    return 'The body holds a "__proto__" or "constructor" key, which this API refuses: leave it out.';
  }
  return `This request cannot be handled (${STATUS_NAMES[statusCode] ?? `HTTP ${statusCode}`}): check it against the API documentation at /docs.`;
}

const INTERNAL_ERROR_MESSAGE = 'Something went wrong on the server: try again in a moment.';

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      // A refusal for too many tries says when to try again, in the header clients and proxies read too.
      if (error.statusCode === 429 && typeof error.details?.retryAfterSeconds === 'number') {
        void reply.header('retry-after', error.details.retryAfterSeconds);
      }
      return reply.status(error.statusCode).send({ ...errorBody(error.statusCode, error.message, error.issues), ...error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Each issue is a sentence naming its field (packages/contracts/src/messages.ts); the message is them all.
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'This value is not valid.',
      }));
      const summary = [...new Set(issues.map((issue) => issue.message))].join(' ');
      return reply.status(400).send(errorBody(400, summary, issues));
    }
    if (isUniqueViolation(error)) {
      return reply
        .status(409)
        .send(errorBody(409, 'Something with the same name or code was saved at the same moment: reload and try again.'));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return reply.status(500).send(errorBody(500, INTERNAL_ERROR_MESSAGE));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return answerBodyTooLarge(request, reply);
    }
    // Fastify's own client errors (malformed JSON, wrong content type) carry a 4xx.
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      return reply.status(statusCode).send(errorBody(statusCode, clientErrorMessage(error, statusCode)));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody(500, INTERNAL_ERROR_MESSAGE));
  });
}
