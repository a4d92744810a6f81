import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { RATE_CLASSES } from '../../functions/shared/rate-limit';
import { allItems } from '../helpers/table';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { oidcThrough, otherAccountOf, startIdentityProvider, throughProvider, type IdentityProvider } from '../helpers/identity-provider';

const BASE = 'http://127.0.0.1:3999';
const ROLES = { adminEmails: ['root@acme.example'], adminGroups: ['sre-leads'], facilitatorGroups: ['facilitators'] };

let idp: IdentityProvider;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  idp = await startIdentityProvider([`${BASE}/auth/callback`]);
  deps = await testDeps({
    publicUrl: BASE,
    now: () => new Date(),
    roles: ROLES,
    oidc: oidcThrough(idp),
  });
  app = localApp(deps, NO_LIMITS);
});
afterAll(() => idp?.stop());

/** `/auth/login` as a browser opens it: where it is sent, and the cookie that binds the sign-in to it. */
async function start(target = app, next = '/') {
  const res = await target.request(`${BASE}/auth/login?next=${encodeURIComponent(next)}`);
  expect(res.status).toBe(302);
  const bound = /^(ls_signin=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(bound).toBeTruthy();
  return { location: res.headers.get('location')!, bound: bound! };
}

async function signInAs(login: string, next = '/', target = app) {
  const { location, bound } = await start(target, next);
  const callback = await throughProvider(location, login);
  return { res: await target.request(callback, { headers: { cookie: bound } }), callback, bound };
}

const sessionOf = (res: Response) => /(?:^|, )(ls_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const me = async (cookie: string) => (await app.request(`${BASE}/api/me`, { headers: { cookie } })).json();

describe('sign-in through a real OpenID Connect provider', () => {
  it('offers SSO on the login page, and sends the browser to the provider with PKCE, state and nonce', async () => {
    expect(await (await app.request(`${BASE}/login`)).text()).toContain('Sign in with SSO');
    const { location } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(idp.issuer);
    for (const param of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(param)).toBeTruthy();
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${BASE}/auth/callback`);
  });

  it('signs people in with the role their groups or ADMIN_EMAILS give, and records them', async () => {
    const expected = { alice: 'admin', fran: 'facilitator', vic: 'viewer', root: 'admin' } as const;
    for (const [login, role] of Object.entries(expected)) {
      const { res } = await signInAs(login, '/writeups/x');
      expect(res.status, login).toBe(200);
      const html = await res.text();
      expect(html).toContain(`(${role})`);
      expect(html).toContain('content="0;url=/writeups/x"');
      const cookie = sessionOf(res)!;
      expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
      expect(await me(cookie)).toMatchObject({ email: `${login}@acme.example`, role, via: 'session' });
    }
    const { res } = await signInAs('alice');
    const people = (await (await app.request(`${BASE}/api/people`, { headers: { cookie: sessionOf(res)! } })).json()).people;
    expect(people.map((p: { email: string; role: string }) => `${p.email} ${p.role}`).sort()).toEqual([
      'alice@acme.example admin',
      'fran@acme.example facilitator',
      'root@acme.example admin',
      'vic@acme.example viewer',
    ]);
    expect(people.find((p: { email: string }) => p.email === 'vic@acme.example').lastSignInAt).toBeTruthy();
    const audit = (await (await app.request(`${BASE}/api/audit`, { headers: { cookie: sessionOf(res)! } })).json()).items;
    expect(audit.filter((e: { action: string }) => e.action === 'session.start').length).toBeGreaterThanOrEqual(5);
  });

  it('gives a new session at every sign-in, and logout ends it', async () => {
    const first = sessionOf((await signInAs('vic')).res)!;
    const second = sessionOf((await signInAs('vic')).res)!;
    expect(first).not.toBe(second);
    await app.request(`${BASE}/logout`, { method: 'POST', headers: { cookie: second, origin: BASE } });
    expect((await app.request(`${BASE}/api/me`, { headers: { cookie: second } })).status).toBe(401);
    expect((await app.request(`${BASE}/api/me`, { headers: { cookie: first } })).status).toBe(200);
  });
});

/** A refused sign-in: a page that says why, with the way back, and no session. */
const refused = async (res: Response, words: RegExp) => {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500 + 3);
  expect(res.status).not.toBe(500);
  expect(sessionOf(res)).toBeUndefined();
  const html = await res.text();
  expect(html).toContain('Sign-in did not work');
  expect(html).toMatch(words);
  expect(html).toContain('href="/login"');
};

describe('a sign-in that must not succeed', () => {
  it('refuses a forged state, a replayed callback and a callback from another browser', async () => {
    const { callback, bound, res } = await signInAs('vic');
    expect(res.status).toBe(200);
    await refused(await app.request(callback, { headers: { cookie: bound } }), /finished already/);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state-value');
    await refused(await app.request(forged.href, { headers: { cookie: bound } }), /not started in this browser/);
    const fresh = await start();
    const other = await throughProvider(fresh.location, 'vic');
    await refused(await app.request(other), /not started in this browser/);
    await refused(await app.request(`${BASE}/auth/callback`), /no sign-in to finish/);
  });

  const tampered = async (rewrite: (claims: Record<string, unknown>) => Record<string, unknown>, options?: { foreignKey?: boolean }) => {
    idp.tamper(async (body) => ({ ...body, id_token: await idp.sign(rewrite(decodeJwt(String(body.id_token)) as Record<string, unknown>), options) }));
    try {
      return (await signInAs('alice')).res;
    } finally {
      idp.tamper(undefined);
    }
  };

  it('refuses ID tokens for another audience, signed by an unknown key, expired, or without the nonce', async () => {
    const before = (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('SESSION#')).length;
    await refused(await tampered((c) => ({ ...c, aud: 'another-app' })), /failed a check/);
    await refused(await tampered((c) => c, { foreignKey: true }), /failed a check/);
    await refused(await tampered((c) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 600, iat: Math.floor(Date.now() / 1000) - 1200 })), /failed a check/);
    await refused(await tampered(({ nonce: _nonce, ...c }) => c), /failed a check/);
    await refused(await tampered((c) => ({ ...c, iss: 'https://evil.example' })), /failed a check/);
    const after = (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('SESSION#')).length;
    expect(after).toBe(before);
  });

  it('refuses a person without an e-mail claim, or with one the provider has not verified', async () => {
    await refused((await signInAs('nomail')).res, /e-mail/);
    await refused((await signInAs('unverified')).res, /has not verified/);
    const people = (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('PERSON#')).map((item) => item.email);
    expect(people).not.toContain('unverified@acme.example');
  });

  it('says so when the provider refuses (the person declined)', async () => {
    const { location, bound } = await start();
    const state = new URL(location).searchParams.get('state')!;
    const res = await app.request(
      `${BASE}/auth/callback?error=access_denied&error_description=${encodeURIComponent('The person declined')}&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
      { headers: { cookie: bound } },
    );
    await refused(res, /refused the sign-in: The person declined/);
  });

  it('answers within its time-out when the provider is down or does not answer', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const slowIssuer = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      for (const issuer of [slowIssuer, 'http://127.0.0.1:9']) {
        const other = localApp({ ...deps, oidc: { ...deps.oidc!, issuer, timeoutSeconds: 1 } }, NO_LIMITS);
        const started = Date.now();
        const res = await other.request(`${BASE}/auth/login`);
        expect(Date.now() - started).toBeLessThan(5_000);
        await refused(res, /did not answer|could not be read/);
      }
    } finally {
      silent.close();
    }
  });

  it('without a provider configured, the admin token is the only login', async () => {
    const plain = localApp({ ...deps, oidc: undefined }, NO_LIMITS);
    expect(await (await plain.request(`${BASE}/login`)).text()).not.toContain('Sign in with SSO');
    expect((await plain.request(`${BASE}/auth/login`)).status).toBe(404);
  });
});

