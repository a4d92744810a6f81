import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { sendFollowUps } from '../../functions/services/review-mail';
import { localApp } from '../../local/server';
import { createWriteup, requestsTo } from '../helpers/apps';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { startMailbox, type Mailbox } from '../helpers/mail';

// Reviews' mail through a real SMTP server: the invitation as calendars read it, its change and
// cancellation, each invitee's own survey link after the review, and one reminder to all alike.
let clock = new Date('2026-04-01T09:00:00Z');
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let mailbox: Mailbox;
const { api } = requestsTo(() => app);

beforeAll(async () => {
  mailbox = await startMailbox();
  deps = await testDeps({ now: () => clock });
  deps.reviewMail = { from: 'Learning Signals <signals@acme.example>', via: { smtpUrl: mailbox.url }, timeoutMs: 5_000 };
  app = localApp(deps);
  await createWriteup(app, 'dns-outage', { title: 'DNS outage' });
});

afterAll(() => mailbox?.close());

const call = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: adminHeaders, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const calendarOf = (mail: Mailbox['received'][number]) => {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  return new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
};
const to = (mail: Mailbox['received'][number]) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text;

describe('mailing a review', () => {
  let reviewId = '';

  it('mails each invitee with an address the invitation with the check-in link, on their own', async () => {
    const review = await (
      await api('/api/writeups/dns-outage/reviews', {
        startsAt: '2026-04-02T15:00:00Z',
        title: 'DNS outage review',
        invitees: [{ name: 'Ana Lima', email: 'ana@acme.example' }, { name: 'Bo Chen', email: 'bo@acme.example' }, 'Cy Dee'],
      })
    ).json();
    reviewId = review.id;
    const res = await api(`/api/reviews/${reviewId}/invite`, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sent: ['Ana Lima', 'Bo Chen'], failed: [] });
    expect(mailbox.received.map(to)).toEqual(['ana@acme.example', 'bo@acme.example']);
    const mail = mailbox.received[0]!;
    expect(mail.subject).toBe('Invitation: DNS outage review');
    expect(mail.text).toContain(review.checkinUrl);
    expect(mail.text).toContain('https://docs.example.com/pir/dns-outage');
    const calendar = calendarOf(mail);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:signals@acme.example');
    expect(event.getAllProperties('attendee').map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
      'mailto:ana@acme.example',
      'mailto:bo@acme.example',
    ]);
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
  });

  it('mails a change as the newer version, and refuses with 409 what cannot be mailed', async () => {
    mailbox.received.length = 0;
    expect((await call('PATCH', `/api/reviews/${reviewId}`, { startsAt: '2026-04-02T16:00:00Z' })).status).toBe(200);
    expect(mailbox.received.map((m) => m.subject)).toEqual(['Changed: DNS outage review', 'Changed: DNS outage review']);
    const event = calendarOf(mailbox.received[0]!).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(String(event.getFirstPropertyValue('dtstart'))).toBe('2026-04-02T16:00:00Z');

    const nobody = await (await api('/api/writeups/dns-outage/reviews', { startsAt: '2026-04-03T15:00:00Z', invitees: ['Cy Dee'] })).json();
    const refused = await api(`/api/reviews/${nobody.id}/invite`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toContain('No invitee has an e-mail address');
  });

  it('after the review, mails each invitee a single-use survey link kept with no name, then one reminder to all', async () => {
    mailbox.received.length = 0;
    // Before the review ends nothing goes.
    expect(await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', new Date('2026-04-02T16:30:00Z'))).toEqual([]);
    clock = new Date('2026-04-02T17:05:00Z');
    const done = await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', clock);
    expect(done).toMatchObject([{ kind: 'survey', sent: ['Ana Lima', 'Bo Chen'] }]);
    const links = mailbox.received.map((m) => /https:\/\/signals\.example\.com\/s\/[A-Za-z0-9_-]{22}/.exec(m.text ?? '')![0]);
    expect(new Set(links).size).toBe(2);
    // Each link takes one answer.
    const answer = (url: string) =>
      app.request(new URL(url).pathname, {
        method: 'POST',
        headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ learned: 'yes' }),
      });
    expect((await answer(links[0]!)).status).toBe(201);
    expect((await answer(links[0]!)).status).toBe(409);
    // Run again at once: nothing twice.
    expect(await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', clock)).toEqual([]);

    mailbox.received.length = 0;
    const reminders = await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', new Date('2026-04-04T17:06:00Z'));
    expect(reminders).toMatchObject([{ kind: 'reminder', sent: ['Ana Lima', 'Bo Chen'] }]);
    // Alike to both, though only one answered: nothing in it says who did, and no link to answer twice by.
    expect(mailbox.received.map((m) => m.text?.replace(/Ana Lima|Bo Chen/, 'X'))).toEqual([
      mailbox.received[0]!.text?.replace('Ana Lima', 'X'),
      mailbox.received[0]!.text?.replace('Ana Lima', 'X'),
    ]);
    expect(mailbox.received[0]!.text).not.toMatch(/\/s\//);
    expect(await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', new Date('2026-04-10T00:00:00Z'))).toEqual([]);
    await settled();
  });

  it('mails the cancellation of a review invited by mail, and sends it no survey links', async () => {
    clock = new Date('2026-04-05T09:00:00Z');
    const review = await (
      await api('/api/writeups/dns-outage/reviews', { startsAt: '2026-04-06T15:00:00Z', invitees: [{ name: 'Ana Lima', email: 'ana@acme.example' }] })
    ).json();
    expect((await api(`/api/reviews/${review.id}/invite`, {})).status).toBe(200);
    mailbox.received.length = 0;
    expect((await call('POST', `/api/reviews/${review.id}/cancel`)).status).toBe(200);
    expect(mailbox.received.map((m) => m.subject)).toEqual(['Cancelled: Review of “DNS outage”']);
    const calendar = calendarOf(mailbox.received[0]!);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(1);
    mailbox.received.length = 0;
    expect(await sendFollowUps(deps.store, deps.reviewMail, 'https://signals.example.com', new Date('2026-04-07T00:00:00Z'))).toEqual([]);
    expect(mailbox.received).toEqual([]);
  });

  it('says which addresses the mail server refused, and mails the others', async () => {
    const review = await (
      await api('/api/writeups/dns-outage/reviews', {
        startsAt: '2026-04-08T15:00:00Z',
        invitees: [
          { name: 'Ana Lima', email: 'ana@acme.example' },
          { name: 'Bo Chen', email: 'bo@acme.example' },
        ],
      })
    ).json();
    mailbox.refuseNext(554);
    const res = await api(`/api/reviews/${review.id}/invite`, {});
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.sent).toEqual(['Bo Chen']);
    expect(body.failed).toEqual([{ name: 'Ana Lima', reason: expect.stringContaining('refused') }]);
  });
});
