import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { allItems } from '../helpers/table';

// Slack's Events API in, Slack's Web API out: a local server answers the Web API's documented shapes
// (chat.getPermalink, chat.unfurl, conversations.info), as slowly as a test asks.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const WRITEUP = 'https://wiki.example.com/pir/cache-stampede';
const NOW = new Date();
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let slackApi: Server;
let webApiDelayMs = 0;
const calls: Array<{ method: string; body: Record<string, unknown>; answeredAt?: number }> = [];
/** conversations.info's answer for a channel: a group DM, or a private channel. */
const CONVERSATIONS: Record<string, Record<string, unknown>> = {
  G0GROUPDM1: { id: 'G0GROUPDM1', is_mpim: true, is_im: false, is_private: true },
  G0PRIVATE1: { id: 'G0PRIVATE1', is_mpim: false, is_im: false, is_private: true, is_group: true },
};

beforeAll(async () => {
  slackApi = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const method = req.url!.replace(/^\/api\//, '');
      const body = Object.fromEntries(new URLSearchParams(raw));
      const call: (typeof calls)[number] = { method, body };
      calls.push(call);
      const answer = (json: unknown) =>
        setTimeout(() => {
          call.answeredAt = Date.now();
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(json));
        }, webApiDelayMs);
      if (req.headers.authorization !== 'Bearer xoxb-test-token') return answer({ ok: false, error: 'invalid_auth' });
      if (method === 'chat.getPermalink')
        return answer({
          ok: true,
          channel: body.channel,
          permalink: `https://acme.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}`,
        });
      if (method === 'chat.unfurl') return answer({ ok: true });
      if (method === 'conversations.info') {
        const channel = CONVERSATIONS[String(body.channel)];
        return answer(channel ? { ok: true, channel } : { ok: false, error: 'channel_not_found' });
      }
      answer({ ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => slackApi.listen(0, '127.0.0.1', resolve));
  deps = await testDeps({
    now: () => NOW,
    slack: {
      signingSecret: async () => SECRET,
      botToken: async () => 'xoxb-test-token',
      apiUrl: `http://127.0.0.1:${(slackApi.address() as AddressInfo).port}/api/`,
    },
  });
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'cache-stampede', { title: '<!channel> Cache stampede & <https://evil.example|retries>', url: WRITEUP });
});
afterAll(() => slackApi?.close());

let eventCounter = 0;
const newEventId = () => `Ev0${process.pid}X${++eventCounter}`;

