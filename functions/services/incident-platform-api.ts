import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod';
import { INCIDENT_PLATFORMS, type IncidentPlatform } from '../domain/incident-platforms';

/** Where each platform's API is, and how a key is sent to it. */
const APIS: Record<IncidentPlatform, { url: string; headers: (key: string) => Record<string, string> }> = {
  'incident-io': { url: 'https://api.incident.io', headers: (key) => ({ authorization: `Bearer ${key}`, accept: 'application/json' }) },
  rootly: { url: 'https://api.rootly.com', headers: (key) => ({ authorization: `Bearer ${key}`, accept: 'application/vnd.api+json' }) },
  firehydrant: { url: 'https://api.firehydrant.io', headers: (key) => ({ authorization: `Bearer ${key}`, accept: 'application/json' }) },
};

/** A platform's API refused or failed a call (after its retries): `status` 0 when it did not answer. */
export class PlatformRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface PlatformApiSettings {
  key: string | (() => Promise<string>);
  /** Another address for the API (tests point it at a local server). */
  url?: string;
  /** Bound on one call, in milliseconds (10 s). */
  timeoutMs?: number;
  /** The longest wait a `Retry-After` (or a rate limit's reset) is obeyed for; longer, the call fails (60 s). */
  maxWaitMs?: number;
}

/** What a platform says when it refuses, in its own error shape (each has one), else its status. */
async function reasonOf(platform: IncidentPlatform, response: Response): Promise<string> {
  const name = INCIDENT_PLATFORMS[platform].name;
  let said = '';
  try {
    const body = (await response.json()) as Record<string, unknown>;
    const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown> | string | undefined) : undefined;
    const error = body.error as Record<string, unknown> | string | undefined;
    said = String(
      (typeof first === 'object' ? (first?.message ?? first?.detail ?? first?.title) : first) ??
        (typeof error === 'object' ? error?.message : error) ??
        body.detail ??
        '',
    );
  } catch {
    // Not JSON: its status says enough.
  }
  const what = response.status === 401 || response.status === 403 ? 'refused the API key' : `answered ${response.status}`;
  return `${name} ${what}${said ? `: ${said.slice(0, 200)}` : ''}`;
}

/**
 * One platform's API, through ky: GETs only, each bounded in time, tried again
 * on a 429 or a 5xx (after the `Retry-After`, `RateLimit-Reset` or
 * `X-RateLimit-Reset` the platform sends, up to `maxWaitMs`; else a growing,
 * jittered wait), at most four times. Answers are checked against the shape
 * the platform documents; what else it sends is ignored.
 */
export function platformApi(platform: IncidentPlatform, settings: PlatformApiSettings) {
  let calls = 0;
  let client: KyInstance | undefined;
  const name = INCIDENT_PLATFORMS[platform].name;
  async function clientOf(): Promise<KyInstance> {
    if (client) return client;
    const key = typeof settings.key === 'string' ? settings.key : await settings.key();
    client = ky.create({
      prefixUrl: (settings.url ?? APIS[platform].url).replace(/\/+$/, ''),
      headers: APIS[platform].headers(key),
      timeout: settings.timeoutMs ?? 10_000,
      retry: {
        limit: 3,
        methods: ['get'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: settings.maxWaitMs ?? 60_000,
        backoffLimit: 20_000,
        jitter: true,
        retryOnTimeout: true,
      },
      hooks: { beforeRequest: [() => void calls++] },
    });
    return client;
  }

  /** A GET of a path (no leading slash) and its query; the answer read by `schema`, or undefined for a 404. */
  async function get<T extends z.ZodType>(path: string, query: Record<string, string | number | undefined>, schema: T): Promise<z.output<T> | undefined> {
    const searchParams = Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
    let body: unknown;
    try {
      body = await (await clientOf()).get(path, { searchParams }).json();
    } catch (error) {
      if (error instanceof HTTPError) {
        if (error.response.status === 404) return undefined;
        throw new PlatformRefused(error.response.status, await reasonOf(platform, error.response));
      }
      if (error instanceof TimeoutError) throw new PlatformRefused(0, `${name} did not answer in time`);
      if (error instanceof SyntaxError) throw new PlatformRefused(200, `${name} answered something that is not JSON`);
      if (error instanceof TypeError)
        throw new PlatformRefused(0, `${name} could not be reached (${(error.cause as Error | undefined)?.message ?? error.message})`);
      throw error;
    }
    const read = schema.safeParse(body);
    if (!read.success)
      throw new PlatformRefused(200, `${name} answered in a shape this product does not know (${read.error.issues[0]?.path.join('.') || 'its body'})`);
    return read.data;
  }

  return {
    platform,
    get,
    /** Calls made so far, retries included. */
    calls: () => calls,
  };
}

export type PlatformApi = ReturnType<typeof platformApi>;
