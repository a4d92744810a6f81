import LinkifyIt from 'linkify-it';
import { describe, expect, it } from 'vitest';
import {
  digestWeekAt,
  isEmptyDigest,
  stillToSend,
  parseDigestSchedule,
  pickWords,
  retryDelayMs,
  scheduleCron,
  shorten,
  yearBefore,
  FIGURES,
  type Digest,
  type DigestWords,
} from '../../functions/domain/digest';
import { composeDigestOf, digestSpans, digestToRead } from '../../functions/domain/digest';
import { DIGEST_WORDS, participantWords, PARTICIPANT_WORDS, type Answers } from '../../functions/domain/survey';
import type { OrgReading } from '../../functions/domain/org-report';
import { digestHtml, digestSlack, digestText, weekName } from '../../functions/domain/digest-message';
import { escapeMrkdwn } from '../../functions/domain/slack';
import { digestEmailOf, readSettings } from '../../functions/shared/settings';

const MONDAY_9 = parseDigestSchedule(undefined);

describe('when the digest is due and which week it covers', () => {
  it('reads DIGEST_SCHEDULE as a weekday and a UTC time, Monday 09:00 without one', () => {
    expect(MONDAY_9).toEqual({ weekday: 0, hour: 9, minute: 0 });
    expect(parseDigestSchedule('fri 16:30')).toEqual({ weekday: 4, hour: 16, minute: 30 });
    expect(scheduleCron(parseDigestSchedule('FRI 16:30'))).toBe('cron(30 16 ? * FRI *)');
    for (const bad of ['Monday 9am', 'MON 24:00', 'MON 9:60', 'every week', '09:00']) expect(() => parseDigestSchedule(bad)).toThrow(/DIGEST_SCHEDULE/);
  });

  it('covers the seven days before the latest scheduled time: the same week for every trigger until the next one', () => {
    const week = { from: '2026-11-23', to: '2026-11-29', dueAt: '2026-11-30T09:00:00.000Z' };
    expect(digestWeekAt(new Date('2026-11-30T09:00:00Z'), MONDAY_9)).toEqual(week);
    expect(digestWeekAt(new Date('2026-12-02T18:00:00Z'), MONDAY_9)).toEqual(week);
    expect(digestWeekAt(new Date('2026-12-07T08:59:59Z'), MONDAY_9)).toEqual(week);
    // Just before Monday's time: still the week before's.
    expect(digestWeekAt(new Date('2026-11-30T08:59:00Z'), MONDAY_9).from).toBe('2026-11-16');
    // On Friday afternoons: Friday to Thursday.
    expect(digestWeekAt(new Date('2026-12-04T17:00:00Z'), parseDigestSchedule('FRI 16:30'))).toEqual({
      from: '2026-11-27',
      to: '2026-12-03',
      dueAt: '2026-12-04T16:30:00.000Z',
    });
    // Across a year's end.
    expect(digestWeekAt(new Date('2027-01-04T10:00:00Z'), MONDAY_9)).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('finds the day a year before, 29 February falling on 28 February', () => {
    expect(yearBefore('2026-11-23')).toBe('2025-11-23');
    expect(yearBefore('2028-02-29')).toBe('2027-02-28');
    expect(yearBefore('2029-03-01')).toBe('2028-03-01');
  });

  it('offers a send by hand where nothing went, a send failed or found the week empty, or a sender went quiet for 10 minutes', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    expect(stillToSend(undefined, now)).toBe(true);
    expect(stillToSend({ status: 'failed', claimedAt: '2026-11-30T09:59:00Z' }, now)).toBe(true);
    expect(stillToSend({ status: 'empty', claimedAt: '2026-11-30T09:00:00Z' }, now)).toBe(true);
    expect(stillToSend({ status: 'sent', claimedAt: '2026-11-30T09:00:00Z' }, now)).toBe(false);
    expect(stillToSend({ status: 'sending', claimedAt: '2026-11-30T09:55:00Z' }, now)).toBe(false);
    expect(stillToSend({ status: 'sending', claimedAt: '2026-11-30T09:49:00Z' }, now)).toBe(true);
  });

  it('waits longer after each failed try: 5, 15, 45 minutes …', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([300_000, 900_000, 2_700_000]);
  });
});

