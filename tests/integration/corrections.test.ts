import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/data/client';
import { localApp } from '../../local/server';
import { createWriteup, orgReport, report, requestsTo } from '../helpers/apps';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { allItems } from '../helpers/table';

// Correcting mistakes: every edit and removal moves the counts exactly, and the
// recount, counting again from the facts, finds nothing to correct.
let clock = new Date('2026-03-10T14:30:00Z');
let app: ReturnType<typeof localApp>;
let store: Store;
const { api } = requestsTo(() => app);

beforeAll(async () => {
  const deps = await testDeps({ now: () => clock });
  store = deps.store;
  app = localApp(deps);
  await createWriteup(app, 'db-outage', { publishedAt: '2026-03-09' });
});

const call = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: adminHeaders, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const checkIn = (url: string, fields: Record<string, string>) =>
  app.request(new URL(url).pathname, {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
const dayOf = async (day: string) => (await orgReport(app, `?from=${day}&to=${day}&bucket=week`)).series[0];

/** The recount of March, as a dry run: what the counts hold against what the facts say. */
async function recountFindsNothing() {
  await settled();
  const saved = clock;
  clock = new Date('2026-03-31T12:00:00Z');
  try {
    const res = await api('/api/recount', { from: '2026-03-01', to: '2026-03-30', dryRun: true });
    expect(res.status).toBe(200);
    expect((await res.json()).corrections).toEqual([]);
  } finally {
    clock = saved;
  }
}

async function schedule(body: Record<string, unknown>) {
  const res = await api('/api/writeups/db-outage/reviews', { startsAt: '2026-03-10T15:00:00Z', title: 'DB outage review', ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; checkinUrl: string; surveyUrl: string };
}

describe('rescheduling and editing a review', () => {
  it('moves its attendance to the new day, raises the invitation’s SEQUENCE, and keeps the rest', async () => {
    const review = await schedule({ invitees: [{ name: 'Ana Lima', email: 'ana@example.com' }, 'Bo Chen'] });
    expect((await checkIn(review.checkinUrl, { name: 'Ana Lima', invited: 'yes' })).status).toBe(201);
    expect((await checkIn(review.checkinUrl, { name: 'Cy Dee', invited: 'no' })).status).toBe(201);
    expect(await dayOf('2026-03-10')).toMatchObject({ reviews: 1, attendees: 2, voluntary: 1 });

    // "Next Thursday at ten, New York time", ninety minutes.
    const res = await call('PATCH', `/api/reviews/${review.id}`, { startsAt: '2026-03-12T10:00', timeZone: 'America/New_York', durationMinutes: 90 });
    expect(res.status).toBe(200);
    const edited = await res.json();
    expect(edited).toMatchObject({ startsAt: '2026-03-12T14:00:00.000Z', durationMinutes: 90, sequence: 1, title: 'DB outage review' });
    expect(edited.attendance).toEqual({ attendees: 2, voluntary: 1, participated: 0 });
    expect(await dayOf('2026-03-10')).toMatchObject({ reviews: 0, attendees: 0, voluntary: 0 });
    expect(await dayOf('2026-03-12')).toMatchObject({ reviews: 1, attendees: 2, voluntary: 1 });

    const invite = await (await app.request(`/reviews/${review.id}/invite.ics`, { headers: adminHeaders })).text();
    const event = new ICAL.Component(ICAL.parse(invite)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(String(event.getFirstPropertyValue('dtstart'))).toBe('2026-03-12T14:00:00Z');
    expect(String(event.getFirstPropertyValue('dtend'))).toBe('2026-03-12T15:30:00Z');

    // A title alone: the day stays, the invitation's version rises again.
    const titled = await (await call('PATCH', `/api/reviews/${review.id}`, { title: 'Checkout failover review' })).json();
    expect(titled).toMatchObject({ title: 'Checkout failover review', sequence: 2, startsAt: '2026-03-12T14:00:00.000Z' });
    await recountFindsNothing();
  });

  it('refuses a change that is not one with 400, and an unknown review with 404, storing nothing', async () => {
    const review = await schedule({});
    await settled();
    const before = await allItems(store);
    for (const body of [{}, { startsAt: 'soon' }, { durationMinutes: 2 }, { startsAt: '2026-02-30T10:00', timeZone: 'America/New_York' }, { surprise: 1 }]) {
      const res = await call('PATCH', `/api/reviews/${review.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call('PATCH', '/api/reviews/nobodyhere12', { title: 'x' })).status).toBe(404);
    expect(await allItems(store)).toEqual(before);
  });
});

describe('cancelling a review', () => {
  it('answers its links with 410, makes its invitation a cancellation, and counts nothing of it', async () => {
    const review = await schedule({ startsAt: '2026-03-11T15:00:00Z', invitees: [{ name: 'Ana Lima', email: 'ana@example.com' }] });
    clock = new Date('2026-03-11T15:10:00Z');
    expect((await checkIn(review.checkinUrl, { name: 'Ana Lima' })).status).toBe(201);
    expect((await checkIn(review.surveyUrl, { learned: 'yes' })).status).toBe(201);
    expect(await dayOf('2026-03-11')).toMatchObject({ reviews: 1, attendees: 1, responses: 1 });

    const res = await call('POST', `/api/reviews/${review.id}/cancel`);
    expect(res.status).toBe(200);
    expect((await res.json()).cancelledAt).toBe('2026-03-11T15:10:00.000Z');
    expect(await dayOf('2026-03-11')).toMatchObject({ reviews: 0, attendees: 0, responses: 0, learned: {} });
    expect((await report(app, 'db-outage', '?from=2026-03-11&to=2026-03-11')).attendance.reviews).toBe(0);

    for (const url of [review.checkinUrl, review.surveyUrl]) {
      const page = await app.request(new URL(url).pathname, { headers: { 'user-agent': BROWSER_UA, accept: 'text/html' } });
      expect(page.status).toBe(410);
      expect(await page.text()).toContain('This review was cancelled');
    }
    expect((await checkIn(review.checkinUrl, { name: 'Late Comer' })).status).toBe(410);

    const invite = await (await app.request(`/reviews/${review.id}/invite.ics`, { headers: adminHeaders })).text();
    const calendar = new ICAL.Component(ICAL.parse(invite));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(1);

    // Cancelling again answers the same and counts nothing twice; a cancelled review is not changed.
    expect((await call('POST', `/api/reviews/${review.id}/cancel`)).status).toBe(200);
    expect((await call('PATCH', `/api/reviews/${review.id}`, { title: 'Back on' })).status).toBe(409);
    expect((await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'Bo Chen' }] })).status).toBe(409);
    expect(await dayOf('2026-03-11')).toMatchObject({ reviews: 0, attendees: 0, responses: 0 });
    await recountFindsNothing();
  });
});

describe('attendance records', () => {
  it('keeps the first spelling of a name, and the facilitator’s over a check-in’s', async () => {
    clock = new Date('2026-03-13T15:05:00Z');
    const review = await schedule({ startsAt: '2026-03-13T15:00:00Z' });
    await checkIn(review.checkinUrl, { name: 'Ana Lima' });
    await checkIn(review.checkinUrl, { name: 'ana lima' });
    const names = async () => ((await (await api(`/api/reviews/${review.id}`)).json()).attendees as Array<{ name: string }>).map((a) => a.name);
    expect(await names()).toEqual(['Ana Lima']);
    await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'ANA LIMA', participated: true }] });
    expect(await names()).toEqual(['ANA LIMA']);
    await checkIn(review.checkinUrl, { name: 'ana lima' });
    expect(await names()).toEqual(['ANA LIMA']);
  });

  it('removes a mistaken record and merges two that are one person, the counts following each', async () => {
    clock = new Date('2026-03-14T15:05:00Z');
    const review = await schedule({ startsAt: '2026-03-14T15:00:00Z', invitees: ['Ana Lima'] });
    await checkIn(review.checkinUrl, { name: 'Ana Lima', invited: 'yes' });
    await checkIn(review.checkinUrl, { name: 'A. Lima', invited: 'no', role: 'responder' });
    await checkIn(review.checkinUrl, { name: 'Test Person', invited: 'no' });
    expect(await dayOf('2026-03-14')).toMatchObject({ attendees: 3, voluntary: 2 });

    const removed = await call('DELETE', `/api/reviews/${review.id}/attendees/${encodeURIComponent('test person')}`);
    expect(removed.status).toBe(200);
    expect((await removed.json()).attendance).toEqual({ attendees: 2, voluntary: 1, participated: 0 });
    expect((await call('DELETE', `/api/reviews/${review.id}/attendees/${encodeURIComponent('Test Person')}`)).status).toBe(404);
    expect(await dayOf('2026-03-14')).toMatchObject({ attendees: 2, voluntary: 1 });

    const merged = await api(`/api/reviews/${review.id}/attendees/merge`, { keep: 'Ana Lima', merge: 'A. Lima' });
    expect(merged.status).toBe(200);
    const body = await merged.json();
    // Ana said she was invited: her record's words come first; the role only the other record had joins them.
    expect(body.attendees).toEqual([{ name: 'Ana Lima', invited: true, role: 'responder', checkedIn: true }]);
    expect(await dayOf('2026-03-14')).toMatchObject({ attendees: 1, voluntary: 0 });
    expect((await api(`/api/reviews/${review.id}/attendees/merge`, { keep: 'Ana Lima', merge: 'ana lima' })).status).toBe(400);
    expect((await api(`/api/reviews/${review.id}/attendees/merge`, { keep: 'Ana Lima', merge: 'Nobody' })).status).toBe(404);
    await recountFindsNothing();
  });
});

describe('links, archiving and deleting a write-up', () => {
  it('removes a link and its clicks; the counts by kind follow', async () => {
    clock = new Date('2026-03-16T09:00:00Z');
    await createWriteup(app, 'cache-storm', { publishedAt: '2026-03-16' });
    for (const url of ['https://github.com/acme/pay/pull/7', 'https://tickets.example.com/browse/OPS-1'])
      expect((await api('/api/writeups/cache-storm/links', { url })).status).toBe(201);
    expect(await dayOf('2026-03-16')).toMatchObject({ links: 2 });
    const res = await call('DELETE', `/api/writeups/cache-storm/links?url=${encodeURIComponent('https://github.com/acme/pay/pull/7')}`);
    expect(res.status).toBe(200);
    expect((await res.json()).removed).toMatchObject({ url: 'https://github.com/acme/pay/pull/7', kind: 'pull-request' });
    expect((await call('DELETE', `/api/writeups/cache-storm/links?url=${encodeURIComponent('https://github.com/acme/pay/pull/7')}`)).status).toBe(404);
    expect((await call('DELETE', '/api/writeups/cache-storm/links')).status).toBe(400);
    const day = await dayOf('2026-03-16');
    expect(day.links).toBe(1);
    expect(day.linksByKind['pull-request'] ?? 0).toBe(0);
    expect((await report(app, 'cache-storm', '?from=2026-03-01&to=2026-03-31')).links.total).toBe(1);
    await recountFindsNothing();
  });

  it('archives a write-up out of the lists, keeps its facts and counts, and restores it', async () => {
    clock = new Date('2026-03-17T09:00:00Z');
    await createWriteup(app, 'old-news', { publishedAt: '2026-03-17', tags: ['payments'] });
    const listed = async (query = '') => ((await (await api(`/api/writeups${query}`)).json()).writeups as Array<{ id: string }>).map((w) => w.id);
    expect(await listed()).toContain('old-news');
    const archived = await api('/api/writeups/old-news/archive', {});
    expect(archived.status).toBe(200);
    expect((await archived.json()).archivedAt).toBe('2026-03-17T09:00:00.000Z');
    expect(await listed()).not.toContain('old-news');
    expect(await listed('?archived=true')).toEqual(['old-news']);
    // Still a write-up: its page, its report and the organization's days keep it.
    expect((await api('/api/writeups/old-news')).status).toBe(200);
    expect(await dayOf('2026-03-17')).toMatchObject({ writeups: 1 });
    const page = await (await app.request('/writeups', { headers: adminHeaders })).text();
    expect(page).not.toContain('old-news');
    expect((await api('/api/writeups/old-news/restore', {})).status).toBe(200);
    expect(await listed()).toContain('old-news');
    expect((await api('/api/writeups/nothing-here/archive', {})).status).toBe(404);
  });

  it('deletes a write-up with every fact about it, and the counts equal the facts after', async () => {
    clock = new Date('2026-03-18T15:05:00Z');
    await createWriteup(app, 'gone-soon', { publishedAt: '2026-03-18', copies: ['https://wiki.example.com/gone-soon'] });
    await api('/api/writeups/gone-soon/links', { url: 'https://github.com/acme/pay/commit/abc123' });
    const beacon = (v: string) =>
      app.request('/e', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${v.length}` },
        body: JSON.stringify({ w: 'gone-soon', k: 'view', u: 'https://docs.example.com/pir/gone-soon', v }),
      });
    expect((await beacon('visit-one-aaaaaa')).status).toBe(202);
    expect((await beacon('visit-two-bbbbbbbbb')).status).toBe(202);
    const review = await (await api('/api/writeups/gone-soon/reviews', { startsAt: '2026-03-18T15:00:00Z' })).json();
    await checkIn(review.checkinUrl, { name: 'Ana Lima', invited: 'no' });
    await checkIn(review.surveyUrl, { learned: 'somewhat' });
    const before = await dayOf('2026-03-18');
    expect(before).toMatchObject({ writeups: 1, views: 2, reviews: 1, attendees: 1, responses: 1, links: 1 });

    const res = await call('DELETE', '/api/writeups/gone-soon');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 'gone-soon', reviews: 1, links: 1, daysWithReads: 1 });
    expect((await api('/api/writeups/gone-soon')).status).toBe(404);
    expect((await call('DELETE', '/api/writeups/gone-soon')).status).toBe(404);
    expect(await dayOf('2026-03-18')).toMatchObject({ writeups: 0, views: 0, readers: 0, reviews: 0, attendees: 0, responses: 0, links: 0 });
    const page = await app.request(new URL(review.checkinUrl).pathname, { headers: { 'user-agent': BROWSER_UA, accept: 'text/html' } });
    expect(page.status).toBe(404);
    // Nothing in the table names it any more, but the audit trail's entry of its deletion.
    await settled();
    const left = (await allItems(store)).filter((item) => JSON.stringify(item).includes('gone-soon') && !String(item.pk).startsWith('AUDIT'));
    expect(left.filter((item) => !(String(item.pk) === 'ORG' && String(item.sk).startsWith('MONTH#')))).toEqual([]);
    await recountFindsNothing();
  });
});
