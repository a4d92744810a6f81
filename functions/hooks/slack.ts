import type { Context } from 'hono';
import { linkSharedOf, slackSignatureValid } from '../domain/slack';
import { linksFromSlack } from '../services/hooks';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';

/**
 * `POST /hooks/slack`: Slack's Events API. The raw body is checked against
 * `X-Slack-Signature` with the signing secret before anything is read; the
 * URL check is answered; `link_shared` turns a message that names a write-up
 * into a `chat` link, and, with a bot token, unfurls it. A retry adds nothing.
 */
export const slackHook = (deps: AppDeps) => async (c: Context) => {
  const secret = await deps.slack?.signingSecret();
  if (!secret) throw new ApiError(404, 'not_found', 'The Slack app is not set up here (SLACK_SIGNING_SECRET).');
  const body = await c.req.text();
  const check = slackSignatureValid(
    secret,
    c.req.header('x-slack-request-timestamp'),
    body,
    c.req.header('x-slack-signature'),
    Math.floor(nowOf(deps).getTime() / 1000),
  );
  if (check !== 'ok')
    throw new ApiError(
      401,
      'unauthorized',
      check === 'stale' ? 'The request is more than five minutes old or new: refused as a replay.' : 'The X-Slack-Signature header does not sign this body.',
    );
  let payload: { type?: string; challenge?: string };
  try {
    payload = JSON.parse(body);
  } catch {
    throw new ApiError(400, 'validation_failed', 'The body is not JSON.');
  }
  if (payload.type === 'url_verification') return c.json({ challenge: String(payload.challenge ?? '') }, 200);
  // Slack retries what it thinks went unanswered: the first delivery did the work.
  if (c.req.header('x-slack-retry-num')) return c.json({ ok: true as const, retry: true }, 200);
  const shared = linkSharedOf(payload);
  if (!shared || shared.composer || !shared.channel || !shared.messageTs) return c.json({ ok: true as const, ignored: true }, 200);
  const result = await linksFromSlack(deps.store, shared, { productUrl: publicUrlOf(deps, c.req.url), slack: deps.slack! }, nowOf(deps));
  return c.json({ ok: true as const, ...result }, 200);
};