const words = (question: 'surprise' | 'mystery', day: number): DigestWords => ({
  writeupId: 'w',
  writeupTitle: 'W',
  question,
  answer: `${question} ${day}`,
  submittedAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`,
});

describe("participants' words in the digest", () => {
  it('takes at most five, surprises and mysteries in turn, newest first', () => {
    const all = [words('surprise', 1), words('surprise', 2), words('surprise', 3), words('surprise', 4), words('mystery', 5), words('mystery', 6)];
    expect(pickWords(all).map((w) => w.answer)).toEqual(['mystery 6', 'mystery 5', 'surprise 4', 'surprise 3', 'surprise 2']);
    expect(pickWords([words('mystery', 1)]).map((w) => w.answer)).toEqual(['mystery 1']);
    expect(pickWords([])).toEqual([]);
  });

  it('shortens a long answer at 600 characters, saying so with an ellipsis', () => {
    expect(shorten('x'.repeat(2_000))).toHaveLength(600);
    expect(shorten('x'.repeat(2_000)).endsWith('…')).toBe(true);
    expect(shorten('  short  ')).toBe('short');
  });
});

const side = (now: number, before = 0) => ({ now, before });
const digest = (over: Partial<Digest> = {}): Digest => ({
  week: { from: '2026-11-30', to: '2026-12-06' },
  previous: { from: '2026-11-23', to: '2026-11-29' },
  figures: Object.fromEntries(FIGURES.map((f) => [f, side(0)])) as Digest['figures'],
  linksByKind: [],
  longTail: [],
  words: [],
  anniversaries: [],
  dashboardUrl: 'https://signals.acme.example',
  ...over,
});

describe('the message', () => {
  it('names the week plainly, across months and years', () => {
    expect(weekName({ from: '2026-11-23', to: '2026-11-29' })).toBe('23–29 November 2026');
    expect(weekName({ from: '2026-11-30', to: '2026-12-06' })).toBe('30 November – 6 December 2026');
    expect(weekName({ from: '2026-12-28', to: '2027-01-03' })).toBe('28 December 2026 – 3 January 2027');
    // The week so far, on its first day.
    expect(weekName({ from: '2026-11-30', to: '2026-11-30' })).toBe('30 November 2026');
  });

  it('is empty with nothing in the week and nothing a year old, whatever the week before had', () => {
    expect(isEmptyDigest(digest({ figures: { ...digest().figures, views: side(0, 40) } }))).toBe(true);
    expect(isEmptyDigest(digest({ figures: { ...digest().figures, views: side(1) } }))).toBe(false);
    expect(isEmptyDigest(digest({ anniversaries: [{ id: 'a', title: 'A', publishedAt: '2025-12-01', mysteries: [] }] }))).toBe(false);
  });

  it("escapes people's words and titles in HTML and in Slack's mrkdwn, and keeps them as typed in plain text", () => {
    const hostile = '<script>alert(1)</script> & <@U123> <!here> <https://evil.example|click>';
    const d = digest({
      figures: { ...digest().figures, views: side(3, 1) },
      words: [{ writeupId: 'a"b', writeupTitle: 'Title <i>x</i>', question: 'surprise', answer: hostile, submittedAt: '2026-12-01T00:00:00Z' }],
    });
    const html = digestHtml(d);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;@U123&gt; &lt;!here&gt;');
    expect(html).toContain('Title &lt;i&gt;x&lt;/i&gt;');
    expect(html).toContain('href="https://signals.acme.example/writeups/a%22b"');
    const slack = JSON.stringify(digestSlack(d));
    expect(slack).not.toMatch(/<!here>|<@U123>|<https:\/\/evil/);
    expect(slack).toContain(escapeMrkdwn(hostile).replace(/"/g, '\\"'));
    expect(digestText(d)).toContain(`> ${hostile}`);
  });

  it('says an answer with several lines as several quoted lines in each format', () => {
    const d = digest({
      words: [{ writeupId: 'w', writeupTitle: 'W', question: 'mystery', answer: 'first line\nsecond line', submittedAt: '2026-12-01T00:00:00Z' }],
    });
    expect(digestText(d)).toContain('    > first line\n    > second line');
    const texts = digestSlack(d).blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '');
    expect(texts.some((t) => t.includes('>first line\n>second line'))).toBe(true);
  });

  it('stays within what Slack accepts: at most 50 blocks, each section at most 3,000 characters', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      id: `w${i}`,
      title: 'T'.repeat(400),
      publishedAt: '2025-12-01',
      mysteries: ['m'.repeat(4_000), 'n'.repeat(4_000), 'o'.repeat(4_000)],
    }));
    const message = digestSlack(digest({ anniversaries: many }));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) expect(((block.text as { text?: string } | undefined)?.text ?? '').length).toBeLessThanOrEqual(3_000);
    expect(message.blocks.at(-1)!.type).toBe('context');
  });
});

describe('the digest made from one reading of the organization', () => {
  const week = { from: '2026-11-23', to: '2026-11-29' };
  const spans = digestSpans(week);
  const writeup = (id: string, publishedAt: string) => ({
    id,
    title: `Write-up ${id}`,
    url: `https://docs.example.com/${id}`,
    copies: [],
    tags: [],
    publishedAt,
    createdAt: `${publishedAt}T10:00:00Z`,
    updatedAt: `${publishedAt}T10:00:00Z`,
  });
  const writeups = [writeup('new', '2026-11-24'), writeup('old', '2026-06-01'), writeup('old-unread', '2026-05-01'), writeup('year-old', '2025-11-25')];
  const org = (days: OrgReading['days']): OrgReading => ({
    days,
    writeups,
    months: [{ period: '2026-11', writeupId: 'old', counts: { views: 2, lastRead: 20261126 } }],
  });

  it("reads the four weeks of words and both weeks compared in one span of days, and the two weeks' months", () => {
    expect(spans).toEqual({
      week,
      previous: { from: '2026-11-16', to: '2026-11-22' },
      words: { from: '2026-11-02', to: '2026-11-29' },
      days: { from: '2026-11-02', to: '2026-11-29' },
      months: { from: '2026-11-01', to: '2026-11-30' },
    });
  });

  it("asks for no write-up's responses over a quiet four weeks but the year-old one's, and for the days of old write-ups read lately only", () => {
    const quiet = digestToRead(spans, org([{ period: '2026-11-24', counts: { views: 3, writeups: 1 } }]));
    expect(quiet.reads).toEqual([{ writeupId: 'old', from: '2026-11-16', to: '2026-11-29' }]);
    expect(quiet.responses).toEqual([{ writeupId: 'year-old', from: '2025-11-25', to: '2026-11-22' }]);
    const answered = digestToRead(spans, org([{ period: '2026-11-10', counts: { responses: 1 } }]));
    expect(answered.responses).toEqual([
      { writeupId: 'new', from: '2026-11-02', to: '2026-11-29' },
      { writeupId: 'old', from: '2026-11-02', to: '2026-11-29' },
      { writeupId: 'old-unread', from: '2026-11-02', to: '2026-11-29' },
      // Its first year and the words' weeks in one reading.
      { writeupId: 'year-old', from: '2025-11-25', to: '2026-11-29' },
    ]);
  });

  it("splits the reading: each week's figures from its own days, the year-old write-up's mysteries from before the week, the words from the four weeks", () => {
    const days: OrgReading['days'] = [
      { period: '2026-11-18', counts: { views: 1, writeups: 1 } },
      { period: '2026-11-24', counts: { views: 4, writeups: 1, links: 1, 'links:code': 1, responses: 1 } },
    ];
    const responses = new Map<string, Array<{ answers: Answers; submittedAt: string }>>([
      [
        'year-old',
        [
          { answers: { mystery: 'Why the alarm stayed quiet.' }, submittedAt: '2025-11-27T10:00:00Z' },
          { answers: { mystery: 'A mystery of this week.', notWorse: 'Luck.' }, submittedAt: '2026-11-24T10:00:00Z' },
        ],
      ],
    ]);
    const reads = new Map([['old', [{ date: '2026-11-26', views: 2, engaged: 0, readers: 1, engagedScroll: 0, proxied: 0, proxiedBy: {} }]]]);
    const d = composeDigestOf(spans, org(days), { reads, responses }, 'https://signals.acme.example/');
    expect(d.figures.views).toEqual({ now: 4, before: 1 });
    expect(d.figures.newWriteups).toEqual({ now: 1, before: 1 });
    expect(d.figures.responses).toEqual({ now: 1, before: 0 });
    expect(d.figures.longTail).toEqual({ now: 1, before: 0 });
    expect(d.linksByKind).toEqual([{ kind: 'code', now: 1, before: 0 }]);
    expect(d.longTail).toEqual([{ id: 'old', title: 'Write-up old', publishedAt: '2026-06-01', views: 2 }]);
    expect(d.anniversaries).toEqual([{ id: 'year-old', title: 'Write-up year-old', publishedAt: '2025-11-25', mysteries: ['Why the alarm stayed quiet.'] }]);
    // The digest quotes surprises and mysteries only; what kept it from being worse stays on the page.
    expect(d.words.map((w) => [w.writeupId, w.question, w.answer])).toEqual([['year-old', 'mystery', 'A mystery of this week.']]);
    expect(d.dashboardUrl).toBe('https://signals.acme.example');
  });

  it("reads participants' words one way for the page and the digest, the digest taking its share", () => {
    const responses = [{ answers: { surprise: 'S', mystery: '  ', notWorse: 'N', learned: 'yes' }, submittedAt: '2026-11-10T10:00:00Z' }];
    expect(participantWords({ id: 'w', title: 'W' }, responses).map((w) => w.question)).toEqual(['surprise', 'notWorse']);
    expect(participantWords({ id: 'w', title: 'W' }, responses, DIGEST_WORDS).map((w) => w.question)).toEqual(['surprise']);
    expect(DIGEST_WORDS.every((q) => (PARTICIPANT_WORDS as readonly string[]).includes(q))).toBe(true);
  });
});

