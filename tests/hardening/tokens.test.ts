import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/domain/people';
import { startSession } from '../../functions/services/access';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

// Personal tokens: who may make them, how long they live, how many a person
// holds, and what listing them costs. Each as a person or a script would meet it.

let app: ReturnType<typeof localApp>;
let deps: AppDeps;
const OWN = 'https://signals.example.com';
/** Items the store handed back since the last reset: what a request cost. */
let itemsRead = 0;

beforeAll(async () => {
  deps = await testDeps();
  app = localApp(deps, NO_LIMITS);
  const send = deps.store.doc.send.bind(deps.store.doc) as (...args: unknown[]) => Promise<Record<string, unknown>>;
  deps.store.doc.send = (async (...args: unknown[]) => {
    const out = await send(...args);
    const items = (out.Items as unknown[] | undefined)?.length ?? (out.Item ? 1 : 0);
    itemsRead += Math.max(items, Number(out.ScannedCount ?? 0));
    return out;
  }) as typeof deps.store.doc.send;
});

/** A signed-in person's session cookie, as signing in makes one. */
async function sessionOf(email: string, role: Role = 'viewer'): Promise<string> {
  return `ls_session=${await startSession(deps.store, { email, name: email, role }, new Date())}`;
}

const make = (credential: Record<string, string>, name = 'ci', at = app) =>
  at.request(`${OWN}/api/tokens`, {
    method: 'POST',
    headers: { ...credential, ...(credential.cookie ? { origin: OWN } : {}), 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asAdmin = bearer(ADMIN_TOKEN);

/** A token as an earlier version stored it: in the one partition of all tokens, with no trace of the admin token that made it. */
async function storeTokenTheOldWay(token: { id: string; secret: string; name: string; owner: string; role: string; days: number }) {
  const now = new Date();
  await deps.store.doc.send(
    new PutCommand({
      TableName: deps.store.table,
      Item: {
        pk: `APITOKEN#${token.id}`,
        sk: 'APITOKEN',
        gsi1pk: 'APITOKENS',
        gsi1sk: `${now.toISOString()}#${token.id}`,
        id: token.id,
        name: token.name,
        owner: token.owner,
        role: token.role,
        secretHash: createHash('sha256').update(token.secret).digest('base64url'),
        createdAt: now.toISOString(),
        validUntil: new Date(now.getTime() + token.days * 86_400_000).toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + (token.days + 30) * 86_400,
      },
    }),
  );
}

describe('who may make a token', () => {
  it('refuses a caller who came with a personal token, by the API and by the page', async () => {
    const cookie = await sessionOf('parent@acme.example', 'facilitator');
    const parent = await (await make({ cookie })).json();
    const byApi = await make(bearer(parent.token), 'child');
    expect(byApi.status).toBe(403);
    expect((await byApi.json()).error.message).toMatch(/a token cannot make tokens/i);
    const byPage = await app.request(`${OWN}/tokens`, {
      method: 'POST',
      headers: { ...bearer(parent.token), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'child', expiresInDays: '365' }),
    });
    expect(byPage.status).toBe(403);
    expect(await byPage.text()).toMatch(/a token cannot make tokens/i);
    const mine = (await (await app.request(`${OWN}/api/tokens`, { headers: { cookie } })).json()).tokens;
    expect(mine.map((t: { name: string }) => t.name)).toEqual(['ci']);
  });

  it('refuses a token made with the admin token once the admin token changes, whether made by bearer or by an admin-token login', async () => {
    const byBearer = await (await make(asAdmin, 'made by bearer')).json();
    const login = await app.request(`${OWN}/login`, {
      method: 'POST',
      headers: { origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
    });
    const cookie = /^((?:__Host-)?ls_session=[^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    const bySession = await (await make({ cookie }, 'made by login')).json();
    expect(bySession.role).toBe('admin');
    const rotated = localApp({ ...deps, adminToken: async () => 'a-brand-new-admin-token-42' }, NO_LIMITS);
    for (const made of [byBearer, bySession]) {
      expect((await app.request('/api/me', { headers: bearer(made.token) })).status, made.name).toBe(200);
      expect((await rotated.request('/api/me', { headers: bearer(made.token) })).status, made.name).toBe(401);
    }
    // A person's token does not depend on the admin token.
    const person = await (await make({ cookie: await sessionOf('steady@acme.example') })).json();
    expect((await rotated.request('/api/me', { headers: bearer(person.token) })).status).toBe(200);
  });

  it('refuses a token the admin token made before tokens kept which admin token made them', async () => {
    const id = 'aaaaaaaaaaaaaaa1';
    const secret = 'S'.repeat(43);
    // As an earlier version stored one: no trace of the admin token, listed in the one partition of all tokens.
    await storeTokenTheOldWay({ id, secret, name: 'old admin script', owner: 'admin token', role: 'admin', days: 365 });
    expect((await app.request('/api/me', { headers: bearer(`lsp_${id}_${secret}`) })).status).toBe(401);
  });
});

describe('at most 20 live tokens a person', () => {
  it('refuses the 21st with 409 naming the limit, by the API and beside the page form; revoking one makes room', async () => {
    const cookie = await sessionOf('hoarder@acme.example');
    const made = [];
    for (let i = 0; i < 20; i++) {
      const res = await make({ cookie }, `t${i}`);
      expect(res.status, `token ${i + 1}`).toBe(201);
      made.push(await res.json());
    }
    const refused = await make({ cookie }, 'one too many');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/20 live tokens/);
    const page = await app.request(`${OWN}/tokens`, {
      method: 'POST',
      headers: { cookie, origin: OWN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'by the form', expiresInDays: '30' }),
    });
    expect(page.status).toBe(409);
    expect(await page.text()).toMatch(/<span class="field-error" id="token-error">[^<]*20 live tokens/);
    expect(await (await app.request(`${OWN}/tokens`, { headers: { cookie } })).text()).toContain('at most 20 live tokens');

    expect((await app.request(`${OWN}/api/tokens/${made[0].id}`, { method: 'DELETE', headers: { cookie, origin: OWN } })).status).toBe(204);
    expect((await make({ cookie }, 'after a revoke')).status).toBe(201);
    expect((await make({ cookie }, 'and again too many')).status).toBe(409);
  });

  it('holds under 30 requests at once', async () => {
    const cookie = await sessionOf('racer@acme.example');
    const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => make({ cookie }, `r${i}`)))).map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const listed = (await (await app.request(`${OWN}/api/tokens`, { headers: { cookie } })).json()).tokens;
    expect(listed).toHaveLength(20);
  });

  it('counts the admin token as one person', async () => {
    const before = (await (await app.request(`${OWN}/api/tokens?limit=100`, { headers: asAdmin })).json()).tokens.filter(
      (t: { owner: string; revokedAt: string | null }) => t.owner === 'admin token' && !t.revokedAt,
    ).length;
    for (let i = before; i < 20; i++) expect((await make(asAdmin, `admin ${i}`)).status).toBe(201);
    expect((await make(asAdmin, 'admin 21')).status).toBe(409);
  });
});