const personItem = async (email: string) => (await allItems(deps.store)).find((item) => item.pk === `PERSON#${email}`);
const sessionsOfHolder = async (email: string) => (await allItems(deps.store)).filter((item) => item.gsi1pk === `SESSIONS#${email}`).length;
const peopleAsAdmin = async () =>
  (await (await app.request(`${BASE}/api/people`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()).people as Array<{
    email: string;
    role: string;
    lastSignInAt: string | null;
  }>;

describe('identity rules: who a sign-in names', () => {
  it('takes an e-mail only when the provider says it verified it, with the value true', async () => {
    const expected: Record<string, RegExp> = {
      'una-unsaid': /did not say whether una@acme\.example is verified/,
      'una-false': /has not verified una@acme\.example/,
      // The page escapes quotes.
      'una-text-false': /&quot;email_verified&quot; claim for una@acme\.example is &quot;false&quot;, not true/,
      'una-text-true': /&quot;email_verified&quot; claim for una@acme\.example is &quot;true&quot;, not true/,
      'una-null': /&quot;email_verified&quot; claim for una@acme\.example is null, not true/,
    };
    for (const [login, words] of Object.entries(expected)) {
      const { res } = await signInAs(login);
      expect(res.status, login).toBe(400);
      await refused(res, words);
    }
    expect(await personItem('una@acme.example')).toBeUndefined();
    // The same account with email_verified: true is taken.
    const { res } = await signInAs('una');
    expect(res.status).toBe(200);
    expect(await me(sessionOf(res)!)).toMatchObject({ email: 'una@acme.example', role: 'viewer' });
  });

  it('never makes an admin of an account whose e-mail is in ADMIN_EMAILS but not verified', async () => {
    // root@acme.example may have signed in already, verified, from its own account.
    const before = { item: await personItem('root@acme.example'), sessions: await sessionsOfHolder('root@acme.example') };
    for (const login of ['root-unsaid', 'root-text-false']) {
      const { res } = await signInAs(login);
      expect(res.status, login).toBe(400);
      await refused(res, /root@acme\.example/);
      expect(await sessionsOfHolder('root@acme.example'), login).toBe(before.sessions);
      expect(await personItem('root@acme.example'), login).toEqual(before.item);
    }
  });

  it('binds a person to the account that first signed in: another account with the same e-mail is refused, the first left as it was', async () => {
    const alice = sessionOf((await signInAs('alice')).res)!;
    const before = { item: await personItem('alice@acme.example'), sessions: await sessionsOfHolder('alice@acme.example') };
    expect(before.item).toMatchObject({ iss: idp.issuer, sub: 'alice' });

    const { res } = await signInAs(otherAccountOf('alice'));
    expect(res.status).toBe(403);
    await refused(res, /alice@acme\.example already belongs to another account/);
    expect(await personItem('alice@acme.example')).toEqual(before.item);
    expect(await sessionsOfHolder('alice@acme.example')).toBe(before.sessions);
    expect(await me(alice)).toMatchObject({ email: 'alice@acme.example', role: 'admin' });
    // An admin sees the attempt in the audit trail, not only in the logs.
    const audit = await (await app.request(`${BASE}/api/audit`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        actor: 'unknown',
        action: 'session.refused',
        target: 'alice@acme.example from another account at the identity provider',
        status: 403,
      }),
    );
    // The first account still signs in.
    expect((await signInAs('alice')).res.status).toBe(200);
  });

  it("refuses another account with alice's e-mail but not her groups, and leaves her an admin, her session too", async () => {
    const alice = sessionOf((await signInAs('alice')).res)!;
    const before = await personItem('alice@acme.example');
    expect(before).toMatchObject({ groupRole: 'admin' });

    const { res } = await signInAs('mallory');
    expect(await me(alice)).toMatchObject({ email: 'alice@acme.example', role: 'admin' });
    await refused(res, /alice@acme\.example already belongs to another account/);
    expect(await personItem('alice@acme.example')).toEqual(before);
    const people = await peopleAsAdmin();
    expect(people.find((p) => p.email === 'alice@acme.example')?.role).toBe('admin');
  });

  it('binds a person an admin added before their first sign-in at that sign-in', async () => {
    const added = await app.request(`${BASE}/api/people/${encodeURIComponent('newbie@acme.example')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'facilitator' }),
    });
    expect(added.status).toBe(200);
    const first = await signInAs(otherAccountOf('newbie'));
    expect(first.res.status).toBe(200);
    expect(await first.res.text()).toContain('Signed in as newbie@acme.example (facilitator)');
    await refused((await signInAs('newbie')).res, /already belongs to another account/);
    expect((await signInAs(otherAccountOf('newbie'))).res.status).toBe(200);
  });

  it('binds a person recorded before sign-ins were bound (no iss, no sub) at their next sign-in', async () => {
    const at = new Date(Date.now() - 86_400_000).toISOString();
    // As an earlier version wrote a person: no iss, no sub.
    await deps.store.doc.send(
      new PutCommand({
        TableName: deps.store.table,
        Item: {
          pk: 'PERSON#olga@acme.example',
          sk: 'PERSON',
          email: 'olga@acme.example',
          name: 'olga',
          groupRole: 'viewer',
          createdAt: at,
          lastSignInAt: at,
          gsi1pk: 'PEOPLE',
          gsi1sk: 'olga@acme.example',
        },
      }),
    );
    expect((await peopleAsAdmin()).find((p) => p.email === 'olga@acme.example')).toMatchObject({ role: 'viewer', lastSignInAt: at });
    expect((await signInAs('olga')).res.status).toBe(200);
    expect(await personItem('olga@acme.example')).toMatchObject({ iss: idp.issuer, sub: 'olga', createdAt: at });
    await refused((await signInAs(otherAccountOf('olga'))).res, /already belongs to another account/);
  });

  it('with OIDC_ALLOWED_DOMAINS, refuses a verified e-mail of another domain; unset, takes any the provider vouches for', async () => {
    const { res } = await signInAs('outsider');
    expect(res.status).toBe(403);
    await refused(res, /elsewhere\.example/);
    expect(await personItem('outsider@elsewhere.example')).toBeUndefined();

    const open = localApp({ ...deps, oidc: { ...deps.oidc!, allowedDomains: [] } }, NO_LIMITS);
    const admitted = (await signInAs('outsider', '/', open)).res;
    expect(admitted.status).toBe(200);
    expect(await me(sessionOf(admitted)!)).toMatchObject({ email: 'outsider@elsewhere.example', role: 'viewer' });
  });
});

describe('anonymous calls to /auth/login', () => {
  it('stop writing sign-ins under way once one address has used up the signIn class: 429, nothing written', async () => {
    const { max } = RATE_CLASSES.signIn;
    // The product's own limits, keyed on the address our one proxy wrote.
    const limited = localApp({ ...deps, trustProxy: 1 });
    const flows = async () => (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('SIGNIN#')).length;
    const from = (address: string) => limited.request(`${BASE}/auth/login`, { headers: { 'x-forwarded-for': address } });
    const before = await flows();
    const statuses: number[] = [];
    for (let i = 0; i < max + 20; i++) statuses.push((await from('198.51.100.7')).status);
    expect(statuses.slice(0, max)).toEqual(Array(max).fill(302));
    expect(statuses.slice(max)).toEqual(Array(20).fill(429));
    const refused = await from('198.51.100.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await flows()).toBe(before + max);
    // Someone else starts signing in meanwhile.
    expect((await from('198.51.100.8')).status).toBe(302);
    expect(await flows()).toBe(before + max + 1);
  });
});

describe('where a sign-in goes next', () => {
  const crafted = [
    '/.//evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/%252e//evil.example',
    '/./%2f/evil.example',
    '/x/../..//evil.example/phish',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
  ];
  const ours = (location: string | null) => new URL(location ?? '', BASE).origin === BASE && !/^\/[\\/]/.test(location ?? '');

  it('answers the admin-token login with a Location on this site, whatever `next` says', async () => {
    for (const next of crafted) {
      const res = await app.request(`${BASE}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: ADMIN_TOKEN, next }),
      });
      expect(res.status, next).toBe(303);
      expect(ours(res.headers.get('location')), `${next} → ${res.headers.get('location')}`).toBe(true);
    }
  });

  it('sends the browser on to this site after a round trip through the provider', async () => {
    for (const next of ['/.//evil.example/phish', '/%2e//evil.example']) {
      const { res } = await signInAs('vic', next);
      expect(res.status).toBe(200);
      const target = /content="0;url=([^"]*)"/.exec(await res.text())?.[1] ?? null;
      expect(ours(target), `${next} → ${target}`).toBe(true);
    }
  });
});
