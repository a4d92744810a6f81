import type { Hono } from 'hono';
import { adminHeaders, BROWSER_UA, settled } from './deps';

let visitCounter = 0;
export const newVisitId = () => `visit-${process.pid}-${++visitCounter}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * How tests talk to an app their `beforeAll` makes: `api` with the admin's
 * token (a GET, or a POST of JSON when there is a body), and `form` posted as a
 * browser posts one, without a session, with `formHeaders` added.
 */
export function requestsTo(app: () => Hono, formHeaders: Record<string, string> = {}) {
  return {
    api: (path: string, body?: unknown) =>
      app().request(path, body === undefined ? { headers: adminHeaders } : { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) }),
    form: (path: string, fields: Record<string, string>) =>
      app().request(path, {
        method: 'POST',
        headers: { ...formHeaders, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA },
        body: new URLSearchParams(fields),
      }),
  };
}

export async function createWriteup(app: Hono, id: string, extra: Record<string, unknown> = {}) {
  const res = await app.request('/api/writeups', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ id, title: `Write-up ${id}`, url: `https://docs.example.com/pir/${id}`, ...extra }),
  });
  if (res.status !== 201) throw new Error(`create ${id}: ${res.status} ${await res.text()}`);
  return res.json();
}

export function sendBeacon(app: Hono, body: Record<string, unknown> | string, headers: Record<string, string> = {}) {
  return app.request('/e', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.10', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function report(app: Hono, id: string, query = '') {
  await settled();
  const res = await app.request(`/api/writeups/${id}/report${query}`, { headers: adminHeaders });
  if (res.status !== 200) throw new Error(`report ${id}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The organization's report, once everything stored is counted. */
export async function orgReport(app: Hono, query = '') {
  await settled();
  const res = await app.request(`/api/report${query}`, { headers: adminHeaders });
  if (res.status !== 200) throw new Error(`org report: ${res.status} ${await res.text()}`);
  return res.json();
}
