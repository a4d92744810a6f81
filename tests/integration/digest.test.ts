import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { parseDigestSchedule } from '../../functions/domain/digest';
import { listDigestSends } from '../../functions/data/digests';
import { sendDigest, type DigestSettings } from '../../functions/services/digest';
import type { AppDeps } from '../../functions/shared/deps';
import { createWriteup, newVisitId, sendBeacon } from '../helpers/apps';
import { adminHeaders, freshStore, loginCookie, settled, testDeps } from '../helpers/deps';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { startSlackWebhook, type SlackWebhook } from '../helpers/slack-webhook';
import { seedDigestWeeks } from '../helpers/digest-weeks';

// Monday 30 November 2026, half an hour after the digest is due: it covers 23–29 November.
const SEND_AT = new Date('2026-11-30T09:30:00Z');
const WEEK = '2026-11-23';

let mailbox: Mailbox;
let slack: SlackWebhook;
beforeAll(async () => {
  [mailbox, slack] = await Promise.all([startMailbox(), startSlackWebhook()]);
});
afterAll(async () => {
  await Promise.all([mailbox.close(), slack.close()]);
});

const settingsFor = (over: Partial<DigestSettings> = {}): DigestSettings => ({
  schedule: parseDigestSchedule('MON 09:00'),
  slackWebhookUrl: async () => slack.url,
  email: { to: ['leaders@acme.example', 'sre@acme.example'], from: 'Learning Signals <signals@acme.example>', via: { smtpUrl: mailbox.url } },
  retryWaitsMs: [20, 40],
  timeoutMs: 1_000,
  ...over,
});

/** Known signals over two weeks and a year before (tests/helpers/digest-weeks.ts), on a clock the test moves. */
async function knownWeeks() {
  let clock = new Date('2025-11-27T10:00:00Z');
  const deps = await testDeps({ now: () => clock, publicUrl: 'https://signals.acme.example', digest: settingsFor() });
  const app = localApp(deps);
  await seedDigestWeeks(app, (iso) => (clock = new Date(iso)));
  await settled();
  clock = SEND_AT;
  return { deps, app };
}

