import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue } from '../domain/validation';
import { logger } from './logger';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

/** An error the caller can act on; rendered as the contract's JSON error. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

export const RETRY_AFTER_SECONDS = 5;

export function errorBody(code: ErrorCode, message: string, issues?: Issue[]) {
  return { error: { code, message, ...(issues?.length ? { issues } : {}) } };
}

export function validationFailed(issues: Issue[], message = 'The request is not valid.'): ApiError {
  return new ApiError(400, 'validation_failed', message, issues);
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} was not found.`);
}

/**
 * True when DynamoDB could not be reached or could not serve the request
 * (network failure, time-out, throttling, a 5xx): the caller should retry later.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const transientNames = new Set([
    'TimeoutError',
    'RequestTimeout',
    'AbortError',
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'InternalServerError',
    'ServiceUnavailable',
    'ResourceNotFoundException',
  ]);
  if (transientNames.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  const code = (error as { code?: string }).code;
  return typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|ECONNRESET)/.test(code);
}

export function unavailableResponse(c: Context) {
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return c.json(errorBody('unavailable', 'The store is not answering right now. Try again in a few seconds.'), 503);
}

/** The apps' error handler: contract errors as they are, the store's outages as 503. */
export function handleError(error: Error, c: Context) {
  if (error instanceof ApiError) return c.json(errorBody(error.code, error.message, error.issues), error.status);
  if (isStoreUnavailable(error)) {
    logger.warn('store unavailable', { error: error.name, path: c.req.path });
    return unavailableResponse(c);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'validation_failed';
    return c.json(errorBody(code, error.message || 'The request is not valid.'), status);
  }
  logger.error('unhandled error', { error, path: c.req.path });
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

/** Unknown routes: JSON for API callers, a short page for people. */
export function handleNotFound(c: Context) {
  if (c.req.path.startsWith('/api/') || c.req.header('accept')?.includes('application/json')) {
    return c.json(errorBody('not_found', 'There is nothing at this address.'), 404);
  }
  return c.html(
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · Learning Signals</title><main><h1>Not found</h1><p>There is nothing at this address.</p></main></html>',
    404,
  );
}

export const payloadTooLarge = (maxBytes: number) => (c: Context) =>
  c.json(errorBody('payload_too_large', `The body may be at most ${maxBytes} bytes.`), 413);
