import { verify } from '@octokit/webhooks-methods';
import type { Context } from 'hono';
import { isGithubEvent } from '../domain/github';
import { linksFromGithub } from '../services/hooks';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';

/**
 * `POST /hooks/github`: a repository's or organization's webhook. The body is
 * checked against `X-Hub-Signature-256` with the shared secret (HMAC-SHA256,
 * compared in constant time) before anything is read from it; events this
 * product does not read are answered 200 and ignored.
 */
export const githubHook = (deps: AppDeps) => async (c: Context) => {
  const secret = await deps.githubWebhookSecret?.();
  if (!secret) throw new ApiError(404, 'not_found', 'The GitHub webhook is not set up here (GITHUB_WEBHOOK_SECRET).');
  const body = await c.req.text();
  const signature = c.req.header('x-hub-signature-256') ?? '';
  const valid = /^sha256=[0-9a-f]{64}$/.test(signature) && (await verify(secret, body, signature).catch(() => false));
  if (!valid) throw new ApiError(401, 'unauthorized', 'The X-Hub-Signature-256 header does not sign this body with the webhook secret.');
  const event = c.req.header('x-github-event') ?? '';
  if (event === 'ping') return c.json({ ok: true as const, event }, 200);
  if (!isGithubEvent(event)) return c.json({ ok: true as const, event, ignored: true }, 200);
  const payload = payloadOf(body, c.req.header('content-type') ?? '');
  const result = await linksFromGithub(deps.store, event, payload, { productUrl: publicUrlOf(deps, c.req.url) }, nowOf(deps));
  return c.json({ ok: true as const, event, delivery: c.req.header('x-github-delivery') ?? null, ...result }, 200);
};

/**
 * The event's payload: the body itself (`application/json`) or, in GitHub's
 * default content type (`application/x-www-form-urlencoded`), its `payload` field.
 */
function payloadOf(body: string, contentType: string): unknown {
  const form = /^application\/x-www-form-urlencoded\b/i.test(contentType);
  const text = form ? new URLSearchParams(body).get('payload') : body;
  try {
    if (text === null) throw new Error('no payload');
    return JSON.parse(text);
  } catch {
    throw new ApiError(
      400,
      'validation_failed',
      form ? 'The form has no `payload` field holding JSON.' : 'The body is not JSON: the webhook sends application/json, or a form with `payload`.',
    );
  }
}
