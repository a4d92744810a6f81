import { waitAfter } from '../domain/confluence';
import type { ConfluenceSettings } from '../shared/deps';
import { ApiRefused } from './json-api';
import { OutOfTime } from './place-imports';

/** Confluence refused or failed a call: `status` 0 when it did not answer. */
export { ApiRefused as Refused };

/** Tries of one call that Confluence rate-limits or fails with a 5xx; a call it does not answer is tried three times. */
const MAX_TRIES = 5;
const MAX_UNANSWERED = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One import's calls to a Confluence site, one at a time, basic auth with the
 * API token. A 429 (or a 5xx) pauses every call after it, not only its own,
 * for as long as Confluence asks (`waitAfter`); a wait or a call that would end
 * past `deadline` (epoch ms) stops the import instead (`OutOfTime`).
 */
export function confluenceApi(settings: ConfluenceSettings & { apiToken: string }, deadline = Number.POSITIVE_INFINITY) {
  const site = settings.url.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${settings.email}:${settings.apiToken}`).toString('base64')}`;
  const timeoutMs = settings.timeoutMs ?? 5_000;
  let pausedUntil = 0;
  let calls = 0;

  async function waitUntil(at: number) {
    if (at + timeoutMs > deadline) throw new OutOfTime();
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /** A GET of a path on the site; its answer once it is neither rate-limited nor a 5xx (redirects are answered, not followed). */
  async function get(path: string): Promise<Response> {
    let unanswered = 0;
    for (let attempt = 1; ; attempt++) {
      await waitUntil(Math.max(pausedUntil, Date.now()));
      calls++;
      let res: Response;
      try {
        res = await fetch(`${site}${path}`, {
          headers: { authorization: auth, accept: 'application/json' },
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (++unanswered < MAX_UNANSWERED) continue;
        throw new ApiRefused(0, `Confluence did not answer (${(error as Error).name === 'TimeoutError' ? 'time-out' : (error as Error).message})`);
      }
      const wait = waitAfter(res.status, (name) => res.headers.get(name), attempt, Date.now(), Math.random());
      if (wait === undefined) return res;
      await res.arrayBuffer();
      pausedUntil = Math.max(pausedUntil, Date.now() + wait);
      if (attempt >= MAX_TRIES)
        throw new ApiRefused(res.status, `Confluence answered ${res.status}${res.status === 429 ? ' (rate limited)' : ''} ${MAX_TRIES} times`);
    }
  }

  return {
    get,
    site,
    /** Calls made so far, retries included. */
    calls: () => calls,
  };
}

export type ConfluenceApi = ReturnType<typeof confluenceApi>;
