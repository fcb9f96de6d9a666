import type { ApiError } from '@myb/contracts';

export const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The body of every refusal the API sends, in one shape. */
export function errorBody(statusCode: number, message: string, issues?: ApiError['issues']): ApiError {
  return { statusCode, error: STATUS_NAMES[statusCode] ?? 'Error', message, ...(issues ? { issues } : {}) };
}
