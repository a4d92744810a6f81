import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/data/client';
import { localApp, NO_LIMITS } from '../../local/server';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { createWriteup } from '../helpers/apps';
import { recordFigure } from '../helpers/figures';
import { allItems } from '../helpers/table';

let app: ReturnType<typeof localApp>;
let store: Store;
let tokens: { checkin: string; survey: string };

beforeAll(async () => {
  const deps = await testDeps();
  store = deps.store;
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'fuzzed');
  const review = await (
    await app.request('/api/writeups/fuzzed/reviews', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ startsAt: '2026-01-01T10:00:00Z' }) })
  ).json();
  tokens = { checkin: new URL(review.checkinUrl).pathname.slice(3), survey: new URL(review.surveyUrl).pathname.slice(3) };
});

/**
 * The table, but for the entries of refused admin-token logins: those are
 * recorded on purpose (issue 22), hold nothing the request sent, and are
 * checked on their own below.
 */
const isRefusedLogin = (item: Record<string, unknown>) => item.action === 'session.refused';
const digest = async () => {
  const items = await allItems(store);
  const rest = items.filter((i) => !isRefusedLogin(i)).map((i) => JSON.stringify(i));
  return { rest: createHash('sha256').update(JSON.stringify(rest.sort())).digest('hex'), refusedLogins: items.filter(isRefusedLogin) };
};

/** Hostile text: control characters, unicode, path tricks, markup, huge and empty. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, as text on purpose.
    '${7*7}',
    '__proto__',
    'constructor',
    '🙂'.repeat(20),
    'A'.repeat(5_000),
    'javascript:alert(1)',
    '\r\nSet-Cookie: x=1',
  ),
);
/** Header values can only carry bytes, and no line breaks: what an HTTP client could send. */
const headerText = hostileText.map((t) => t.replace(/[^\x20-\x7e\x80-\xff\t]/g, '?'));
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    { w: hostileText, k: fc.constantFrom('view', 'engage', 'x'), u: hostileText, v: hostileText, e: fc.oneof(fc.integer(), fc.double()), s: fc.double() },
    { requiredKeys: [] },
  ),
  fc.record({ id: hostileText, title: hostileText, url: hostileText, tags: fc.array(hostileText, { maxLength: 30 }) }, { requiredKeys: [] }),
  fc.record(
    { name: hostileText, invited: hostileText, role: hostileText, learned: hostileText, understanding: hostileText, submissionId: hostileText },
    { requiredKeys: [] },
  ),
);
const hostileBody = fc.oneof(
  hostileJson.map((v) => JSON.stringify(v)),
  hostileText,
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);
const hostileHeaders = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
      '',
      'application/json; charset=utf-16',
    ),
    'user-agent': fc.oneof(fc.constant(BROWSER_UA), headerText),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), headerText),
    accept: fc.constantFrom('text/html', 'application/json', '*/*'),
    origin: fc.oneof(fc.webUrl(), headerText),
    referer: fc.oneof(fc.webUrl(), headerText),
    cookie: fc.oneof(fc.constant('ls_session=1.abc'), headerText),
  },
  { requiredKeys: [] },
);
const pathSegment = fc.oneof(
  hostileText.map((t) => encodeURIComponent(t)),
  fc.constantFrom('fuzzed', '..', '%2e%2e', 'a'.repeat(300)),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(fc.constantFrom('w', 'from', 'to', 'bucket', 'limit', 'after', 'next', 'sort'), hostileText, { maxKeys: 4 })
    .map((d) => `?${new URLSearchParams(d)}`),
);

/** Every route the app registered (from the operations' declarations). */
const routes = () =>
  [...new Map(app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r])).values()].map((r) => ({ method: r.method, path: r.path }));

const fill = (path: string, segment: string) =>
  path
    .replace(':token', tokens.survey.length && path.startsWith('/c/') ? tokens.checkin : tokens.survey)
    .replace(/:[a-z]+(\{[^}]+\})?/gi, segment)
    .replace('*', segment);

describe('hostile input on every route', () => {
  it('never answers 5xx, and a refused request leaves the table as it was', async () => {
    let tried = 0;
    let refused = 0;
    // Counts follow accepted requests a moment later: wait for them before judging the next refusal.
    let countsPending = true;
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(pathSegment, query, hostileHeaders, hostileBody, fc.boolean(), async (segment, search, headers, body, withToken) => {
          const hasBody = !['GET', 'HEAD'].includes(route.method);
          if (countsPending) await settled();
          countsPending = false;
          const before = await digest();
          const res = await app.request(`${fill(route.path, segment)}${search}`, {
            method: route.method,
            headers: { ...headers, ...(withToken && route.path.startsWith('/api/') ? { authorization: adminHeaders.authorization } : {}) },
            ...(hasBody ? { body } : {}),
          });
          await res.arrayBuffer();
          tried++;
          expect(res.status, `${route.method} ${route.path}`).toBeLessThan(500);
          if (res.status < 400) countsPending = true;
          if (res.status >= 400) {
            refused++;
            const after = await digest();
            expect(after.rest, `${route.method} ${route.path} answered ${res.status} but wrote`).toBe(before.rest);
            // A wrong admin token at the login form leaves exactly one entry, the same whatever was sent.
            const loginRefused = route.method === 'POST' && route.path === '/login' && res.status === 401;
            expect(after.refusedLogins.length - before.refusedLogins.length, `${route.method} ${route.path} answered ${res.status}`).toBe(loginRefused ? 1 : 0);
            for (const entry of after.refusedLogins)
              expect(entry).toMatchObject({ actor: 'unknown', action: 'session.refused', target: 'a wrong admin token', route: 'POST /login', status: 401 });
          }
        }),
        { numRuns: 40 },
      );
    }
    recordFigure(
      `hostile input: ${tried} requests over ${routes().length} routes, ${refused} refused, none answered 5xx, none refused left a trace but a refused login's one audit entry`,
    );
  }, 300_000);

  it('takes thousands of hostile beacons without a 5xx', async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileHeaders, hostileBody, async (headers, body) => {
        const res = await app.request('/e', { method: 'POST', headers, body });
        tried++;
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 1_500 },
    );
    recordFigure(`hostile beacons: ${tried} bodies and header sets, none answered 5xx`);
  }, 300_000);
});
