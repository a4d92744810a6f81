import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../functions/services/people';
import { localApp, NO_LIMITS } from '../../local/server';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { createWriteup } from '../helpers/apps';

// Attendees' names reach facilitators and admins only: pages, API and exports.
const OWN = 'https://signals.example.com';
const RULES = { adminEmails: [], adminGroups: [], facilitatorGroups: ['facilitators'] };
const NAMES = ['Priya Raman', 'Sam Okafor', 'Jo Lindqvist'];

let app: ReturnType<typeof localApp>;
let reviewId: string;
const cookie = {} as Record<'viewer' | 'facilitator', string>;

beforeAll(async () => {
  const deps = await testDeps({ now: () => new Date(), roles: RULES });
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'named');
  const review = await (
    await app.request('/api/writeups/named/reviews', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ startsAt: new Date().toISOString(), invitees: [NAMES[0]] }),
    })
  ).json();
  reviewId = review.id;
  const checkin = await app.request(new URL(review.checkinUrl).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.7' },
    body: new URLSearchParams({ name: NAMES[1]!, invited: 'no', role: 'observer' }),
  });
  expect(checkin.status).toBeLessThan(400);
  const record = await app.request(`/api/reviews/${reviewId}/attendance`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ attendees: [{ name: NAMES[2], invited: true, participated: true }] }),
  });
  expect(record.status).toBe(200);
  await settled();
  for (const [role, groups] of [
    ['viewer', []],
    ['facilitator', ['facilitators']],
  ] as const) {
    cookie[role] =
      `ls_session=${(await signIn(deps.store, { iss: 'https://idp.acme.example', sub: role, email: `${role}@acme.example`, name: role, groups: [...groups] }, RULES, new Date())).session}`;
  }
});

const read = async (path: string, as: 'viewer' | 'facilitator') => {
  const res = await app.request(`${OWN}${path}`, { headers: { cookie: cookie[as], accept: 'text/html' } });
  return { status: res.status, body: await res.text() };
};

describe("attendees' names", () => {
  const paths = () => [`/api/reviews/${reviewId}`, '/api/writeups/named/reviews', '/writeups/named'];

  it("reach a facilitator on the review, the write-up's reviews and its page", async () => {
    const seen = new Set<string>();
    for (const path of paths()) {
      const { status, body } = await read(path, 'facilitator');
      expect(status, path).toBe(200);
      for (const name of NAMES) if (body.includes(name)) seen.add(name);
    }
    expect([...seen].sort()).toEqual([...NAMES].sort());
  });

  it('never reach a viewer, who sees the counts instead', async () => {
    for (const path of paths()) {
      const { status, body } = await read(path, 'viewer');
      expect(status, path).toBe(200);
      for (const name of NAMES) expect(body, `${name} in ${path}`).not.toContain(name);
    }
    const review = JSON.parse((await read(`/api/reviews/${reviewId}`, 'viewer')).body);
    expect(review.attendance).toMatchObject({ attendees: 2, voluntary: 1 });
    expect(review.invitees).toBe(1);
    expect((await read('/writeups/named', 'viewer')).body).toContain('2 attendees');
  });

  it('are not in the exports a viewer may have, and the ones with names are refused', async () => {
    for (const file of ['attendance', 'responses']) {
      expect((await read(`/api/export/${file}.csv`, 'viewer')).status).toBe(403);
      expect((await read(`/api/export/${file}.csv`, 'facilitator')).status).toBe(403);
    }
    for (const file of ['reads', 'links']) {
      const { status, body } = await read(`/api/export/${file}.csv`, 'viewer');
      expect(status).toBe(200);
      for (const name of NAMES) expect(body).not.toContain(name);
    }
    const admin = await app.request('/api/export/attendance.csv', { headers: adminHeaders });
    const csv = await admin.text();
    // Who came (the invitee who did not come is on the review, not in attendance).
    for (const name of NAMES.slice(1)) expect(csv).toContain(name);
  });
});