describe('the weekly digest', () => {
  let known: Awaited<ReturnType<typeof knownWeeks>>;
  beforeAll(async () => {
    known = await knownWeeks();
  });

  it("sends the week's exact figures beside the week before's, participants' words escaped, and the write-up a year old, by mail and to Slack", async () => {
    const { deps, app } = known;
    const [mailsBefore, slackBefore] = [mailbox.received.length, slack.delivered.length];
    const res = await app.request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ sent: true, week: { from: WEEK, to: '2026-11-29' } });
    expect(body.destinations.map((d: { destination: string; sent: boolean }) => [d.destination, d.sent])).toEqual([
      ['slack', true],
      ['email', true],
    ]);

    expect(mailbox.received.length).toBe(mailsBefore + 1);
    const mail = mailbox.received.at(-1)!;
    expect(mail.subject).toBe('Are we learning? Incident signals, 23–29 November 2026');
    expect(mail.from?.text).toContain('signals@acme.example');
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((t) => t!.value.map((v) => v.address))).toEqual(['leaders@acme.example', 'sre@acme.example']);
    const text = mail.text!;
    expect(text).toContain('New write-ups: 2 (week before: 1)');
    expect(text).toContain('Reads: 5 (week before: 1)');
    expect(text).toContain('Engaged reads: 1 (week before: 0)');
    // A reader is a visitor a day: the old write-up's reader came on two days.
    expect(text).toContain('Readers: 5 (week before: 1)');
    expect(text).toContain('Write-ups read 90+ days after publication: 1 (week before: 0)');
    expect(text).toContain('DNS resolver outage (published 1 June 2026, 2 reads this week)');
    expect(text).toContain('Reviews: 1 (week before: 0)');
    expect(text).toContain('Attendees: 3 (week before: 0)');
    expect(text).toContain('Came without being told to: 2 (week before: 0)');
    expect(text).toContain('Shared their own view: 2 (week before: 0)');
    expect(text).toContain('Survey responses: 2 (week before: 0)');
    expect(text).toContain('New links to write-ups: 2 (week before: 0)');
    expect(text).toContain('From code comments 1, pull requests 1');
    expect(text).toContain('> The replica was <b>minutes</b> behind & nobody saw it. <!channel> *bold*');
    expect(text).toContain('> Why did the health check pass?');
    expect(text).toContain('"Queue backlog of November", published 25 November 2025.');
    expect(text).toContain('> Why the consumer lag alarm stayed quiet.');
    expect(text).toContain('https://signals.acme.example/');
    // In HTML the words are text, never markup.
    const html = String(mail.html);
    expect(html).toContain('The replica was &lt;b&gt;minutes&lt;/b&gt; behind &amp; nobody saw it. &lt;!channel&gt; *bold*');
    expect(html).toContain('Database failover &lt;took&gt; 9 minutes &amp; more');
    expect(html).not.toContain('<b>minutes</b>');
    expect(html).toMatch(/Reads<\/th><td[^>]*>5<\/td><td[^>]*>1<\/td>/);

    expect(slack.delivered.length).toBe(slackBefore + 1);
    const message = slack.delivered.at(-1)!;
    expect(message.text).toBe('Are we learning? Incident signals, 23–29 November 2026');
    const mrkdwn = JSON.stringify(message.blocks);
    const slackText = message.blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '').join('\n');
    expect(slackText).toContain('Reads: *5* (week before: 1)');
    expect(slackText).toContain('>The replica was &lt;b&gt;minutes&lt;/b&gt; behind &amp; nobody saw it. &lt;!channel&gt; *bold*');
    expect(slackText).toContain('<https://signals.acme.example/writeups/db-failover|Database failover &lt;took&gt; 9 minutes &amp; more>');
    expect(mrkdwn).not.toContain('<!channel>');
    expect(message.blocks.length).toBeLessThanOrEqual(50);

    expect(text).toContain('> Two teams each thought the other owned the failover runbook.');
    // No names, ever: the digest speaks of write-ups and signals, not of people.
    for (const name of ['Ana Lima', 'Bo Chen', 'Cy Dee', 'Dee Park']) {
      expect(text).not.toContain(name);
      expect(JSON.stringify(message.blocks)).not.toContain(name);
    }
    const records = await listDigestSends(deps.store, WEEK);
    expect(records.map((r) => [r.destination, r.status, r.attempts]).sort()).toEqual([
      ['email', 'sent', 1],
      ['slack', 'sent', 1],
    ]);

    // The second time: nothing goes out.
    const again = await app.request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sent: false, reason: 'already sent' });
    expect(mailbox.received.length).toBe(mailsBefore + 1);
    expect(slack.delivered.length).toBe(slackBefore + 1);
  });

  it('previews the same message at /digest, with what happened at each destination', async () => {
    const { deps, app } = known;
    const res = await app.request('/digest', { headers: { cookie: await loginCookie(deps), accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('The digest of 23–29 November 2026');
    expect(html).toContain('The replica was &lt;b&gt;minutes&lt;/b&gt;');
    expect(html).toMatch(/<th scope="row"[^>]*>Slack<\/th><td[^>]*>Sent<\/td>/);
    expect(html).toMatch(/<th scope="row"[^>]*>E-mail<\/th><td[^>]*>Sent<\/td>/);
    expect(html).toContain('to 2 recipients');
    const earlier = await app.request('/digest?week=2026-11-16', { headers: { cookie: await loginCookie(deps), accept: 'text/html' } });
    expect(await earlier.text()).toContain('The digest of 16–22 November 2026');
    const future = await app.request('/api/digest?week=2026-11-30', { headers: adminHeaders });
    expect(future.status).toBe(400);
    const json = await (await app.request('/api/digest', { headers: adminHeaders })).json();
    expect(json.digest.figures.views).toEqual({ now: 5, before: 1 });
    expect(json.deliveries).toHaveLength(2);
    expect(json.deliveries[0]).not.toHaveProperty('claim');
  });
});

/** A week with one read in it, on a fresh table, for the faults. */
async function oneRead(settings: DigestSettings): Promise<AppDeps> {
  let clock = new Date('2026-11-25T10:00:00Z');
  const deps = await testDeps({ store: await freshStore(), now: () => clock, digest: settings });
  const app = localApp(deps);
  await createWriteup(app, 'only-one', { title: 'The only write-up', publishedAt: '2026-11-25' });
  await sendBeacon(app, { w: 'only-one', k: 'view', u: 'https://docs.example.com/pir/only-one', r: null, v: newVisitId() });
  await settled();
  clock = SEND_AT;
  return deps;
}

describe('sending once per week and destination', () => {
  it('two concurrent sends and a retried one deliver one message to each destination', async () => {
    const deps = await oneRead(settingsFor());
    const [mails, posts] = [mailbox.received.length, slack.delivered.length];
    const runs = await Promise.all([
      sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false }),
      sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false }),
      sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: true }),
    ]);
    expect(runs.filter((r) => r.destinations.find((d) => d.destination === 'slack')!.sent)).toHaveLength(1);
    expect(runs.filter((r) => r.destinations.find((d) => d.destination === 'email')!.sent)).toHaveLength(1);
    // The schedule's retry an hour later, and next Sunday's: the same week, nothing more.
    await sendDigest(deps.store, deps.digest!, { now: new Date('2026-11-30T10:30:00Z'), dashboardUrl: 'https://s.example', byHand: false });
    await sendDigest(deps.store, deps.digest!, { now: new Date('2026-12-06T23:00:00Z'), dashboardUrl: 'https://s.example', byHand: false });
    expect(mailbox.received.length - mails).toBe(1);
    expect(slack.delivered.length - posts).toBe(1);
    // The next Monday's is the next week's.
    const next = await sendDigest(deps.store, deps.digest!, { now: new Date('2026-12-07T09:00:00Z'), dashboardUrl: 'https://s.example', byHand: false });
    expect(next.week.from).toBe('2026-11-30');
  });

  it('a Slack webhook that fails then answers is tried again within the run and delivers once', async () => {
    const deps = await oneRead(settingsFor({ email: undefined }));
    const before = slack.delivered.length;
    slack.answerNext({ status: 500, body: 'rollup_error' }, { status: 503, body: 'service unavailable' });
    const result = await sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false });
    expect(result.sent).toBe(true);
    expect(slack.delivered.length - before).toBe(1);
  });

  it('a Slack webhook that keeps failing or stalls is recorded with its next try, and sent once when it is due', async () => {
    const deps = await oneRead(settingsFor({ email: undefined }));
    const before = slack.delivered.length;
    slack.answerNext({ status: 200, body: 'ok', delayMs: 1_500 }, { status: 500, body: 'rollup_error' }, { status: 500, body: 'rollup_error' });
    const failed = await sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false });
    expect(failed.destinations[0]).toMatchObject({ sent: false, status: 'failed' });
    const [record] = await listDigestSends(deps.store, WEEK);
    expect(record).toMatchObject({ status: 'failed', attempts: 1, nextTryAt: '2026-11-30T09:35:00.000Z' });
    expect(record!.error).toBe('Slack answered 500: rollup_error (3 tries)');

    // Before its next try: the schedule leaves it.
    const early = await sendDigest(deps.store, deps.digest!, { now: new Date('2026-11-30T09:34:00Z'), dashboardUrl: 'https://s.example', byHand: false });
    expect(early.destinations[0]!.reason).toBe('failed; tried again after 2026-11-30T09:35:00.000Z');
    // When it is due: sent, once, whichever triggers come.
    const due = new Date('2026-11-30T09:36:00Z');
    await Promise.all([1, 2, 3].map(() => sendDigest(deps.store, deps.digest!, { now: due, dashboardUrl: 'https://s.example', byHand: false })));
    expect(slack.delivered.length - before).toBe(1);
    expect((await listDigestSends(deps.store, WEEK))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a webhook Slack removed is not tried again by the schedule, and /digest says why', async () => {
    const deps = await oneRead(settingsFor({ email: undefined }));
    slack.answerNext({ status: 404, body: 'no_service' });
    const app = localApp(deps);
    const res = await app.request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(res.status).toBe(502);
    expect((await res.json()).destinations[0].reason).toBe(
      'the webhook was removed or its app uninstalled (no_service) (404); not tried again until sent by hand',
    );
    const [record] = await listDigestSends(deps.store, WEEK);
    expect(record).toMatchObject({ status: 'failed', attempts: 1 });
    expect(record!.nextTryAt).toBeUndefined();
    const later = await sendDigest(deps.store, deps.digest!, { now: new Date('2026-12-01T09:00:00Z'), dashboardUrl: 'https://s.example', byHand: false });
    expect(later.destinations[0]!.reason).toBe('failed; send it by hand');
    const page = await (await app.request('/digest', { headers: { cookie: await loginCookie(deps), accept: 'text/html' } })).text();
    expect(page).toContain('the webhook was removed or its app uninstalled (no_service) (404) (1 try)');
    expect(page).toContain('Not tried again by the schedule: send it by hand once the cause is fixed.');
  });

  it('a mail server that refuses for a moment is tried again; one that refuses for good is recorded, and nothing else is lost', async () => {
    const deps = await oneRead(settingsFor({ slackWebhookUrl: undefined }));
    const before = mailbox.received.length;
    mailbox.refuseNext(451);
    expect((await sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false })).sent).toBe(true);
    expect(mailbox.received.length - before).toBe(1);

    const refused = await oneRead(settingsFor({ slackWebhookUrl: undefined }));
    mailbox.refuseNext(554);
    const result = await sendDigest(refused.store, refused.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false });
    expect(result.destinations[0]).toMatchObject({ sent: false, status: 'failed' });
    expect(result.destinations[0]!.reason).toContain('the mail server refused the message: 554');
    expect((await listDigestSends(refused.store, WEEK))[0]!.nextTryAt).toBeUndefined();
    expect(mailbox.received.length - before).toBe(1);

    const unreachable = await oneRead(
      settingsFor({ slackWebhookUrl: undefined, email: { to: ['a@acme.example'], from: 's@acme.example', via: { smtpUrl: 'smtp://127.0.0.1:1' } } }),
    );
    const down = await sendDigest(unreachable.store, unreachable.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false });
    expect(down.destinations[0]!.reason).toMatch(/^the mail server could not be reached \(ESOCKET: connect ECONNREFUSED/);
    expect((await listDigestSends(unreachable.store, WEEK))[0]!.nextTryAt).toBe('2026-11-30T09:35:00.000Z');
  });

  it('a webhook whose address cannot be read (SSM down) is a failure recorded and tried again, not a claim left hanging', async () => {
    const deps = await oneRead(
      settingsFor({
        email: undefined,
        retryWaitsMs: [],
        slackWebhookUrl: async () => Promise.reject(new Error('SSM parameter /learning-signals/digest-slack-webhook: AccessDenied')),
      }),
    );
    const result = await sendDigest(deps.store, deps.digest!, { now: SEND_AT, dashboardUrl: 'https://s.example', byHand: false });
    expect(result.destinations[0]!.reason).toContain('it could not be sent: SSM parameter /learning-signals/digest-slack-webhook: AccessDenied');
    expect((await listDigestSends(deps.store, WEEK))[0]).toMatchObject({ status: 'failed', nextTryAt: '2026-11-30T09:35:00.000Z' });
  });

  it('an empty week sends nothing and says so, until a person looks again after a backlog filled it', async () => {
    const deps = await testDeps({ store: await freshStore(), now: () => SEND_AT, digest: settingsFor() });
    const [mails, posts] = [mailbox.received.length, slack.posts];
    const app = localApp(deps);
    const res = await app.request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sent: false, reason: 'empty week' });
    expect(mailbox.received.length).toBe(mails);
    expect(slack.posts).toBe(posts);
    const page = await (await app.request('/digest', { headers: { cookie: await loginCookie(deps), accept: 'text/html' } })).text();
    expect(page).toContain('Not sent: an empty week');
    expect(page).toContain('an empty week is not sent');
    // The schedule leaves an empty week be; a person may look again once a backlog fills it.
    expect(
      (await sendDigest(deps.store, deps.digest!, { now: new Date('2026-11-30T11:00:00Z'), dashboardUrl: 'https://s.example', byHand: false })).destinations[0]!
        .reason,
    ).toBe('empty week');
    await createWriteup(app, 'backlog', { title: 'Imported from the backlog', publishedAt: '2026-11-27' });
    await settled();
    const again = await app.request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(await again.json()).toMatchObject({ sent: true });
    expect(mailbox.received.length).toBe(mails + 1);
    expect(mailbox.received.at(-1)!.text).toContain('New write-ups: 1 (week before: 0)');
  });

  it('without a destination, sending is refused with what to set', async () => {
    const deps = await testDeps({ now: () => SEND_AT });
    const res = await localApp(deps).request('/api/digest/send', { method: 'POST', headers: adminHeaders });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('DIGEST_SLACK_WEBHOOK_URL');
  });
});
