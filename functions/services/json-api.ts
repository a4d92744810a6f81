import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod';

/** A service's API refused or failed a call (after its retries): `status` 0 when it did not answer. */
export class ApiRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The service's own word for it, where it gives one (`accessDenied`, `authError`, `invalid_client`…). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export interface JsonApiOptions {
  /** The service's name, as people know it: in every message. */
  name: string;
  /** Where its API is; paths are asked below it. */
  url: string;
  /** Headers every call carries (`accept`, a static key). */
  headers?: Record<string, string>;
  /** A bearer token, asked before each call (a cached one, renewed when it runs out). */
  token?: () => Promise<string>;
  /** What a 401 or 403 means, in words ("refused the API key"). */
  refused?: string;
  /** Bound on one call, in milliseconds (10 s). */
  timeoutMs?: number;
  /** The longest wait a `Retry-After` (or a rate limit's reset) is obeyed for; longer, the call fails (60 s). */
  maxWaitMs?: number;
  /** A 403 the service sends for its rate limits (Google's older quota errors), to be retried like a 429. */
  retryable403?: (body: string) => boolean;
}

/** What a service says when it refuses, in the shapes APIs use (`{error: {message}}`, `{errors: [{message}]}`, `{detail}`), and its own code. */
function said(text: string): { message: string; reason?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown> | string | undefined) : undefined;
    const error = body.error as Record<string, unknown> | string | undefined;
    const inner = typeof error === 'object' && Array.isArray(error?.errors) ? (error.errors[0] as Record<string, unknown> | undefined) : undefined;
    const message = String(
      (typeof first === 'object' ? (first?.message ?? first?.detail ?? first?.title) : first) ??
        (typeof error === 'object' ? error?.message : (body.error_description ?? error)) ??
        body.detail ??
        '',
    );
    const reason = inner?.reason ?? (typeof error === 'object' ? error?.code : error);
    return { message, reason: typeof reason === 'string' ? reason : undefined };
  } catch {
    // Not JSON: its status says enough.
    return { message: '' };
  }
}

/**
 * One service's JSON API through ky: GETs, each bounded in time, tried again
 * on a 429 or a 5xx (after the `Retry-After`, `RateLimit-Reset` or
 * `X-RateLimit-Reset` the service sends, up to `maxWaitMs`; else a growing,
 * jittered wait), at most four times. Answers are checked against the shape
 * the service documents; what else it sends is ignored. A 404 is undefined.
 */
export function jsonApi(options: JsonApiOptions) {
  let calls = 0;
  const { name } = options;
  const client: KyInstance = ky.create({
    headers: { accept: 'application/json', ...options.headers },
    timeout: options.timeoutMs ?? 10_000,
    retry: {
      limit: 3,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: options.maxWaitMs ?? 60_000,
      backoffLimit: 20_000,
      jitter: true,
      retryOnTimeout: true,
      shouldRetry: options.retryable403
        ? async ({ error }) =>
            error instanceof HTTPError && error.response.status === 403 && options.retryable403!(await error.response.clone().text()) ? true : undefined
        : undefined,
    },
    hooks: {
      beforeRequest: [
        async (request) => {
          calls++;
          if (options.token) request.headers.set('authorization', `Bearer ${await options.token()}`);
        },
      ],
    },
  });
  const base = options.url.replace(/\/+$/, '');

  /** A GET of a path below the API (or a whole URL the service gave, such as a next page's) and its query, read by `schema`. */
  async function get<T extends z.ZodType>(path: string, query: Record<string, string | number | undefined>, schema: T): Promise<z.output<T> | undefined> {
    const searchParams = Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
    const url = /^https?:\/\//.test(path) ? path : `${base}/${path.replace(/^\/+/, '')}`;
    let body: unknown;
    try {
      body = await client.get(url, { searchParams }).json();
    } catch (error) {
      if (error instanceof HTTPError) {
        const { status } = error.response;
        if (status === 404) return undefined;
        const { message, reason } = said(await error.response.text());
        const what = status === 401 || status === 403 ? (options.refused ?? 'refused the API key') : `answered ${status}`;
        throw new ApiRefused(status, `${name} ${what}${message ? `: ${message.slice(0, 200)}` : ''}`, reason);
      }
      if (error instanceof ApiRefused) throw error;
      if (error instanceof TimeoutError) throw new ApiRefused(0, `${name} did not answer in time`);
      if (error instanceof SyntaxError) throw new ApiRefused(200, `${name} answered something that is not JSON`);
      if (error instanceof TypeError) throw new ApiRefused(0, `${name} could not be reached (${(error.cause as Error | undefined)?.message ?? error.message})`);
      throw error;
    }
    const read = schema.safeParse(body);
    if (!read.success)
      throw new ApiRefused(200, `${name} answered in a shape this product does not know (${read.error.issues[0]?.path.join('.') || 'its body'})`);
    return read.data;
  }

  return {
    get,
    /** Calls made so far, retries included. */
    calls: () => calls,
  };
}

export type JsonApi = ReturnType<typeof jsonApi>;
