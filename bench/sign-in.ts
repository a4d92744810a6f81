import { createStore } from '../functions/data/client';
import { ensureTable } from '../functions/data/bootstrap';
import { signIn } from '../functions/services/people';
import { localApp, NO_LIMITS } from '../local/server';
import { freePort } from '../local/dynamodb-local';
import { loadTrackerScript } from '../web/tracker-script';
import { CLIENT, startIdentityProvider, throughProvider } from '../tests/helpers/identity-provider';
import { fmt, medianMs, startServer } from './lib';

const ROLES = { adminEmails: [], adminGroups: ['sre-leads'], facilitatorGroups: ['facilitators'] };

/**
 * Signing in, and what checking a caller costs. The round trip runs `npm
 * start`'s server against a real OpenID Connect provider (oidc-provider) on
 * this machine: `/auth/login`, the provider's login and consent pages, the
 * callback, then the dashboard. The check's cost is counted in store reads a
 * request (in-process, the store's calls counted) and timed over HTTP.
 */
export async function benchSignIn(env: Record<string, string>, endpoint: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startIdentityProvider([`${base}/auth/callback`]);
  const server = await startServer(
    { ...env, PUBLIC_URL: base, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret, OIDC_ADMIN_GROUPS: 'sre-leads' },
    port,
  );
  try {
    const times = { ours: [] as number[], whole: [] as number[] };
    let session = '';
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const login = await fetch(`${base}/auth/login?next=/`, { redirect: 'manual' });
      const bound = /(ls_signin=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
      const afterLogin = performance.now();
      const callback = await throughProvider(login.headers.get('location')!, 'alice');
      const atCallback = performance.now();
      const done = await fetch(callback, { headers: { cookie: bound } });
      await done.text();
      session = /(ls_session=[^;]+)/.exec(done.headers.get('set-cookie') ?? '')![1]!;
      const dashboard = await fetch(`${base}/`, { headers: { cookie: session } });
      await dashboard.text();
      if (dashboard.status !== 200) throw new Error(`dashboard answered ${dashboard.status}`);
      const ended = performance.now();
      times.whole.push(ended - started);
      times.ours.push(afterLogin - started + (ended - atCallback));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log('\n## Sign-in (npm start and oidc-provider on this machine, 21 sign-ins)');
    console.log(
      `login to dashboard: median ${fmt(median(times.whole), 1)} ms in all, of which ${fmt(median(times.ours), 1)} ms in Learning Signals (/auth/login, /auth/callback with the code exchange and key check, the first page); the rest is the provider's pages`,
    );

    const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
    const made = await (
      await fetch(`${base}/api/tokens`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) })
    ).json();
    const credentials: Array<[string, Record<string, string>]> = [
      ['none (public GET /api/openapi.json)', {}],
      ['admin token', admin],
      ['session cookie', { cookie: session }],
      ['personal token', { authorization: `Bearer ${made.token}` }],
    ];
    const timed: string[] = [];
    for (const [name, headers] of credentials) {
      const path = name.startsWith('none') ? '/api/openapi.json' : '/api/me';
      await fetch(`${base}${path}`, { headers });
      timed.push(`${name} ${fmt(await medianMs(300, async () => (await fetch(`${base}${path}`, { headers })).arrayBuffer()), 2)} ms`);
    }
    console.log(`a request's median over HTTP (GET /api/me, which does nothing else): ${timed.join(' · ')}`);
  } finally {
    server.stop();
    await idp.stop();
  }

  // Reads a request, counted at the store.
  const store = createStore({ table: 'bench-check', endpoint });
  await ensureTable(store);
  const calls: string[] = [];
  const send = store.doc.send.bind(store.doc) as (command: { constructor: { name: string } }) => Promise<unknown>;
  store.doc.send = ((command: { constructor: { name: string } }) => {
    calls.push(command.constructor.name);
    return send(command);
  }) as typeof store.doc.send;
  const app = localApp({ store, readSeconds: 30, adminToken: async () => env.ADMIN_TOKEN!, trackerScript: loadTrackerScript, roles: ROLES }, NO_LIMITS);
  const { session } = await signIn(
    store,
    { iss: 'https://idp.acme.example', sub: 'alice', email: 'alice@acme.example', name: 'Alice', groups: ['sre-leads'] },
    ROLES,
    new Date(),
  );
  const token = (
    await (
      await app.request('/api/tokens', {
        method: 'POST',
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'count' }),
      })
    ).json()
  ).token;
  await app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
  const counted: string[] = [];
  for (const [name, path, headers] of [
    ['public route', '/api/openapi.json', {}],
    ['admin token', '/api/me', { authorization: `Bearer ${env.ADMIN_TOKEN}` }],
    ['session', '/api/me', { cookie: `ls_session=${session}` }],
    ['personal token', '/api/me', { authorization: `Bearer ${token}` }],
    ['no credentials (401)', '/api/me', {}],
  ] as const) {
    calls.length = 0;
    await app.request(path, { headers });
    counted.push(`${name} ${calls.length}`);
  }
  console.log(
    `store requests a request for the caller and role check: ${counted.join(' · ')} (a personal token also writes its last use, at most once a minute)`,
  );
}
