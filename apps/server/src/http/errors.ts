import type { ApiError } from '@myb/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** A refusal the caller can act on; services throw these, the error handler turns them into 4xx. */
export class DomainError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 422 | 429,
    message: string,
    readonly issues?: ApiError['issues'],
    /** More the caller needs to act, sent beside the message (a conflict's current record). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: ApiError['issues']) => new DomainError(400, message, issues);
export const unauthorized = (message = 'sign in first') => new DomainError(401, message);
export const forbidden = (message = 'you may not do this') => new DomainError(403, message);
export const notFound = (what: string) => new DomainError(404, `${what} not found`);
export const conflict = (message: string, issues?: ApiError['issues'], details?: Record<string, unknown>) =>
  new DomainError(409, message, issues, details);

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
};

export function errorBody(statusCode: number, message: string, issues?: ApiError['issues']): ApiError {
  return { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', message, ...(issues ? { issues } : {}) };
}

/** PostgreSQL's unique_violation: two requests raced for the same slug or SKU. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(error.statusCode).send({ ...errorBody(error.statusCode, error.message, error.issues), ...error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return reply.status(400).send(errorBody(400, summary, issues));
    }
    if (isUniqueViolation(error)) {
      return reply.status(409).send(errorBody(409, 'a record with the same identifier already exists'));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return reply.status(500).send(errorBody(500, 'internal error'));
    }
    // Fastify's own client errors (malformed JSON, body too large, wrong content type) carry a 4xx.
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      return reply.status(statusCode).send(errorBody(statusCode, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody(500, 'internal error'));
  });
}
