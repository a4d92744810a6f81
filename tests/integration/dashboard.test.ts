import { describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { signIn } from '../../functions/services/people';
import { createWriteup, newVisitId, sendBeacon } from '../helpers/apps';
import { adminHeaders, loginCookie, settled, testDeps } from '../helpers/deps';

const NOW = new Date('2026-05-10T12:00:00Z');
const cookies = new WeakMap<object, string>();
const page = async (app: ReturnType<typeof localApp>, path: string) => {
  await settled();
  const res = await app.request(path, { headers: { cookie: cookies.get(app)!, accept: 'text/html' } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('dashboard pages', () => {
  it('on first open, say how to add the first write-up, with this server’s address filled in', async () => {
    const deps = await testDeps({ now: () => NOW, publicUrl: 'https://signals.acme.example' });
    const app = localApp(deps);
    cookies.set(app, await loginCookie(deps));
    const html = await page(app, '/');
    expect(html).toContain('Add your first write-up');
    expect(html).toContain('curl -s https://signals.acme.example/api/writeups -H &quot;Authorization: Bearer $TOKEN&quot;');
    expect(html).toContain('https://signals.acme.example/api/writeups/checkout-failover/embed');
    await createWriteup(app, 'first');
    expect(await page(app, '/')).not.toContain('Add your first write-up');
  });

  it('on first open, tell a viewer who adds write-ups, rather than commands they may not run', async () => {
    const deps = await testDeps({ now: () => NOW });
    const app = localApp(deps);
    const { session } = await signIn(deps.store, { email: 'vic@acme.example', name: 'Vic', groups: [] }, { adminEmails: [], adminGroups: [], facilitatorGroups: [] }, new Date());
    cookies.set(app, `ls_session=${session}`);
    const html = await page(app, '/');
    expect(html).toContain('Nothing is tracked yet');
    expect(html).toContain('a facilitator registers them');
    expect(html).not.toContain('curl');
  });

  it('speak of one thing in the singular', async () => {
    const deps = await testDeps({ now: () => NOW });
    const app = localApp(deps);
    cookies.set(app, await loginCookie(deps));
    await createWriteup(app, 'single');
    await sendBeacon(app, { w: 'single', k: 'engage', u: 'https://docs.example.com/pir/single', r: null, v: newVisitId(), e: 40_000, s: 50 });
    await app.request('/api/writeups/single/links', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ url: 'https://github.com/acme/api/pull/1' }) });
    const overview = await page(app, '/');
    expect(overview).toContain('1 write-up;');
    expect(overview).toContain('1 engaged read in all');
    expect(overview).not.toMatch(/\b1 (write-ups|engaged reads|page views|daily readers)\b/);
    const writeup = await page(app, '/writeups/single');
    expect(writeup).toContain('1 place points here');
    expect(writeup).toContain('1 read in all');
  });
});
