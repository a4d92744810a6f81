import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { githubDelivery, githubExample as example, githubPush as push } from '../helpers/github';
import { recordFigure } from '../helpers/figures';

/**
 * Webhooks are signed, but what they carry is whatever people (or a script
 * with push rights) wrote: one delivery adds at most 50 links, answers within
 * the sender's limit, and new places from webhooks share a write-up's daily
 * limit of new places with the public routes.
 */
const GITHUB_SECRET = 'a-webhook-secret-for-tests-0123456789';
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date();
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  deps = await testDeps({
    now: () => NOW,
    githubWebhookSecret: async () => GITHUB_SECRET,
    // No bot token: the links are recorded from the permalink's shape, nothing is unfurled.
    slack: { signingSecret: async () => SLACK_SECRET },
  });
  app = localApp(deps, NO_LIMITS);
});

const deliver = (event: string, payload: unknown, delivery?: string) => githubDelivery(app, GITHUB_SECRET, event, payload, { delivery });

const linksOf = async (id: string) => {
  await settled();
  return (await (await app.request(`/api/writeups/${id}/links`, { headers: adminHeaders })).json()).links as Array<{
    url: string | null;
    via: string;
    overflow?: boolean;
  }>;
};

describe('GitHub deliveries', () => {
  it('a push of 2,048 commits naming 3 write-ups each is answered within 10 s, adds at most 50 links and says how many it left out', async () => {
    for (const id of ['push-a', 'push-b', 'push-c']) await createWriteup(app, id);
    const payload = push(
      2_048,
      (i) => `Commit ${i}: see https://docs.example.com/pir/push-a, https://docs.example.com/pir/push-b and ${deps.publicUrl}/go/push-c`,
    );
    const delivery = crypto.randomUUID();
    const started = performance.now();
    const res = await deliver('push', payload, delivery);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const answer = await res.json();
    recordFigure(`GitHub push of 2,048 commits naming 3 write-ups each: answered in ${Math.round(ms)} ms, ${JSON.stringify(answer)}`);
    expect(ms).toBeLessThan(10_000);
    expect(answer).toMatchObject({ ok: true, mentions: 2_048, created: 50, existing: 0, skipped: 2_048 * 3 - 50 });
    const counts = await Promise.all(['push-a', 'push-b', 'push-c'].map(async (id) => (await linksOf(id)).length));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    // The first links the push names are the ones taken, so a redelivery finds them and adds nothing.
    const again = await (await deliver('push', payload, delivery)).json();
    expect(again).toMatchObject({ created: 0, existing: 50, skipped: 2_048 * 3 - 50 });
    expect((await Promise.all(['push-a', 'push-b', 'push-c'].map(linksOf))).flat()).toHaveLength(50);
  }, 60_000);

  it('a comment naming 60 write-ups links at most 50 of them, and says 10 were left out', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `named-${i}`);
    for (const id of ids) await createWriteup(app, id);
    const comment = example('issue_comment');
    comment.comment.html_url = 'https://github.com/acme/ledger/issues/7#issuecomment-1';
    comment.comment.body = `Every write-up we have:\n${ids.map((id) => `- https://docs.example.com/pir/${id}`).join('\n')}`;
    const res = await deliver('issue_comment', comment);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mentions: 1, created: 50, existing: 0, skipped: 10 });
    const linked = await Promise.all(ids.map(async (id) => (await linksOf(id)).length));
    expect(linked.filter((n) => n === 1)).toHaveLength(50);
    expect(linked.slice(50)).toEqual(Array(10).fill(0));
  });

  it("share a write-up's 50 new places a day with the public routes: past them, mentions are left out and said", async () => {
    await createWriteup(app, 'popular');
    // 45 places from go-link Referers first: 5 new places remain for the day.
    for (let i = 0; i < 45; i++) {
      const res = await app.request('/go/popular', { headers: { 'user-agent': BROWSER_UA, referer: `https://intranet-${i}.example.net/page` } });
      expect(res.status).toBe(302);
    }
    const payload = push(12, (i) => `Step ${i} of the follow-ups from https://docs.example.com/pir/popular`);
    const delivery = crypto.randomUUID();
    const answer = await (await deliver('push', payload, delivery)).json();
    expect(answer).toMatchObject({ created: 5, existing: 0, skipped: 7, overDayLimit: 7 });
    const links = await linksOf('popular');
    expect(links).toHaveLength(50);
    expect(links.filter((l) => l.via === 'github')).toHaveLength(5);
    expect(links.some((l) => l.overflow)).toBe(false);
    // A redelivery the same day adds nothing: the five are found, the rest are still past the day's limit.
    expect(await (await deliver('push', payload, delivery)).json()).toMatchObject({ created: 0, existing: 5, skipped: 7 });
    // The public routes find the day's places taken by the webhook too: a new Referer counts on the overflow place.
    await app.request('/go/popular', { headers: { 'user-agent': BROWSER_UA, referer: 'https://intranet-99.example.net/page' } });
    const after = await linksOf('popular');
    expect(after).toHaveLength(51);
    expect(after.find((l) => l.overflow)).toMatchObject({ url: null, via: 'go' });
  });
});

