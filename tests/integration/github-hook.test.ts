import { createRequire } from 'node:module';
import { sign, verify } from '@octokit/webhooks-methods';
import { beforeAll, describe, expect, it } from 'vitest';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { githubDelivery } from '../helpers/github';
import { allItems } from '../helpers/table';
import type { AppDeps } from '../../functions/shared/deps';

// GitHub's own example payloads (@octokit/webhooks-examples), with write-up URLs put into their texts.
const examples: Array<{ name: string; examples: Array<Record<string, any>> }> = createRequire(import.meta.url)('@octokit/webhooks-examples');
const example = (name: string, pick: (e: Record<string, any>) => boolean = () => true) =>
  structuredClone(examples.find((e) => e.name === name)!.examples.find(pick)!);

const SECRET = 'a-webhook-secret-for-tests-0123456789';
const WRITEUP = 'https://wiki.example.com/pir/ledger-lag';
const COPY = 'https://acme.atlassian.net/wiki/spaces/OPS/pages/42/Ledger+lag';
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  deps = await testDeps({ githubWebhookSecret: async () => SECRET });
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'ledger-lag', { url: WRITEUP, copies: [COPY] });
});

const deliver = (event: string, payload: unknown, options: { delivery?: string; secret?: string; signature?: string } = {}) =>
  githubDelivery(app, options.secret ?? SECRET, event, payload, options);

const links = async () => {
  await settled();
  return (await (await app.request('/api/writeups/ledger-lag/links', { headers: adminHeaders })).json()).links as Array<{
    url: string;
    kind: string;
    via: string;
  }>;
};

describe('POST /hooks/github', () => {
  it("checks signatures as GitHub's published test vector says", async () => {
    expect(await verify("It's a Secret to Everybody", 'Hello, World!', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')).toBe(true);
    expect(await sign("It's a Secret to Everybody", 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('turns mentions in pushes, pull requests, issues and comments into links of the write-up', async () => {
    const push = example('push', (e) => Array.isArray(e.commits) && e.commits.length > 0);
    push.commits[0].message = `Bound the ledger queue\n\nSee ${WRITEUP}.`;
    const pr = example('pull_request', (e) => e.action === 'opened');
    pr.pull_request.body = `Follow-up from ${COPY}`;
    const issue = example('issues', (e) => e.action === 'opened');
    issue.issue.body = `Action item from ${WRITEUP}#follow-ups`;
    const comment = example('issue_comment');
    comment.comment.body = `Related: ${deps.publicUrl}/go/ledger-lag`;
    const review = example('pull_request_review_comment');
    review.comment.body = `Why this matters: ${WRITEUP}`;
    for (const [event, payload] of [
      ['push', push],
      ['pull_request', pr],
      ['issues', issue],
      ['issue_comment', comment],
      ['pull_request_review_comment', review],
    ] as const) {
      const res = await deliver(event, payload);
      expect(res.status, event).toBe(200);
      // A comment's place is its issue or pull request (links drop the #fragment): one link either way.
      const answer = await res.json();
      expect(answer.created + answer.existing, event).toBe(1);
    }
    const byUrl = new Map((await links()).map((l) => [l.url, l]));
    const place = (url: string) => url.split('#')[0]!;
    const expected = [
      [
        push.commits[0].url.includes('/commit/') && !push.commits[0].url.includes('api.github.com')
          ? push.commits[0].url
          : `${push.repository.html_url}/commit/${push.commits[0].id}`,
        'commit',
      ],
      [pr.pull_request.html_url, 'pull-request'],
      [issue.issue.html_url, 'ticket'],
      [comment.comment.html_url, comment.issue.pull_request ? 'pull-request' : 'ticket'],
      [review.comment.html_url, 'pull-request'],
    ];
    for (const [url, kind] of expected) expect(byUrl.get(place(url)), url).toMatchObject({ kind, via: 'github' });
  });

  it('adds nothing for a redelivery, and ignores events it does not read', async () => {
    const pr = example('pull_request', (e) => e.action === 'opened');
    pr.pull_request.body = `Follow-up from ${COPY}`;
    const before = (await links()).length;
    const again = await deliver('pull_request', pr, { delivery: 'same-delivery' });
    expect((await again.json()).created).toBe(0);
    await deliver('pull_request', pr, { delivery: 'same-delivery' });
    expect((await links()).length).toBe(before);
    const star = await deliver('star', { action: 'created', body: WRITEUP });
    expect(await star.json()).toMatchObject({ ok: true, ignored: true });
  });

  it('refuses an unsigned, mis-signed or foreign-signed body with 401, and an oversized one with 413, storing nothing', async () => {
    await settled();
    const before = (await allItems(deps.store)).length;
    const pr = example('pull_request', (e) => e.action === 'opened');
    pr.pull_request.body = WRITEUP;
    pr.pull_request.html_url = 'https://github.com/acme/forged/pull/1';
    expect((await deliver('pull_request', pr, { signature: '' })).status).toBe(401);
    expect((await deliver('pull_request', pr, { secret: 'another-secret' })).status).toBe(401);
    expect((await deliver('pull_request', pr, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await deliver('pull_request', pr, { signature: 'sha1=abc' })).status).toBe(401);
    const huge = await app.request('/hooks/github', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(6 * 1024 * 1024), 'x-github-event': 'push' },
      body: 'x'.repeat(6 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    await settled();
    expect((await allItems(deps.store)).length).toBe(before);
  });

  it('takes a push of 2,048 commits within a few seconds', async () => {
    const push = example('push', (e) => Array.isArray(e.commits) && e.commits.length > 0);
    const template = push.commits[0];
    push.commits = Array.from({ length: 2_048 }, (_, i) => ({
      ...template,
      id: `${String(i).padStart(8, '0')}${'a'.repeat(32)}`,
      url: `${push.repository.html_url}/commit/${String(i).padStart(8, '0')}${'a'.repeat(32)}`,
      message: i % 512 === 0 ? `Fix, see ${WRITEUP}` : `Commit ${i}`,
    }));
    const started = Date.now();
    const res = await deliver('push', push);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mentions: 2_048, created: 4 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is not served without a secret', async () => {
    const plain = localApp({ ...deps, githubWebhookSecret: undefined }, NO_LIMITS);
    const res = await plain.request('/hooks/github', { method: 'POST', body: '{}', headers: { 'x-github-event': 'push' } });
    expect(res.status).toBe(404);
  });
});
