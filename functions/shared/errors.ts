import type { Context } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StoreUnavailable } from '../domain/errors';
import type { Issue } from '../domain/validation';
import { logger } from './logger';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

/** An error the caller can act on; rendered as the contract's error (JSON, or a page for people). */
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

/** People's browsers get pages; the API, beacons and scripts get JSON. */
function wantsPage(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path === '/e') return false;
  if ((c.req.header('content-type') ?? '').includes('application/json')) return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Something in the request is not right',
  unauthorized: 'Please log in',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Already done',
  gone: 'No longer here',
  payload_too_large: 'Too long to send',
  rate_limited: 'Too many requests',
  unavailable: 'Please try again in a minute',
};

/** Where a person can go on from an error page. */
export interface BackLink {
  href: string;
  label: string;
}

function errorPage(title: string, message: string, back?: BackLink) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${title} · Learning Signals</title></head>
<body style="font:1.0625rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><main><h1>${title}</h1><p>${message}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}</main></body></html>`;
}

/** The contract's error, as JSON or as a page, whichever the caller reads. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string, issues?: Issue[], back?: BackLink) {
  if (code === 'unavailable') c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  if (wantsPage(c)) return c.html(errorPage(TITLES[code], message, back), status);
  return c.json(errorBody(code, message, issues), status);
}

export const STORE_DOWN_MESSAGE = 'The store is not answering right now. Try again in a few seconds.';

export function unavailableResponse(c: Context) {
  return errorResponse(c, 503, 'unavailable', STORE_DOWN_MESSAGE);
}

/** The apps' error handler: contract errors as they are, the store's outages as 503. */
export function handleError(error: Error, c: Context) {
  if (error instanceof ApiError) return errorResponse(c, error.status, error.code, error.message, error.issues);
  if (error instanceof StoreUnavailable) {
    logger.warn('store unavailable', { error: error.message, path: c.req.path });
    return unavailableResponse(c);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'validation_failed';
    return errorResponse(c, status, code, error.message || 'The request is not valid.');
  }
  logger.error('unhandled error', { error, path: c.req.path });
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

/** Unknown routes: JSON for API callers, a short page for people. */
export function handleNotFound(c: Context) {
  const message = 'There is nothing at this address.';
  if (c.req.path.startsWith('/api/') || c.req.header('accept')?.includes('application/json')) {
    return c.json(errorBody('not_found', message), 404);
  }
  return c.html(errorPage('Not found', message), 404);
}

export const payloadTooLarge = (maxBytes: number) => (c: Context) =>
  errorResponse(c, 413, 'payload_too_large', `The body may be at most ${maxBytes.toLocaleString('en-US')} bytes.`);
