import type { Context } from 'hono';
import { isDirectMessageChannel, linkSharedOf, slackSignatureValid } from '../domain/slack';
import { giveBackSlackEvent, takeSlackEvent } from '../services/slack';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { logger } from '../shared/logger';
import { inProcess } from './hand-off';

/**
 * `POST /hooks/slack`: Slack's Events API. The raw body is checked against `X-Slack-Signature` with the
 * signing secret before anything is read; the URL check is answered; a `link_shared` event is taken once (by
 * its `event_id`, whatever Slack's retries) and its work (the permalink, the links, the unfurls) handed on to
 * run after the answer, so Slack has it within its 3 seconds whatever the Web API's speed.
 */
export const slackHook = (deps: AppDeps) => {
  const handOff = deps.handOff ?? inProcess(deps);
  return async (c: Context) => {
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
    const shared = linkSharedOf(payload);
    if (!shared || shared.composer || !shared.channel || !shared.messageTs) return c.json({ ok: true as const, ignored: true }, 200);
    if (isDirectMessageChannel(shared.channel)) return c.json({ ok: true as const, ignored: true }, 200);
    // A retry of an event taken before adds nothing; one whose first delivery failed is taken now.
    if (!(await takeSlackEvent(deps.store, shared, nowOf(deps)))) return c.json({ ok: true as const, retry: true }, 200);
    try {
      await handOff({ kind: 'slack-link-shared', shared, productUrl: publicUrlOf(deps, c.req.url) });
    } catch (error) {
      await giveBackSlackEvent(deps.store, shared);
      logger.warn('Slack event not handed on', { eventId: shared.eventId, error: error instanceof Error ? error.message : String(error) });
      throw new ApiError(503, 'unavailable', 'The work could not be handed on; Slack will retry.');
    }
    return c.json({ ok: true as const, accepted: true }, 200);
  };
};
