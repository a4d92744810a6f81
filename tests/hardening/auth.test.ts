import { beforeAll, describe, expect, it } from 'vitest';
import { adminApp } from '../../functions/admin/app';
import { servedBy } from '../../functions/operations';
import { honoPath, type Operation } from '../../functions/shared/operation';
import { atLeast, ROLES, type Role } from '../../functions/domain/people';
import { startSession } from '../../functions/services/access';
import { signIn } from '../../functions/services/people';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

let app: ReturnType<typeof localApp>;
let deps: AppDeps;
// Real time: the table's TTL would sweep sessions and tokens stamped in the past.
const NOW = new Date();
const OWN = 'https://signals.example.com';
const RULES = { adminEmails: ['root@acme.example'], adminGroups: ['sre-leads'], facilitatorGroups: ['facilitators'] };
/** The identity provider people sign in through: a person is its account `(iss, sub)`. */
const IDP = 'https://idp.acme.example';

/** A session and a personal token for each role, made as people make them. */
const sessions = {} as Record<Role, string>;
const tokens = {} as Record<Role, string>;
let expiredSession: string;
let revokedToken: string;

beforeAll(async () => {
  deps = await testDeps({ now: () => NOW, roles: RULES });
  app = localApp(deps, NO_LIMITS);
  const groups: Record<Role, string[]> = { viewer: [], facilitator: ['facilitators'], admin: ['sre-leads'] };
  for (const role of ROLES) {
    const { session, person } = await signIn(deps.store, { iss: IDP, sub: role, email: `${role}@acme.example`, name: role, groups: groups[role] }, RULES, NOW);
    expect(person.role).toBe(role);
    sessions[role] = `ls_session=${session}`;
    const res = await app.request(`${OWN}/api/tokens`, {
      method: 'POST',
      headers: { cookie: sessions[role], origin: OWN, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${role} script` }),
    });
    expect(res.status).toBe(201);
    tokens[role] = `Bearer ${(await res.json()).token}`;
  }
  expiredSession = `ls_session=${await startSession(deps.store, { email: 'viewer@acme.example', name: 'viewer', role: 'admin' }, new Date(NOW.getTime() - 13 * 3_600_000))}`;
  const res = await app.request(`${OWN}/api/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'to revoke' }),
  });
  const revoked = await res.json();
  expect((await app.request(`${OWN}/api/tokens/${revoked.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(204);
  revokedToken = `Bearer ${revoked.token}`;
});

const fill = (path: string) => path.replace(/:email/g, 'someone%40acme.example').replace(/:[a-z]+/gi, 'x-1');

/** The admin app's operations, as the declarations say them: method, path (`:id`), role, page or API. */
const RULES_OF_ADMIN = servedBy('admin').map((op: Operation) => ({
  method: op.method.toUpperCase(),
  path: honoPath(op.path),
  access: op.access,
  page: op.page,
}));
type RouteRule = (typeof RULES_OF_ADMIN)[number];

function request(rule: RouteRule, credential: { cookie?: string; authorization?: string }) {
  const hasBody = !['GET', 'HEAD'].includes(rule.method);
  const headers: Record<string, string> = { ...credential } as Record<string, string>;
  if (hasBody) headers['content-type'] = 'application/json';
  if (credential.cookie && hasBody) headers.origin = OWN;
  if (rule.page) headers.accept = 'text/html';
  return app.request(`${OWN}${fill(rule.path)}`, { method: rule.method, headers, ...(hasBody ? { body: '{}' } : {}) });
}

const guarded = RULES_OF_ADMIN.filter((rule) => rule.access !== 'public');

describe('the declarations', () => {
  it('cover every route of the admin app, and only those', () => {
    const routes = adminApp(deps).routes.filter((route) => route.method !== 'ALL' && !route.path.endsWith('*'));
    const seen = new Set<RouteRule>();
    for (const route of routes) {
      const found = RULES_OF_ADMIN.find((rule) => rule.method === route.method && rule.path === route.path);
      expect(found?.path, `${route.method} ${route.path} has no declaration`).toBe(route.path);
      seen.add(found!);
    }
    expect(RULES_OF_ADMIN.filter((rule) => !seen.has(rule)).map((rule) => `${rule.method} ${rule.path}`)).toEqual([]);
  });
});

describe('every route × every role × every kind of bad credential', () => {
  it('answers 401 (API) or the login page (pages) without credentials, with an expired session and with a revoked token', async () => {
    let tried = 0;
    for (const rule of guarded) {
      for (const credential of [
        {},
        { cookie: expiredSession },
        { authorization: revokedToken },
        { authorization: `Bearer lsp_0123456789abcdef_${'A'.repeat(43)}` },
      ]) {
        const res = await request(rule, credential);
        tried++;
        const label = `${rule.method} ${rule.path} with ${JSON.stringify(credential).slice(0, 40)}`;
        if (rule.page) {
          expect(res.status, label).toBe(302);
          expect(res.headers.get('location'), label).toMatch(/^\/login\?next=/);
        } else {
          expect(res.status, label).toBe(401);
          expect(res.headers.get('www-authenticate'), label).toContain('Bearer');
        }
      }
    }
    recordFigure(`authorization: ${tried} requests with no, expired or revoked credentials over ${guarded.length} routes, all refused`);
  });

  it('lets each role through exactly where the table says, by session and by personal token alike', async () => {
    let tried = 0;
    for (const rule of guarded) {
      for (const role of ROLES) {
        for (const credential of [{ cookie: sessions[role] }, { authorization: tokens[role] }]) {
          const res = await request(rule, credential);
          tried++;
          const label = `${rule.method} ${rule.path} as ${role} by ${credential.cookie ? 'session' : 'token'}`;
          if (atLeast(role, rule.access as Role)) expect([401, 403], label).not.toContain(res.status);
          else expect(res.status, label).toBe(403);
        }
      }
    }
    recordFigure(
      `authorization: ${tried} requests of 3 roles by session and by token over ${guarded.length} routes, each allowed or 403 as the declarations say`,
    );
  });

  it('refuses a personal token once it has expired', async () => {
    const made = await (
      await app.request(`${OWN}/api/tokens`, {
        method: 'POST',
        headers: { cookie: sessions.viewer, origin: OWN, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'short', expiresInDays: 1 }),
      })
    ).json();
    const tomorrow = localApp({ ...deps, now: () => new Date(NOW.getTime() + 23 * 3_600_000) }, NO_LIMITS);
    const dayAfter = localApp({ ...deps, now: () => new Date(NOW.getTime() + 25 * 3_600_000) }, NO_LIMITS);
    expect((await tomorrow.request('/api/me', { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(200);
    expect((await dayAfter.request('/api/me', { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(401);
  });

  it('takes the admin token as admin, and refuses near misses of it', async () => {
    const nearMisses = [
      'Bearer',
      'Bearer ',
      'Bearer wrong-token',
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `Bearer ${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
      `Bearer  ${ADMIN_TOKEN} extra`,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      ADMIN_TOKEN,
    ];
    for (const authorization of nearMisses) expect((await app.request('/api/writeups', { headers: { authorization } })).status, authorization).toBe(401);
    const me = await app.request('/api/me', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await me.json()).toEqual({ email: null, name: 'admin token', role: 'admin', via: 'admin-token' });
  });

  it('takes a session for changes only from our own pages', async () => {
    const change = (headers: Record<string, string>) =>
      app.request(`${OWN}/api/writeups`, {
        method: 'POST',
        headers: { cookie: sessions.facilitator, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ id: 'by-session', title: 'T', url: 'https://docs.example.com/by-session' }),
      });
    expect((await change({})).status).toBe(403);
    expect((await change({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await change({ origin: OWN })).status).toBe(201);
  });
});

describe('sessions', () => {
  const login = (url: string) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: ADMIN_TOKEN }) });

  it('are HttpOnly, SameSite=Strict and expiring; __Host- and Secure over https', async () => {
    const plain = (await login('http://localhost/login')).headers.get('set-cookie')!;
    expect(plain).toMatch(/^ls_session=/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).toContain('Max-Age=43200');
    expect(plain).not.toMatch(/Secure/);
    const secure = (await login('https://signals.example.com/login')).headers.get('set-cookie')!;
    expect(secure).toMatch(/^__Host-ls_session=.*; Path=\/; .*Secure/);
    expect(secure).not.toMatch(/Domain=/);
  });

  it('get a new id at every login, and end at logout on the next request', async () => {
    const first = /^ls_session=([^;]+)/.exec((await login('http://localhost/login')).headers.get('set-cookie')!)![1];
    const second = /^ls_session=([^;]+)/.exec((await login('http://localhost/login')).headers.get('set-cookie')!)![1];
    expect(first).not.toBe(second);
    const cookie = `ls_session=${second}`;
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('http://localhost/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost' } })).status).toBe(303);
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/api/me', { headers: { cookie: `ls_session=${first}` } })).status).toBe(200);
  });

  it("follow a change of role on the next request, and a token keeps at most its owner's role", async () => {
    const email = 'mover@acme.example';
    const { session } = await signIn(deps.store, { iss: IDP, sub: 'mover', email, name: 'Mover', groups: ['facilitators'] }, RULES, NOW);
    const cookie = `ls_session=${session}`;
    const token = (
      await (
        await app.request(`${OWN}/api/tokens`, {
          method: 'POST',
          headers: { cookie, origin: OWN, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ci' }),
        })
      ).json()
    ).token;
    const create = (headers: Record<string, string>, id: string) =>
      app.request(`${OWN}/api/writeups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ id, title: 'T', url: `https://docs.example.com/${id}` }),
      });
    expect((await create({ cookie, origin: OWN }, 'mover-1')).status).toBe(201);
    const demote = await app.request(`/api/people/${encodeURIComponent(email)}`, {
      method: 'PUT',
      headers: { authorization: tokens.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(demote.status).toBe(200);
    expect((await demote.json()).role).toBe('viewer');
    expect((await create({ cookie, origin: OWN }, 'mover-2')).status).toBe(403);
    expect((await create({ authorization: `Bearer ${token}` }, 'mover-3')).status).toBe(403);
    expect((await app.request('/api/writeups', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // Signing in again with the facilitators' group does not undo an admin's choice.
    const again = await signIn(deps.store, { iss: IDP, sub: 'mover', email, name: 'Mover', groups: ['facilitators'] }, RULES, NOW);
    expect(again.person.role).toBe('viewer');
  });

  it('refuses a session made with an admin token that has since changed', async () => {
    const cookie = await (async () => {
      const res = await login('http://localhost/login');
      return /^(ls_session=[^;]+)/.exec(res.headers.get('set-cookie')!)![1]!;
    })();
    const rotated = localApp({ ...deps, adminToken: async () => 'a-brand-new-admin-token-42' }, NO_LIMITS);
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(200);
    expect((await rotated.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it('checks Origin on the login and logout forms', async () => {
    const post = (path: string, origin: string) =>
      app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: ADMIN_TOKEN }),
      });
    expect((await post('/login', 'https://evil.example')).status).toBe(403);
    expect((await post('/logout', 'https://evil.example')).status).toBe(403);
    expect((await post('/login', 'http://localhost')).status).toBe(303);
    expect((await post('/login', 'https://signals.example.com')).status).toBe(303);
  });
});