describe('the digest settings', () => {
  const env = (over: Record<string, string>) => {
    const settings = readSettings(over);
    return { slackWebhookUrl: settings.DIGEST_SLACK_WEBHOOK_URL, email: digestEmailOf(settings) };
  };

  it('takes a Slack webhook over https, or http on this machine', () => {
    expect(env({ DIGEST_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' }).slackWebhookUrl).toBe('https://hooks.slack.com/services/T/B/X');
    expect(env({ DIGEST_SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/hook' }).slackWebhookUrl).toBe('http://127.0.0.1:9/hook');
    expect(() => env({ DIGEST_SLACK_WEBHOOK_URL: 'http://hooks.example.com/x' })).toThrow(/https/);
    expect(() => env({ DIGEST_SLACK_WEBHOOK_URL: 'not a url' })).toThrow(/DIGEST_SLACK_WEBHOOK_URL/);
  });

  it('needs a sender, valid addresses and a mail server with DIGEST_EMAIL_TO (SES in Lambda)', () => {
    expect(
      env({ DIGEST_EMAIL_TO: 'a@acme.example, b@acme.example', DIGEST_EMAIL_FROM: 'Signals <s@acme.example>', SMTP_URL: 'smtp://localhost:1025' }).email,
    ).toEqual({
      to: ['a@acme.example', 'b@acme.example'],
      from: 'Signals <s@acme.example>',
      via: { smtpUrl: 'smtp://localhost:1025' },
    });
    expect(env({ DIGEST_EMAIL_TO: 'a@acme.example', DIGEST_EMAIL_FROM: 's@acme.example', AWS_LAMBDA_FUNCTION_NAME: 'digest' }).email?.via).toBe('ses');
    expect(() => env({ DIGEST_EMAIL_TO: 'a@acme.example', SMTP_URL: 'smtp://localhost' })).toThrow(/DIGEST_EMAIL_FROM/);
    expect(() => env({ DIGEST_EMAIL_TO: 'a@acme.example', DIGEST_EMAIL_FROM: 's@acme.example' })).toThrow(/SMTP_URL/);
    expect(() => env({ DIGEST_EMAIL_TO: 'not-an-address', DIGEST_EMAIL_FROM: 's@acme.example', SMTP_URL: 'smtp://localhost' })).toThrow(
      /"not-an-address" is not one/,
    );
    expect(() => env({ DIGEST_EMAIL_TO: 'a@acme.example', DIGEST_EMAIL_FROM: 's@acme.example', SMTP_URL: 'http://localhost' })).toThrow(/SMTP_URL/);
    expect(env({}).email).toBeUndefined();
  });
});

describe("participants' words stay text", () => {
  const words = [
    'See https://evil.example/phish and www.evil.example, or mail boss@evil.example.',
    'It was ftp://files.example.org and evil.example/x all along',
  ];
  const withWords = digest({
    words: words.map((answer, i) => ({
      writeupId: 'w1',
      writeupTitle: 'Checkout failover',
      question: i ? 'mystery' : 'surprise',
      answer,
      submittedAt: '2026-12-01T10:00:00Z',
    })),
    anniversaries: [{ id: 'w2', title: 'Old one', publishedAt: '2025-12-01', mysteries: ['why http://cdn.example.net/x?'] }],
  });
  const linkify = new LinkifyIt();
  const unescapeHtml = (text: string) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');

  it('in the HTML mail: no run of text a mail client could make a link of, the words still there as written', () => {
    const html = digestHtml(withWords);
    const texts = html.split(/<[^>]*>/).map(unescapeHtml);
    expect(texts.filter((text) => linkify.test(text))).toEqual([]);
    // Read as a person reads it (tags aside), every answer is whole.
    const read = unescapeHtml(html.replace(/<[^>]*>/g, ''));
    for (const answer of [...words, 'why http://cdn.example.net/x?']) expect(read).toContain(answer);
    // The product's own links stay links.
    expect(html).toContain('href="https://signals.acme.example/writeups/w1"');
  });

  it("in Slack: every mrkdwn text is verbatim, so Slack links only the product's own <url|title> links", () => {
    const message = digestSlack(withWords);
    const texts = JSON.stringify(message.blocks).match(/\{"type":"mrkdwn"[^{}]*\}/g) ?? [];
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(JSON.parse(text)).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(JSON.stringify(message.blocks)).toContain('https://evil.example/phish');
    expect(JSON.stringify(message.blocks)).not.toContain('<https://evil.example/phish');
  });
});

describe('the Slack message within Slack’s limits', () => {
  const sectionTexts = (d: Digest) =>
    digestSlack(d)
      .blocks.filter((b) => b.type === 'section')
      .map((b) => (b.text as { text: string }).text);
  // Titles that escape long: every & is five characters in mrkdwn.
  const tail = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `old-${i}`, title: `Payments & refunds & retries outage number ${i}`, publishedAt: '2026-01-05', views: 2 }));

  it('names the long tail’s write-ups whole, and says how many more with a link to the preview', () => {
    const d = digest({ figures: { ...digest().figures, longTail: side(60) }, longTail: tail(60) });
    const reading = sectionTexts(d).find((t) => t.startsWith('*Reading*'))!;
    expect(reading.length).toBeLessThanOrEqual(3000);
    const named = [...reading.matchAll(/<https:\/\/signals\.acme\.example\/writeups\/old-(\d+)\|[^>]*>/g)].length;
    expect(named).toBeGreaterThan(10);
    expect(named).toBeLessThan(60);
    expect(reading).toContain(`…and ${60 - named} write-ups more: <https://signals.acme.example/digest?week=2026-11-30|see them in the preview>`);
    // Nothing cut: every link closes and every entity is whole.
    expect(reading.split('<').length).toBe(reading.split('>').length);
    expect(reading).not.toMatch(/&(?!amp;|lt;|gt;)/);
    // The mail names them all.
    expect(digestText(d).match(/Payments & refunds/g)).toHaveLength(60);
  });

  it('counts the long tail a digest does not name, in Slack and in the mail', () => {
    const d = digest({ figures: { ...digest().figures, longTail: side(130) }, longTail: tail(100) });
    expect(digestText(d)).toContain('…and 30 write-ups more: https://signals.acme.example/digest?week=2026-11-30');
    const reading = sectionTexts(d).find((t) => t.startsWith('*Reading*'))!;
    const named = [...reading.matchAll(/\/writeups\/old-/g)].length;
    expect(reading).toContain(`…and ${130 - named} write-ups more`);
  });

  it('keeps a long answer’s section within 3,000 characters without cutting an entity or a link', () => {
    const answer = '<&>'.repeat(400);
    const d = digest({ words: [{ writeupId: 'a', writeupTitle: 'A', question: 'surprise', answer, submittedAt: '2026-12-01T00:00:00Z' }] });
    for (const text of sectionTexts(d)) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('stays within 50 blocks and says how many parts are left for the preview', () => {
    const anniversaries = Array.from({ length: 60 }, (_, i) => ({ id: `y${i}`, title: `Year-old ${i}`, publishedAt: '2025-12-01', mysteries: [] }));
    const { blocks } = digestSlack(digest({ anniversaries }));
    expect(blocks).toHaveLength(50);
    const last = JSON.stringify(blocks.at(-1));
    const shown = blocks.filter((b) => JSON.stringify(b).includes('Year-old ')).length;
    expect(last).toContain(`${60 - shown} more parts of this digest are in <https://signals.acme.example/digest?week=2026-11-30|the preview>`);
    expect(last).toContain('Open the dashboard');
  });
});
