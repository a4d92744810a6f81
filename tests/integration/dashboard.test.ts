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
  it('on first open, say how to add the first write-up, each step a link to its page rather than a command', async () => {
    const deps = await testDeps({ now: () => NOW, publicUrl: 'https://signals.acme.example' });
    const app = localApp(deps);
    cookies.set(app, await loginCookie(deps));
    const html = await page(app, '/');
    expect(html).toContain('Add your first write-up');
    for (const href of ['/writeups/new', '/writeups/import', '/templates', '/tokens', '/api/docs']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('curl');
    await createWriteup(app, 'first');
    expect(await page(app, '/')).not.toContain('Add your first write-up');
  });

  it('on first open, tell a viewer who adds write-ups, rather than commands they may not run', async () => {
    const deps = await testDeps({ now: () => NOW });
    const app = localApp(deps);
    const { session } = await signIn(
      deps.store,
      { iss: 'https://idp.acme.example', sub: 'vic', email: 'vic@acme.example', name: 'Vic', groups: [] },
      { adminEmails: [], adminGroups: [], facilitatorGroups: [] },
      new Date(),
    );
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
    await app.request('/api/writeups/single/links', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ url: 'https://github.com/acme/api/pull/1' }),
    });
    const overview = await page(app, '/');
    expect(overview).toContain('1 write-up;');
    expect(overview).toContain('1 engaged read in all');
    expect(overview).not.toMatch(/\b1 (write-ups|engaged reads|page views|daily readers)\b/);
    const writeup = await page(app, '/writeups/single');
    expect(writeup).toContain('1 place points here');
    expect(writeup).toContain('1 read in all');
  });
});

describe("a leader's view of the organization", () => {
  it('filters by tag, compares each signal with the period before, and shows recent words with their write-ups', async () => {
    const deps = await testDeps({ now: () => NOW });
    const app = localApp(deps);
    cookies.set(app, await loginCookie(deps));
    await createWriteup(app, 'pay-outage', { title: 'Payments outage', tags: ['payments'], publishedAt: '2026-04-01' });
    await createWriteup(app, 'dns-outage', { title: 'DNS outage', tags: ['network'], publishedAt: '2026-04-01' });
    for (let i = 0; i < 3; i++) {
      await sendBeacon(
        app,
        { w: 'pay-outage', k: 'view', u: 'https://docs.example.com/pir/pay-outage', r: null, v: newVisitId() },
        { 'x-forwarded-for': `198.51.100.${i + 1}` },
      );
    }
    await sendBeacon(app, { w: 'dns-outage', k: 'view', u: 'https://docs.example.com/pir/dns-outage', r: null, v: newVisitId() });
    const review = await (
      await app.request('/api/writeups/pay-outage/reviews', {
        method: 'POST',
        headers: adminHeaders,
        body: JSON.stringify({ startsAt: '2026-05-09T10:00:00Z' }),
      })
    ).json();
    const answered = await app.request(new URL(review.surveyUrl).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: 'leader-view-submission-1', learned: 'yes', surprise: 'Retries doubled the load on the ledger.' }),
    });
    expect(answered.status).toBe(201);

    const all = await page(app, '/?from=2026-04-11&to=2026-05-10');
    expect(all).toContain('DNS outage');
    expect(all).toContain('Payments outage');
    expect(all).toContain('4 page views in all');
    expect(all).toContain('None in the 30 days before.');
    expect(all).toContain('In participants&#39; own words, lately');
    expect(all).toContain('Retries doubled the load on the ledger.');
    expect(all).toContain('href="/writeups/pay-outage?from=2026-04-11&amp;to=2026-05-10"');

    const payments = await page(app, '/?from=2026-04-11&to=2026-05-10&tag=payments');
    expect(payments).toContain('write-ups tagged “payments”');
    expect(payments).toContain('3 page views in all');
    expect(payments).not.toContain('DNS outage');
    const network = await page(app, '/?from=2026-04-11&to=2026-05-10&tag=network');
    expect(network).toContain('1 page view in all');
    expect(network).not.toContain('Retries doubled');

    // The month after: reads are down against this one.
    const later = await page(app, '/?from=2026-05-11&to=2026-06-09');
    expect(later).toContain('▼ down 100 % on the 30 days before (4).');
  });
});
