import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import type { Hono } from 'hono';

/** GitHub's own example payloads (@octokit/webhooks-examples), as its documentation shows them. */
const examples: Array<{ name: string; examples: Array<Record<string, any>> }> = createRequire(import.meta.url)('@octokit/webhooks-examples');

/** A fresh copy of GitHub's first example of an event (the first `pick` accepts). */
export const githubExample = (name: string, pick: (e: Record<string, any>) => boolean = () => true) =>
  structuredClone(examples.find((e) => e.name === name)!.examples.find(pick)!);

/**
 * GitHub's push example with `count` commits (GitHub sends at most 2,048 in
 * one push), each a copy of the example's first commit with its own id and
 * page under `repo`, and the message `message(i)`.
 */
export function githubPush(count: number, message: (i: number) => string, repo = 'https://github.com/acme/ledger') {
  const payload = githubExample('push', (e) => Array.isArray(e.commits) && e.commits.length > 0);
  const template = payload.commits[0];
  payload.repository.html_url = repo;
  payload.commits = Array.from({ length: count }, (_, i) => {
    const id = `${String(i).padStart(8, '0')}${'b'.repeat(32)}`;
    return { ...template, id, url: `${repo}/commit/${id}`, message: message(i) };
  });
  return payload;
}

/**
 * One delivery to `/hooks/github` as GitHub makes it: the event's name, a
 * delivery id (a redelivery repeats it) and the body signed with `secret`
 * (or the `signature` given, to test a wrong one). `form` sends it in
 * GitHub's default content type, `payload=` and the JSON, form-encoded.
 */
export async function githubDelivery(
  app: Hono,
  secret: string,
  event: string,
  payload: unknown,
  options: { delivery?: string; signature?: string; form?: boolean } = {},
) {
  const body = options.form ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString() : JSON.stringify(payload);
  return app.request('/hooks/github', {
    method: 'POST',
    headers: {
      'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.delivery ?? crypto.randomUUID(),
      'x-hub-signature-256': options.signature ?? (await sign(secret, body)),
    },
    body,
  });
}
