import { createRequire } from 'node:module';
import { sign, verify } from '@octokit/webhooks-methods';
import { beforeAll, describe, expect, it } from 'vitest';
import { localApp, NO_LIMITS } from '../../local/server';
import { registerLink } from '../../functions/data/links';
import { createWriteup, orgReport } from '../helpers/apps';
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

const deliver = (event: string, payload: unknown, options: { delivery?: string; secret?: string; signature?: string; form?: boolean } = {}) =>
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
      const answer = await res.json();
      expect(answer.created + answer.existing, event).toBe(1);
    }
    const byUrl = new Map((await links()).map((l) => [l.url, l]));
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
    // A comment's place is the comment's own html_url, its anchor kept (`…/issues/1#issuecomment-…`), as the contract says.
    for (const [url, kind] of expected) expect(byUrl.get(url), url).toMatchObject({ kind, via: 'github' });
  });

  it("makes a link of every event the contract lists, from each of GitHub's examples of it, and nothing of a deleted one", async () => {
    const mention = `Background: ${WRITEUP}`;
    const onIssue = (e: Record<string, any>) => (e.issue.pull_request ? 'pull-request' : 'ticket');
    const into = (place: Record<string, any>, field: string, kind: string): [string, string] => {
      place[field] = mention;
      return [place.html_url, kind];
    };
    // Each event: where people write in it (the mention goes there), and the place and kind the contract says it makes.
    const contract: Record<string, (e: Record<string, any>) => [string, string] | undefined> = {
      push: (e) => {
        if (!e.commits?.length) return undefined;
        e.commits[0].message = mention;
        const url: string = e.commits[0].url;
        return [url.includes('/commit/') && !url.includes('api.github.com') ? url : `${e.repository.html_url}/commit/${e.commits[0].id}`, 'commit'];
      },
      pull_request: (e) => into(e.pull_request, 'body', 'pull-request'),
      pull_request_review: (e) => into(e.review, 'body', 'pull-request'),
      pull_request_review_comment: (e) => into(e.comment, 'body', 'pull-request'),
      pull_request_review_thread: (e) => into(e.thread.comments[0], 'body', 'pull-request'),
      issues: (e) => into(e.issue, 'body', onIssue(e)),
      issue_comment: (e) => into(e.comment, 'body', onIssue(e)),
      commit_comment: (e) => into(e.comment, 'body', 'commit'),
      discussion: (e) => into(e.discussion, 'body', 'chat'),
      discussion_comment: (e) => into(e.comment, 'body', 'chat'),
      release: (e) => into(e.release, 'body', 'writeup'),
      gollum: (e) => into(e.pages[0], 'summary', 'writeup'),
    };
    const expected = new Map<string, string>();
    let replayed = 0;
    for (const [event, place] of Object.entries(contract)) {
      for (const original of examples.find((e) => e.name === event)!.examples) {
        const payload = structuredClone(original);
        const made = place(payload);
        if (!made) continue;
        const res = await deliver(event, payload);
        expect(res.status, event).toBe(200);
        const answer = await res.json();
        replayed++;
        if (payload.action === 'deleted') {
          expect(answer, `${event} deleted`).toMatchObject({ created: 0, existing: 0 });
          continue;
        }
        expect(answer.ignored, event).toBeUndefined();
        expect(answer.created + answer.existing, `${event} ${payload.action ?? ''}`).toBe(1);
        expected.set(made[0], made[1]);
      }
    }
    expect(replayed).toBeGreaterThan(100);
    const byUrl = new Map((await links()).map((l) => [l.url, l]));
    for (const [url, kind] of expected) expect(byUrl.get(url), url).toMatchObject({ kind, via: 'github' });
    // Pull requests' issue events are the pull request, not a ticket.
    expect(byUrl.get('https://github.com/Codertocat/Hello-World/pull/2')).toMatchObject({ kind: 'pull-request' });
  });

  it('registers nothing for a deleted issue, comment, review comment, discussion comment or release', async () => {
    await createWriteup(app, 'deleted-only', { url: 'https://wiki.example.com/pir/deleted-only' });
    const mention = 'Was: https://wiki.example.com/pir/deleted-only';
    const deleted = (name: string) => example(name, (e) => e.action === 'deleted');
    const issue = deleted('issues');
    issue.issue.body = mention;
    const comment = deleted('issue_comment');
    comment.comment.body = mention;
    const review = deleted('pull_request_review_comment');
    review.comment.body = mention;
    const discussion = deleted('discussion_comment');
    discussion.comment.body = mention;
    const release = deleted('release');
    release.release.body = mention;
    for (const [event, payload] of Object.entries({
      issues: issue,
      issue_comment: comment,
      pull_request_review_comment: review,
      discussion_comment: discussion,
      release,
    })) {
      expect((await deliver(event, payload)).status, event).toBe(200);
    }
    await settled();
    const res = await app.request('/api/writeups/deleted-only/links', { headers: adminHeaders });
    expect((await res.json()).links).toEqual([]);
  });

  it('corrects a pull request stored as a ticket when its issue event comes, and its counts by kind move with it', async () => {
    await createWriteup(app, 'kinds', { url: 'https://wiki.example.com/pir/kinds' });
    const issue = example('issues', (e) => Boolean(e.issue.pull_request));
    issue.issue.html_url = 'https://github.com/acme/ledger/pull/77';
    issue.issue.body = 'See https://wiki.example.com/pir/kinds';
    // As an earlier version stored it: the pull request's issue event made a ticket.
    await registerLink(deps.store, 'kinds', { url: issue.issue.html_url, kind: 'ticket', via: 'github' }, new Date());
    const today = new Date().toISOString().slice(0, 10);
    const byKind = async () => {
      const { series } = await orgReport(app, `?from=${today}&to=${today}&bucket=week`);
      return (series as Array<{ linksByKind: Record<string, number> }>).reduce<Record<string, number>>((sum, b) => {
        for (const [kind, n] of Object.entries(b.linksByKind)) sum[kind] = (sum[kind] ?? 0) + n;
        return sum;
      }, {});
    };
    const before = await byKind();
    expect((await deliver('issues', issue)).status).toBe(200);
    const res = await app.request('/api/writeups/kinds/links', { headers: adminHeaders });
    await settled();
    expect((await res.json()).links).toMatchObject([{ url: issue.issue.html_url, kind: 'pull-request', via: 'github' }]);
    const after = await byKind();
    expect(after.ticket ?? 0).toBe((before.ticket ?? 0) - 1);
    expect(after['pull-request'] ?? 0).toBe((before['pull-request'] ?? 0) + 1);
    // The recount proves the counts by kind from the links as they are now.
    const recount = await app.request('/api/recount', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ from: today, to: today }) });
    expect(recount.status).toBe(200);
    expect((await recount.json()).corrections.filter((c: { counter: string }) => c.counter.startsWith('links'))).toEqual([]);
  });

  it("takes GitHub's default content type, a form with the JSON in `payload`, signed as sent", async () => {
    const pr = example('pull_request', (e) => e.action === 'opened');
    pr.pull_request.html_url = 'https://github.com/acme/ledger/pull/901';
    pr.pull_request.body = `Follow-up from ${WRITEUP}`;
    const res = await deliver('pull_request', pr, { form: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1 });
    expect((await links()).find((l) => l.url === pr.pull_request.html_url)).toMatchObject({ kind: 'pull-request', via: 'github' });
    await settled();
    const stored = (await allItems(deps.store)).length;
    const form = 'not-the-payload=1';
    const bad = await app.request('/hooks/github', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'push', 'x-hub-signature-256': await sign(SECRET, form) },
      body: form,
    });
    expect(bad.status).toBe(400);
    await settled();
    expect((await allItems(deps.store)).length).toBe(stored);
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
