import { beforeAll, describe, expect, it } from 'vitest';
import { sessionValue, SESSION_SECONDS } from '../../functions/shared/session';
import { localApp, NO_LIMITS } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

let app: ReturnType<typeof localApp>;
const NOW = new Date('2026-06-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => NOW }), NO_LIMITS);
});

/** The admin API's and the dashboard's routes, as the app itself lists them. */
function protectedRoutes() {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const isApi = route.path.startsWith('/api/');
    const isPage = route.path === '/' || route.path.startsWith('/writeups/');
    if (isApi || isPage) seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path.replace(/:[a-z]+/gi, 'x-1') });
  }
  return [...seen.values()];
}

const nearMisses = [
  undefined,
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

describe('authentication', () => {
  it('finds the admin and dashboard routes in the route table', () => {
    const routes = protectedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/writeups', 'GET /api/report', 'GET /', 'GET /writeups/x-1']));
  });

  it('refuses every one of them without the token, with a wrong one and with near misses', async () => {
    let tried = 0;
    for (const route of protectedRoutes()) {
      for (const authorization of nearMisses) {
        const res = await app.request(route.path, { method: route.method, headers: authorization ? { authorization } : {}, body: ['GET', 'HEAD'].includes(route.method) ? undefined : '{}' });
        tried++;
        if (route.path.startsWith('/api/')) {
          expect(res.status, `${route.method} ${route.path} with ${authorization}`).toBe(401);
          expect(res.headers.get('www-authenticate')).toContain('Bearer');
        } else {
          expect(res.status, `${route.method} ${route.path}`).toBe(302);
          expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
        }
      }
    }
    recordFigure(`authentication: ${tried} requests without, with wrong and with near-miss tokens over ${protectedRoutes().length} admin and dashboard routes, all refused`);
  });

  it('refuses forged, expired and foreign sessions on the dashboard and for API reads', async () => {
    const cookies = [
      `ls_session=${nowSeconds + 3600}.forged`,
      `ls_session=${sessionValue(ADMIN_TOKEN, nowSeconds - 1)}`,
      `ls_session=${sessionValue('another-token', nowSeconds + 3600)}`,
      `ls_session=${sessionValue(ADMIN_TOKEN, nowSeconds + 3600)}x`,
    ];
    for (const cookie of cookies) {
      expect((await app.request('/', { headers: { cookie } })).status, cookie).toBe(302);
      expect((await app.request('/api/writeups', { headers: { cookie } })).status, cookie).toBe(401);
    }
    const valid = `ls_session=${sessionValue(ADMIN_TOKEN, nowSeconds + 3600)}`;
    expect((await app.request('/', { headers: { cookie: valid } })).status).toBe(200);
    expect((await app.request('/api/writeups', { headers: { cookie: valid } })).status).toBe(200);
    // A session may read the API, never change it.
    expect((await app.request('/api/writeups', { method: 'POST', headers: { cookie: valid }, body: '{}' })).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Strict session that expires, Secure over https', async () => {
    const login = (url: string) =>
      app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: ADMIN_TOKEN }) });
    const plain = (await login('http://localhost/login')).headers.get('set-cookie')!;
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).toContain(`Max-Age=${SESSION_SECONDS}`);
    expect(plain).not.toMatch(/Secure/);
    expect((await login('https://signals.example.com/login')).headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('checks Origin on the dashboard requests that change state', async () => {
    const post = (path: string, origin: string) =>
      app.request(`http://localhost${path}`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: ADMIN_TOKEN }) });
    expect((await post('/login', 'https://evil.example')).status).toBe(403);
    expect((await post('/logout', 'https://evil.example')).status).toBe(403);
    expect((await post('/login', 'http://localhost')).status).toBe(303);
    expect((await post('/login', 'https://signals.example.com')).status).toBe(303);
  });
});