function signed(payload: unknown, options: { timestamp?: number; secret?: string; retry?: string; reason?: string } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(NOW.getTime() / 1000));
  const signature = `v0=${createHmac('sha256', options.secret ?? SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
      ...(options.retry ? { 'x-slack-retry-num': options.retry, 'x-slack-retry-reason': options.reason ?? 'http_timeout' } : {}),
    },
    body,
  };
}

const send = (payload: unknown, options: Parameters<typeof signed>[1] = {}, target = app) => target.request('/hooks/slack', signed(payload, options));

/** Slack's documented `link_shared` event_callback. */
const linkShared = (urls: string[], extra: Record<string, unknown> = {}, eventId = newEventId()) => ({
  token: 'XXYYZZ',
  team_id: 'T123ABC456',
  api_app_id: 'A123ABC456',
  type: 'event_callback',
  event_id: eventId,
  event_time: 123456789,
  event: {
    type: 'link_shared',
    channel: 'C123ABC456',
    is_bot_user_member: true,
    user: 'U123ABC456',
    message_ts: `17212${String(eventCounter).padStart(5, '0')}.000100`,
    unfurl_id: `C123ABC456.17212${String(eventCounter).padStart(5, '0')}.000100`,
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
    ...extra,
  },
});

const linksOf = async (id: string) =>
  (await (await app.request(`/api/writeups/${id}/links`, { headers: adminHeaders })).json()).links as Array<Record<string, unknown>>;
const callsOf = (method: string, since = 0) => calls.slice(since).filter((call) => call.method === method);

describe('POST /hooks/slack', () => {
  it("answers Slack's URL check", async () => {
    const res = await send({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('records the message as a chat link and unfurls every URL naming a write-up, its title escaped for Slack', async () => {
    const since = calls.length;
    const goLink = `https://signals.example.com/go/cache-stampede?from=chat`;
    const res = await send(linkShared([WRITEUP, 'https://example.org/unrelated', goLink]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, accepted: true });
    await settled();
    expect(await linksOf('cache-stampede')).toContainEqual(
      expect.objectContaining({ url: expect.stringMatching(/^https:\/\/acme\.slack\.com\/archives\/C123ABC456\/p/), kind: 'chat', via: 'slack' }),
    );
    const [unfurl] = callsOf('chat.unfurl', since);
    const unfurls = JSON.parse(String(unfurl!.body.unfurls));
    expect(Object.keys(unfurls).sort()).toEqual([WRITEUP, goLink].sort());
    expect(unfurls[WRITEUP].title).toBe('&lt;!channel&gt; Cache stampede &amp; &lt;https://evil.example|retries&gt;');
    expect(unfurls[goLink].title).toBe(unfurls[WRITEUP].title);
    expect(unfurls[WRITEUP].text).toMatch(/^Last 90 days: \d+ reads? · \d+ places? links? here · \d+ reviews? · \d+ survey answers?$/);
    expect(unfurls[WRITEUP].text).not.toMatch(/score/i);
  });

  it('answers before the Web API is asked anything, however slow it is: the permalink and unfurl follow the answer', async () => {
    await createWriteup(app, 'slow-api', { url: 'https://wiki.example.com/pir/slow-api' });
    const since = calls.length;
    webApiDelayMs = 2_000;
    try {
      const res = await send(linkShared(['https://wiki.example.com/pir/slow-api']));
      const answeredAt = Date.now();
      expect(await res.json()).toEqual({ ok: true, accepted: true });
      await settled();
      const made = calls.slice(since);
      expect(made.map((call) => call.method)).toEqual(['chat.getPermalink', 'chat.unfurl']);
      // No Web API call had its answer when Slack had the hook's.
      expect(made.every((call) => call.answeredAt! > answeredAt)).toBe(true);
    } finally {
      webApiDelayMs = 0;
    }
    // The permalink Slack gave, not a guess of its shape: every call had its time.
    expect((await linksOf('slow-api'))[0]!.url).toMatch(/^https:\/\/acme\.slack\.com\/archives\//);
  });

  it('adds nothing for a retry or a redelivery of an event taken, nor for a draft in the composer', async () => {
    await createWriteup(app, 'retried', { url: 'https://wiki.example.com/pir/retried' });
    const event = linkShared(['https://wiki.example.com/pir/retried']);
    expect(await (await send(event)).json()).toEqual({ ok: true, accepted: true });
    await settled();
    const since = calls.length;
    expect(await (await send(event, { retry: '1', reason: 'http_timeout' })).json()).toEqual({ ok: true, retry: true });
    expect(await (await send(event)).json()).toEqual({ ok: true, retry: true });
    expect(await (await send(linkShared(['https://wiki.example.com/pir/retried'], { source: 'composer', channel: 'COMPOSER' }))).json()).toEqual({
      ok: true,
      ignored: true,
    });
    await settled();
    expect(calls.length).toBe(since);
    expect(await linksOf('retried')).toHaveLength(1);
  });

  it('takes an event whose first delivery failed from its retry (http_error)', async () => {
    await createWriteup(app, 'second-try', { url: 'https://wiki.example.com/pir/second-try' });
    const event = linkShared(['https://wiki.example.com/pir/second-try']);
    const failing = localApp(
      {
        ...deps,
        handOff: async () => {
          throw new Error('Lambda refused the invocation');
        },
      },
      NO_LIMITS,
    );
    const first = await send(event, {}, failing);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBeTruthy();
    await settled();
    expect(await linksOf('second-try')).toHaveLength(0);
    expect(await (await send(event, { retry: '1', reason: 'http_error' })).json()).toEqual({ ok: true, accepted: true });
    await settled();
    expect(await linksOf('second-try')).toEqual([expect.objectContaining({ kind: 'chat', via: 'slack' })]);
  });

  it('leaves direct messages and group DMs alone, and records a private channel', async () => {
    await createWriteup(app, 'private-talk', { url: 'https://wiki.example.com/pir/private-talk' });
    const url = 'https://wiki.example.com/pir/private-talk';
    const since = calls.length;
    expect(await (await send(linkShared([url], { channel: 'D0DIRECT1', is_bot_user_member: false }))).json()).toEqual({ ok: true, ignored: true });
    expect(await (await send(linkShared([url], { channel: 'G0GROUPDM1', is_bot_user_member: false }))).json()).toEqual({ ok: true, accepted: true });
    await settled();
    expect(await linksOf('private-talk')).toHaveLength(0);
    expect(calls.slice(since).map((call) => call.method)).toEqual(['conversations.info']);
    expect(await (await send(linkShared([url], { channel: 'G0PRIVATE1' }))).json()).toEqual({ ok: true, accepted: true });
    await settled();
    expect(await linksOf('private-talk')).toEqual([expect.objectContaining({ url: expect.stringContaining('/archives/G0PRIVATE1/'), kind: 'chat' })]);
  });

  it('refuses an unsigned, mis-signed or replayed request with 401, storing nothing', async () => {
    await settled();
    const stored = (await allItems(deps.store)).length;
    expect((await send(linkShared([WRITEUP]), { secret: 'not-the-secret' })).status).toBe(401);
    const stale = await send(linkShared([WRITEUP]), { timestamp: Math.floor(NOW.getTime() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect((await stale.json()).error.message).toContain('five minutes');
    expect((await app.request('/hooks/slack', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    await settled();
    expect((await allItems(deps.store)).length).toBe(stored);
  });

  it('still records the link when the Web API fails, from the permalink shape', async () => {
    const broken = localApp({ ...deps, slack: { ...deps.slack!, botToken: async () => 'xoxb-revoked' } }, NO_LIMITS);
    await createWriteup(app, 'dns-blip', { url: 'https://wiki.example.com/pir/dns-blip' });
    const event = linkShared(['https://wiki.example.com/pir/dns-blip']);
    expect(await (await send(event, {}, broken)).json()).toEqual({ ok: true, accepted: true });
    await settled();
    const links = await linksOf('dns-blip');
    expect(links[0]!.url).toBe(`https://slack.com/archives/C123ABC456/p${event.event.message_ts.replace('.', '')}`);
  });
});