describe('Slack deliveries', () => {
  it("share a write-up's daily limit of new places too", async () => {
    await createWriteup(app, 'chatty');
    for (let i = 0; i < 50; i++) await app.request('/go/chatty', { headers: { 'user-agent': BROWSER_UA, referer: `https://wiki-${i}.example.net/page` } });
    const body = JSON.stringify({
      type: 'event_callback',
      event: {
        type: 'link_shared',
        channel: 'C123ABC456',
        message_ts: '1721234567.000200',
        source: 'conversations_history',
        links: [{ domain: 'docs.example.com', url: 'https://docs.example.com/pir/chatty' }],
      },
    });
    const res = await slackEvent(app, body);
    expect(await res.json()).toEqual({ ok: true, accepted: true });
    await settled();
    expect((await linksOf('chatty')).filter((l) => l.via === 'slack')).toEqual([]);
  });

  it('a message naming 60 write-ups is answered at once while its Web API takes 0.9 s a call, and links 50 of them after', async () => {
    // Slack's Web API, slow: each call answers after 0.9 s.
    const slowApi = createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify(
              req.url!.endsWith('chat.getPermalink') ? { ok: true, permalink: 'https://acme.slack.com/archives/C123ABC456/p1721234567000300' } : { ok: true },
            ),
          );
        }, 900),
      );
    });
    await new Promise<void>((resolve) => slowApi.listen(0, '127.0.0.1', resolve));
    try {
      const slow = localApp(
        {
          ...deps,
          slack: {
            signingSecret: async () => SLACK_SECRET,
            botToken: async () => 'xoxb-test-token',
            apiUrl: `http://127.0.0.1:${(slowApi.address() as AddressInfo).port}/api/`,
          },
        },
        NO_LIMITS,
      );
      const ids = Array.from({ length: 60 }, (_, i) => `talked-${i}`);
      for (const id of ids) await createWriteup(app, id);
      const body = JSON.stringify({
        type: 'event_callback',
        event: {
          type: 'link_shared',
          channel: 'C123ABC456',
          message_ts: '1721234567.000300',
          source: 'conversations_history',
          links: ids.map((id) => ({ domain: 'docs.example.com', url: `https://docs.example.com/pir/${id}` })),
        },
      });
      const started = performance.now();
      const res = await slackEvent(slow, body);
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      const answer = await res.json();
      recordFigure(`Slack message naming 60 write-ups, Web API 0.9 s a call: answered in ${Math.round(ms)} ms, ${JSON.stringify(answer)}`);
      expect(answer).toEqual({ ok: true, accepted: true });
      await settled();
      // The permalink came: the links are to it.
      const linked = (await Promise.all(ids.map(linksOf))).flat().filter((l) => l.via === 'slack');
      expect(linked).toHaveLength(50);
      expect(new Set(linked.map((l) => l.url))).toEqual(new Set(['https://acme.slack.com/archives/C123ABC456/p1721234567000300']));
    } finally {
      slowApi.close();
    }
  }, 60_000);
});

/** A Slack event, signed with the app's signing secret as Slack signs it. */
async function slackEvent(to: ReturnType<typeof localApp>, body: string) {
  const timestamp = String(Math.floor(NOW.getTime() / 1000));
  return to.request('/hooks/slack', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
    },
    body,
  });
}
