import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../functions/domain/people';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';

// What the audit trail names, and what happens when it cannot be written.

let app: ReturnType<typeof localApp>;
let deps: AppDeps;
const OWN = 'https://signals.example.com';

type Entry = AuditEntry;
const trail = async (at = app): Promise<Entry[]> => (await (await at.request('/api/audit', { headers: adminHeaders })).json()).items;

beforeAll(async () => {
  deps = await testDeps();
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'alpha');
  await createWriteup(app, 'beta');
  await createWriteup(app, 'gamma');
});

describe('the audit entry names what changed', () => {
  it('a batch of links: every write-up it touched', async () => {
    const res = await app.request('/api/links', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({
        links: [
          { writeup: 'beta', url: 'https://github.com/acme/pay/pull/1' },
          { writeup: 'alpha', url: 'https://github.com/acme/pay/pull/2' },
          { writeup: 'beta', url: 'https://github.com/acme/pay/pull/3' },
          { writeup: 'no-such-writeup', url: 'https://github.com/acme/pay/pull/4' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const entry = (await trail()).find((e) => e.action === 'link.register-batch')!;
    expect(entry.target.split(', ')).toEqual(['alpha', 'beta']);
  });

  it('a batch without a path: what it touched, counted (an import, a check, a recount)', async () => {
    const csv = 'title,url\nOne,https://wiki.example.com/one\nTwo,https://wiki.example.com/two\n';
    const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
    expect((await post('/api/writeups/import', { csv, dryRun: true })).status).toBe(200);
    expect((await post('/api/writeups/import', { csv })).status).toBe(201);
    expect((await post('/api/recount', { writeup: 'alpha', from: '2026-01-01', to: '2026-01-31', dryRun: true })).status).toBe(200);
    const entries = await trail();
    expect(entries.filter((e) => e.action === 'writeup.import').map((e) => e.target)).toEqual(['2 write-ups', '2 write-ups checked, none imported']);
    expect(entries.find((e) => e.action === 'counts.recount')!.target).toBe('write-up alpha, 2026-01-01 to 2026-01-31: 0 corrections found (dry run)');
  });

  it('a scheduled review: the new review, and its write-up, by the API and by the page', async () => {
    const byApi = await app.request('/api/writeups/gamma/reviews', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ startsAt: '2026-11-01T10:00:00Z' }),
    });
    expect(byApi.status).toBe(201);
    const apiReview = (await byApi.json()).id as string;
    const byPage = await app.request(`${OWN}/writeups/gamma/reviews`, {
      method: 'POST',
      headers: { cookie: await loginCookie(deps), origin: OWN, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ startsLocal: '2026-11-02T10:00', timeZone: 'UTC', anonymous: 'yes' }),
    });
    expect(byPage.status).toBe(303);
    const pageReview = /^\/reviews\/([^?]+)/.exec(byPage.headers.get('location')!)![1]!;
    const targets = (await trail()).filter((e) => e.action === 'review.schedule').map((e) => e.target);
    expect(targets).toContain(`${apiReview} (write-up gamma)`);
    expect(targets).toContain(`${pageReview} (write-up gamma)`);
  });
});

describe('the audit trail records', () => {
  it('a failed admin-token login: by "unknown", never the token typed nor the address', async () => {
    const res = await app.request(`${OWN}/login`, {
      method: 'POST',
      headers: { origin: OWN, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.77' },
      body: new URLSearchParams({ token: 'guessing-the-admin-token-9931', next: '/' }),
    });
    expect(res.status).toBe(401);
    const refused = (await trail()).filter((e) => e.action === 'session.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: 'unknown', route: 'POST /login', status: 401 });
    expect(JSON.stringify(refused[0])).not.toContain('guessing-the-admin-token');
    expect(JSON.stringify(refused[0])).not.toContain('203.0.113.77');
  });

  it('downloads of the exports with names and of the trail itself; not of the counts', async () => {
    for (const name of ['attendance', 'responses', 'audit', 'reads', 'links']) {
      const res = await app.request(`/api/export/${name}.csv?from=2026-01-01&to=2026-01-31`, { headers: adminHeaders });
      expect(res.status, name).toBe(200);
      await res.text();
    }
    const downloads = (await trail()).filter((e) => e.action === 'export.download');
    expect(downloads.map((e) => e.target).sort()).toEqual([
      'attendance.csv from 2026-01-01 to 2026-01-31',
      'audit.csv from 2026-01-01 to 2026-01-31',
      'responses.csv from 2026-01-01 to 2026-01-31',
    ]);
    expect(downloads.every((e) => e.actor === 'admin token' && e.route.startsWith('GET /api/export/'))).toBe(true);
    await app.request('/api/export/attendance.csv', { headers: adminHeaders });
    expect((await trail()).filter((e) => e.action === 'export.download').map((e) => e.target)).toContain('attendance.csv (everything)');
  });
});

describe('an audit entry that cannot be written', () => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves the change standing, says so in the answer, and puts the whole entry in the log as an error', async () => {
    const failing = await testDeps();
    let tries = 0;
    const send = failing.store.doc.send.bind(failing.store.doc) as (...args: unknown[]) => Promise<unknown>;
    failing.store.doc.send = (async (...args: unknown[]) => {
      const input = (args[0] as { input?: { Item?: { pk?: string } } }).input;
      if (String(input?.Item?.pk ?? '').startsWith('AUDIT#')) {
        tries++;
        throw Object.assign(new Error('the audit partition is throttled'), { name: 'ProvisionedThroughputExceededException' });
      }
      return send(...args);
    }) as typeof failing.store.doc.send;
    const broken = localApp(failing, NO_LIMITS);
    const logged: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        logged.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }

    const res = await broken.request('/api/writeups', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ id: 'kept', title: 'Kept', url: 'https://docs.example.com/pir/kept' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-audit-entry')).toBe('missing');
    expect((await broken.request('/api/writeups/kept', { headers: adminHeaders })).status).toBe(200);
    expect(tries).toBe(3);
    const line = logged.map((l) => l.trim()).find((l) => l.includes('audit entry not written'));
    expect(line, logged.join('\n')).toBeDefined();
    const record = JSON.parse(line!);
    expect(record.level).toBe('ERROR');
    expect(record.entry).toMatchObject({ actor: 'admin token', action: 'writeup.create', target: 'kept', route: 'POST /api/writeups', status: 201 });
    expect((await trail(broken)).filter((e) => e.action === 'writeup.create')).toEqual([]);

    // A written entry leaves no such header.
    const fine = await app.request('/api/writeups', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ id: 'recorded', title: 'Recorded', url: 'https://docs.example.com/pir/recorded' }),
    });
    expect(fine.status).toBe(201);
    expect(fine.headers.get('x-audit-entry')).toBeNull();
  });
});
