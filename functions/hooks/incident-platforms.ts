import type { Context } from 'hono';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { readIncidentIoEvent, readRootlyEvent, rootlySignatureValid, type IncidentPlatform } from '../domain/incident-platforms';
import { PlatformRefused, platformApi } from '../services/incident-platform-api';
import { giveBackDelivery, incidentIoDelivery, rootlyDelivery, takeDelivery, type HookResult } from '../services/incident-platforms';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';

const NAMES: Record<'incident-io' | 'rootly', { name: string; secret: string }> = {
  'incident-io': { name: 'incident.io', secret: 'INCIDENT_IO_WEBHOOK_SECRET' },
  rootly: { name: 'Rootly', secret: 'ROOTLY_WEBHOOK_SECRET' },
};

async function secretOf(deps: AppDeps, platform: 'incident-io' | 'rootly'): Promise<string> {
  const secret = await deps.incidentPlatforms?.[platform]?.webhookSecret?.();
  if (!secret) throw new ApiError(404, 'not_found', `The ${NAMES[platform].name} webhook is not set up here (${NAMES[platform].secret}).`);
  return secret;
}

/** The platform's API, when a key is set: a post-mortem's incident, a private incident's post-mortem. */
const apiOf = (deps: AppDeps, platform: IncidentPlatform) => {
  const settings = deps.incidentPlatforms?.[platform]?.api;
  // Bounded well within the platforms' patience: the hook answers within seconds.
  return settings ? platformApi(platform, { timeoutMs: 5_000, maxWaitMs: 5_000, ...settings }) : undefined;
};

/**
 * A delivery's work, once: a redelivery of one taken before does nothing again;
 * one whose work failed is given back (503), so the platform's retry does it.
 */
async function once(deps: AppDeps, platform: IncidentPlatform, deliveryId: string, work: () => Promise<HookResult>) {
  const now = nowOf(deps);
  if (!(await takeDelivery(deps.store, platform, deliveryId, now))) return { duplicate: true };
  try {
    return await work();
  } catch (error) {
    await giveBackDelivery(deps.store, platform, deliveryId);
    if (error instanceof PlatformRefused)
      throw new ApiError(503, 'unavailable', `${error.message}; nothing was registered, and the platform's retry will try again.`);
    throw error;
  }
}

/**
 * `POST /hooks/incident-io`: verified by `standardwebhooks` (the Standard
 * Webhooks scheme incident.io's sender, Svix, signs with) before anything is
 * read; then a post-mortem's status change registers its write-up.
 */
export const incidentIoHook = (deps: AppDeps) => async (c: Context) => {
  const secret = await secretOf(deps, 'incident-io');
  const body = await c.req.text();
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, {
      'webhook-id': c.req.header('webhook-id') ?? '',
      'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
      'webhook-signature': c.req.header('webhook-signature') ?? '',
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError)
      throw new ApiError(
        401,
        'unauthorized',
        /too (old|new)/.test(error.message)
          ? 'The delivery is more than five minutes old or new (webhook-timestamp): refused as a replay.'
          : 'The webhook-signature header does not sign this delivery with the signing secret.',
      );
    throw new ApiError(400, 'validation_failed', 'The body is not JSON.');
  }
  const event = readIncidentIoEvent(payload);
  if (event.kind === 'malformed') throw new ApiError(400, 'validation_failed', `Not an incident.io event this product can read: ${event.message}.`);
  if (event.kind === 'other') return c.json({ ok: true as const, event: event.eventType, outcome: 'ignored' as const, reason: 'not about a post-mortem' }, 200);
  const result = await once(deps, 'incident-io', c.req.header('webhook-id')!, () =>
    incidentIoDelivery(deps.store, apiOf(deps, 'incident-io'), event, nowOf(deps)),
  );
  return c.json({ ok: true as const, event: event.eventType, ...result }, 200);
};

/** `POST /hooks/rootly`: `X-Rootly-Signature` checked before anything is read; then a post-mortem's event registers or archives its write-up. */
export const rootlyHook = (deps: AppDeps) => async (c: Context) => {
  const secret = await secretOf(deps, 'rootly');
  const body = await c.req.text();
  const check = rootlySignatureValid(secret, c.req.header('x-rootly-signature'), body, Math.floor(nowOf(deps).getTime() / 1000));
  if (check !== 'ok')
    throw new ApiError(
      401,
      'unauthorized',
      check === 'stale'
        ? 'The delivery is more than five minutes old or new (X-Rootly-Signature t=): refused as a replay.'
        : 'The X-Rootly-Signature header does not sign this body with the webhook secret.',
    );
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new ApiError(400, 'validation_failed', 'The body is not JSON.');
  }
  const event = readRootlyEvent(payload);
  if (event.kind === 'malformed') throw new ApiError(400, 'validation_failed', `Not a Rootly event this product can read: ${event.message}.`);
  if (event.kind === 'other') return c.json({ ok: true as const, event: event.eventType, outcome: 'ignored' as const, reason: 'not about a post-mortem' }, 200);
  const result = await once(deps, 'rootly', event.eventId, () => rootlyDelivery(deps.store, apiOf(deps, 'rootly'), event, nowOf(deps)));
  return c.json({ ok: true as const, event: event.eventType, ...result }, 200);
};