describe('listing tokens', () => {
  it("reads only the caller's tokens, however many others hold; an admin pages through everyone's", async () => {
    const people = 40;
    const each = 10;
    const ids = new Set<string>();
    for (let p = 0; p < people; p++) {
      const cookie = await sessionOf(`crowd-${p}@acme.example`);
      const made = await Promise.all(Array.from({ length: each }, (_, i) => make({ cookie }, `crowd ${p}.${i}`)));
      for (const res of made) ids.add((await res.json()).id);
    }
    const viewer = await sessionOf('lonely@acme.example');
    await make({ cookie: viewer }, 'mine');
    itemsRead = 0;
    const started = Date.now();
    const mine = await app.request(`${OWN}/api/tokens`, { headers: { cookie: viewer } });
    const ms = Date.now() - started;
    const viewerRead = itemsRead;
    expect(mine.status).toBe(200);
    expect((await mine.json()).tokens.map((t: { name: string }) => t.name)).toEqual(['mine']);
    // The session, the caller's own token, and at most a look for tokens stored the old way.
    expect(viewerRead).toBeLessThanOrEqual(3);

    itemsRead = 0;
    const page = await app.request(`${OWN}/tokens`, { headers: { cookie: viewer } });
    expect(page.status).toBe(200);
    expect(itemsRead).toBeLessThanOrEqual(3);

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    let mostRead = 0;
    do {
      itemsRead = 0;
      const res = await app.request(`${OWN}/api/tokens?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: asAdmin });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.tokens.length).toBeLessThanOrEqual(50);
      seen.push(...body.tokens.map((t: { id: string }) => t.id));
      after = body.next;
      pages++;
      mostRead = Math.max(mostRead, itemsRead);
    } while (after && pages < 100);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    expect(mostRead).toBeLessThan(200);
    expect((await app.request(`${OWN}/api/tokens?after=not-a-cursor`, { headers: asAdmin })).status).toBe(400);
    // The page pages too: a link to older tokens, and a word for a link it never gave.
    const firstPage = await (await app.request(`${OWN}/tokens`, { headers: asAdmin })).text();
    const older = /href="\/tokens\?after=([^"]+)"/.exec(firstPage)?.[1];
    expect(older).toBeDefined();
    const secondPage = await app.request(`${OWN}/tokens?after=${older}`, { headers: asAdmin });
    expect(secondPage.status).toBe(200);
    // 50 rows a page; a revoked token (an earlier test's) shows no revoke button, so rows are counted, not buttons.
    expect(firstPage.match(/<th scope="row"/g)).toHaveLength(50);
    const firstIds = new Set(firstPage.match(/\/tokens\/[0-9a-f]{16}\/revoke/g));
    expect(firstIds.size).toBeGreaterThan(40);
    expect((await secondPage.text()).match(/\/tokens\/[0-9a-f]{16}\/revoke/g)?.filter((id) => firstIds.has(id))).toEqual([]);
    const forged = await app.request(`${OWN}/tokens?after=not-a-cursor`, { headers: asAdmin });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('not one this page gave');
    recordFigure(
      `tokens: with ${people * each} other people's tokens stored, a viewer's GET /api/tokens read ${viewerRead} items in ${ms} ms; an admin paged through all in ${pages} pages of 50, each reading at most ${mostRead} items`,
    );
  }, 120_000);

  it('still finds a token stored before tokens were listed per person', async () => {
    const id = 'bbbbbbbbbbbbbbb2';
    const secret = 'T'.repeat(43);
    await storeTokenTheOldWay({ id, secret, name: 'from before', owner: 'veteran@acme.example', role: 'viewer', days: 30 });
    const cookie = await sessionOf('veteran@acme.example');
    const listed = (await (await app.request(`${OWN}/api/tokens`, { headers: { cookie } })).json()).tokens;
    expect(listed.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await app.request('/api/me', { headers: bearer(`lsp_${id}_${secret}`) })).status).toBe(200);
    // It counts toward the limit like any other.
    for (let i = 0; i < 19; i++) expect((await make({ cookie }, `v${i}`)).status).toBe(201);
    expect((await make({ cookie }, 'v20')).status).toBe(409);
  });
});
