import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { allItems } from '../helpers/table';

// Slack's Events API in, Slack's Web API out: a local server answers Slack's documented shapes.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const WRITEUP = 'https://wiki.example.com/pir/cache-stampede';
const NOW = new Date();
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let slackApi: Server;
const calls: Array<{ method: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  slackApi = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const method = req.url!.replace(/^\/api\//, '');
      const body = Object.fromEntries(new URLSearchParams(raw));
      calls.push({ method, body });
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Bearer xoxb-test-token') return res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
      if (method === 'chat.getPermalink')
        return res.end(
          JSON.stringify({
            ok: true,
            channel: body.channel,
            permalink: `https://acme.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}`,
          }),
        );
      if (method === 'chat.unfurl') return res.end(JSON.stringify({ ok: true }));
      res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
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
  await createWriteup(app, 'cache-stampede', { title: 'Cache stampede after deploy', url: WRITEUP });
});
afterAll(() => slackApi?.close());

async function send(payload: unknown, options: { timestamp?: number; secret?: string; retry?: string } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(NOW.getTime() / 1000));
  const signature = `v0=${createHmac('sha256', options.secret ?? SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return app.request('/hooks/slack', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
      ...(options.retry ? { 'x-slack-retry-num': options.retry } : {}),
    },
    body,
  });
}

const linkShared = (urls: string[], extra: Record<string, unknown> = {}) => ({
  token: 'XXYYZZ',
  team_id: 'T123ABC456',
  api_app_id: 'A123ABC456',
  type: 'event_callback',
  event_id: 'Ev123ABC456',
  event_time: 123456789,
  event: {
    type: 'link_shared',
    channel: 'C123ABC456',
    is_bot_user_member: true,
    user: 'U123ABC456',
    message_ts: '1721234567.000100',
    unfurl_id: 'C123ABC456.1721234567.000100',
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
    ...extra,
  },
});

describe('POST /hooks/slack', () => {
  it("answers Slack's URL check", async () => {
    const res = await send({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it("turns a message that names a write-up into a chat link to the message, and unfurls it with the write-up's signals", async () => {
    const res = await send(linkShared([WRITEUP, 'https://example.org/unrelated']));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, created: 1, unfurled: 1 });
    await settled();
    const { links } = await (await app.request('/api/writeups/cache-stampede/links', { headers: adminHeaders })).json();
    expect(links).toEqual([expect.objectContaining({ url: 'https://acme.slack.com/archives/C123ABC456/p1721234567000100', kind: 'chat', via: 'slack' })]);
    const unfurl = calls.find((call) => call.method === 'chat.unfurl')!;
    const unfurls = JSON.parse(String(unfurl.body.unfurls));
    expect(unfurls[WRITEUP].title).toBe('Cache stampede after deploy');
    expect(unfurls[WRITEUP].text).toMatch(/^Last 90 days: \d+ reads? · \d+ places? links? here · \d+ reviews? · \d+ survey answers?$/);
    expect(unfurls[WRITEUP].text).not.toMatch(/score/i);
  });

  it('adds nothing for a retry or a draft in the composer', async () => {
    const before = calls.length;
    expect(await (await send(linkShared([WRITEUP]), { retry: '1' })).json()).toMatchObject({ retry: true });
    expect(await (await send(linkShared([WRITEUP], { source: 'composer', channel: 'COMPOSER' }))).json()).toMatchObject({ ignored: true });
    expect(calls.length).toBe(before);
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
    const body = JSON.stringify(linkShared(['https://wiki.example.com/pir/dns-blip']));
    const ts = String(Math.floor(NOW.getTime() / 1000));
    const res = await broken.request('/hooks/slack', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
      },
      body,
    });
    expect(await res.json()).toMatchObject({ created: 1, unfurled: 0 });
    await settled();
    const { links } = await (await app.request('/api/writeups/dns-blip/links', { headers: adminHeaders })).json();
    expect(links[0].url).toBe('https://slack.com/archives/C123ABC456/p1721234567000100');
  });
});
