import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigestSchedule } from '../../functions/domain/digest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { oidcThrough, sessionOf, startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider';

// Reviews as calendars see them: the downloaded .ics read by an iCalendar parser (ical.js), and times as people write them.
const BASE = 'http://127.0.0.1:3998';

let idp: IdentityProvider;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let fran: string;
let vic: string;

beforeAll(async () => {
  idp = await startIdentityProvider([`${BASE}/auth/callback`]);
  deps = await testDeps({
    publicUrl: BASE,
    now: () => new Date('2026-12-02T12:00:00Z'),
    roles: { adminEmails: [], adminGroups: [], facilitatorGroups: ['facilitators'] },
    oidc: oidcThrough(idp),
  });
  app = localApp(deps, NO_LIMITS);
  fran = await sessionOf(app, BASE, 'fran');
  vic = await sessionOf(app, BASE, 'vic');
  const created = await asAdmin('POST', '/api/writeups', { id: 'cal-outage', title: 'Calendar outage', url: 'https://wiki.acme.example/cal-outage' });
  expect(created.status).toBe(201);
});
afterAll(() => idp?.stop());

function asAdmin(method: string, path: string, body?: unknown) {
  return app.request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const asFran = (path: string, body: unknown) =>
  app.request(`${BASE}${path}`, { method: 'POST', headers: { cookie: fran, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function inviteOf(reviewId: string) {
  const res = await app.request(`${BASE}/reviews/${reviewId}/invite.ics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/calendar');
  const text = await res.text();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return { text, calendar, event };
}

describe('a review’s calendar invite', () => {
  it('is an invitation from the facilitator to each invitee with an address, with its length, and every line ends in CRLF', async () => {
    const res = await asFran('/api/writeups/cal-outage/reviews', {
      startsAt: '2026-12-10T10:00',
      timeZone: 'America/New_York',
      durationMinutes: 90,
      title: 'Calendar outage review',
      invitees: [{ name: 'Ana Lima', email: 'Ana@Acme.example' }, 'Bo Chen', { name: 'Cy Dee' }],
    });
    expect(res.status).toBe(201);
    const { id, checkinUrl } = (await res.json()) as { id: string; checkinUrl: string };
    const { text, calendar, event } = await inviteOf(id);

    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:fran@acme.example');
    const attendees = event.getAllProperties('attendee');
    expect(attendees.map((a) => [String(a.getFirstValue()).toLowerCase(), a.getParameter('cn'), a.getParameter('rsvp'), a.getParameter('partstat')])).toEqual([
      ['mailto:ana@acme.example', 'Ana Lima', 'TRUE', 'NEEDS-ACTION'],
    ]);
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect(event.getFirstPropertyValue('uid')).toBe(`${id}@learning-signals`);
    // 10:00 on the wall clock in New York on 10 December is 15:00Z; 90 minutes long.
    const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString();
    const end = (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString();
    expect([start, end]).toEqual(['2026-12-10T15:00:00.000Z', '2026-12-10T16:30:00.000Z']);
    expect(event.getFirstPropertyValue('url')).toBe(checkinUrl);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);

    // Addresses are people's: a facilitator sees them, a viewer sees how many were invited.
    const shown = async (cookie: string) => (await app.request(`${BASE}/api/reviews/${id}`, { headers: { cookie } })).json();
    expect(await shown(fran)).toMatchObject({
      durationMinutes: 90,
      invitees: ['Ana Lima', 'Bo Chen', 'Cy Dee'],
      invitations: [{ name: 'Ana Lima', email: 'ana@acme.example' }],
    });
    const forViewer = await shown(vic);
    expect(forViewer).toMatchObject({ durationMinutes: 90, invitees: 3 });
    expect(JSON.stringify(forViewer)).not.toMatch(/acme\.example|Ana/);
  });

  it('is an event to add (PUBLISH) when nobody has an address to invite, or nobody signed in organizes it', async () => {
    const res = await asAdmin('POST', '/api/writeups/cal-outage/reviews', {
      startsAt: '2026-12-11T09:30:00+01:00',
      invitees: [{ name: 'Ana Lima', email: 'ana@acme.example' }],
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const { calendar, event } = await inviteOf(id);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(event.getAllProperties('attendee')).toHaveLength(0);
    expect(event.getFirstPropertyValue('organizer')).toBeNull();
    const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime();
    const end = (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime();
    expect([new Date(start).toISOString(), (end - start) / 60_000]).toEqual(['2026-12-11T08:30:00.000Z', 60]);
  });
});

describe('a review’s calendar invite without a signed-in organizer', () => {
  it('comes from the product’s own sender (DIGEST_EMAIL_FROM) when one is set', async () => {
    const sending = localApp(
      {
        ...deps,
        digest: {
          schedule: parseDigestSchedule(undefined),
          email: { to: ['leaders@acme.example'], from: 'Learning Signals <signals@acme.example>', via: { smtpUrl: 'smtp://127.0.0.1:2525' } },
        },
      },
      NO_LIMITS,
    );
    const res = await sending.request(`${BASE}/api/writeups/cal-outage/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ startsAt: '2026-12-12T09:00Z', invitees: [{ name: 'Bo Chen', email: 'bo@acme.example' }] }),
    });
    const { id } = (await res.json()) as { id: string };
    const ics = await (await sending.request(`${BASE}/reviews/${id}/invite.ics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const organizer = event.getFirstProperty('organizer')!;
    expect([String(organizer.getFirstValue()).toLowerCase(), organizer.getParameter('cn')]).toEqual(['mailto:signals@acme.example', 'Learning Signals']);
  });
});

describe('a review’s start as people write it', () => {
  const startOf = async (body: Record<string, unknown>) => {
    const res = await asAdmin('POST', '/api/writeups/cal-outage/reviews', body);
    const answer = (await res.json()) as { startsAt?: string; error?: { issues: Array<{ path: string; message: string }> } };
    return res.status === 201 ? answer.startsAt : [res.status, answer.error?.issues];
  };

  it('is a wall-clock time in its time zone when it has no offset, across a change of clocks', async () => {
    expect(await startOf({ startsAt: '2026-12-10T10:00', timeZone: 'America/New_York' })).toBe('2026-12-10T15:00:00.000Z');
    expect(await startOf({ startsAt: '2026-07-10T10:00:30', timeZone: 'America/New_York' })).toBe('2026-07-10T14:00:30.000Z');
    expect(await startOf({ startsAt: '2026-12-10T10:00', timeZone: 'Asia/Kolkata' })).toBe('2026-12-10T04:30:00.000Z');
    expect(await startOf({ startsAt: '2026-12-10T10:00' })).toBe('2026-12-10T10:00:00.000Z');
  });

  it('keeps its own offset whatever the zone', async () => {
    expect(await startOf({ startsAt: '2026-12-10T10:00:00+01:00', timeZone: 'America/New_York' })).toBe('2026-12-10T09:00:00.000Z');
    expect(await startOf({ startsAt: '2026-12-10T10:00Z', timeZone: 'Europe/Berlin' })).toBe('2026-12-10T10:00:00.000Z');
  });

  it('refuses a time that does not exist, a length out of range and an address that is not one, storing nothing', async () => {
    const before = ((await (await asAdmin('GET', '/api/writeups/cal-outage/reviews')).json()) as { reviews: unknown[] }).reviews.length;
    expect(await startOf({ startsAt: '2026-02-30T10:00', timeZone: 'Europe/Berlin' })).toEqual([
      400,
      [{ path: 'startsAt', message: expect.stringMatching(/not a time/) }],
    ]);
    expect(await startOf({ startsAt: '2026-12-10T10:00', durationMinutes: 0 })).toEqual([400, [{ path: 'durationMinutes', message: 'at least 5 minutes' }]]);
    expect(await startOf({ startsAt: '2026-12-10T10:00', durationMinutes: 1441 })).toEqual([
      400,
      [{ path: 'durationMinutes', message: expect.stringMatching(/at most a day/) }],
    ]);
    expect(await startOf({ startsAt: '2026-12-10T10:00', invitees: [{ name: 'Ana', email: 'not-an-address' }] })).toEqual([
      400,
      [{ path: 'invitees.0.email', message: 'must be an e-mail address' }],
    ]);
    const after = ((await (await asAdmin('GET', '/api/writeups/cal-outage/reviews')).json()) as { reviews: unknown[] }).reviews.length;
    expect(after).toBe(before);
  });
});
