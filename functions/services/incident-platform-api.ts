import { INCIDENT_PLATFORMS, type IncidentPlatform } from '../domain/incident-platforms';
import { ApiRefused, jsonApi } from './json-api';

/** Where each platform's API is, and the media type it answers in; each takes its key as a bearer token. */
const APIS: Record<IncidentPlatform, { url: string; accept: string }> = {
  'incident-io': { url: 'https://api.incident.io', accept: 'application/json' },
  rootly: { url: 'https://api.rootly.com', accept: 'application/vnd.api+json' },
  firehydrant: { url: 'https://api.firehydrant.io', accept: 'application/json' },
};

/** A platform's API refused or failed a call (after its retries). */
export { ApiRefused as PlatformRefused };

export interface PlatformApiSettings {
  key: string | (() => Promise<string>);
  /** Another address for the API (tests point it at a local server). */
  url?: string;
  /** Bound on one call, in milliseconds (10 s). */
  timeoutMs?: number;
  /** The longest wait a `Retry-After` (or a rate limit's reset) is obeyed for; longer, the call fails (60 s). */
  maxWaitMs?: number;
}

/** One platform's API (see `jsonApi`: bounded, retried on 429 and 5xx, answers checked against the documented shapes). */
export function platformApi(platform: IncidentPlatform, settings: PlatformApiSettings) {
  const { key } = settings;
  // A key read from SSM is read once.
  let read: Promise<string> | undefined;
  const api = jsonApi({
    name: INCIDENT_PLATFORMS[platform].name,
    url: settings.url ?? APIS[platform].url,
    headers: { accept: APIS[platform].accept },
    token: () => (read ??= typeof key === 'string' ? Promise.resolve(key) : key()),
    timeoutMs: settings.timeoutMs,
    maxWaitMs: settings.maxWaitMs,
  });
  return { platform, ...api };
}

export type PlatformApi = ReturnType<typeof platformApi>;
