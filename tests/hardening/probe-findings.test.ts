import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { referenceFinder } from '../../functions/domain/references';
import { safeNext } from '../../functions/shared/session';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup, newVisitId, report, requestsTo, sendBeacon } from '../helpers/apps';
import { ADMIN_TOKEN, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { allItems } from '../helpers/table';
import { serveApp, type Running } from '../helpers/servers';
import type { Store } from '../../functions/data/client';

/**
 * What a security probe found, each closed: forged signals, ways to exhaust a
 * server, and the small holes beside them.
 */
let app: ReturnType<typeof localApp>;
let store: Store;
let product: Running;
const now = new Date('2026-06-10T15:00:00Z');
const { api, form } = requestsTo(() => app, { accept: 'text/html' });

beforeAll(async () => {
  const deps = await testDeps({ now: () => now });
  store = deps.store;
  app = localApp(deps, NO_LIMITS);
  product = await serveApp(app);
  await createWriteup(app, 'probed', { url: 'https://wiki.example.com/pir/probed' });
});
afterAll(() => product?.close());

describe('signals no one can forge for free', () => {
  it('one reader adds at most 200 views a day to a write-up; past that, beacons are dropped as "limit"', async () => {
    const statuses: Array<string | null> = [];
    for (let i = 0; i < 230; i++) {
      const res = await sendBeacon(
        app,
        { w: 'probed', k: 'view', u: 'https://wiki.example.com/pir/probed', r: null, v: newVisitId() },
        { 'x-forwarded-for': '198.51.100.66' },
      );
      statuses.push(res.headers.get('x-signals-dropped'));
    }
    expect(statuses.slice(0, 200).every((s) => s === null)).toBe(true);
    expect(statuses.slice(200).every((s) => s === 'limit')).toBe(true);
    // Another reader still counts.
    await sendBeacon(
      app,
      { w: 'probed', k: 'view', u: 'https://wiki.example.com/pir/probed', r: null, v: newVisitId() },
      { 'x-forwarded-for': '198.51.100.67' },
    );
    expect((await report(app, 'probed', '?from=2026-06-10&to=2026-06-10')).reads).toMatchObject({ views: 201, readers: 2 });
  });

  it('made-up Referers on go-links add at most 50 new places a write-up a day; the rest count on one overflow place', async () => {
    await createWriteup(app, 'clicked');
    for (let i = 0; i < 60; i++) {
      const res = await app.request('/go/clicked', { headers: { 'user-agent': BROWSER_UA, referer: `https://spam-${i}.example.net/page` } });
      expect(res.status).toBe(302);
    }
    const { links } = await report(app, 'clicked', '?from=2026-06-10&to=2026-06-10');
    expect(links.total).toBe(50);
    const overflow = links.items.find((l: { overflow?: boolean }) => l.overflow);
    expect(overflow).toMatchObject({ url: null, kind: 'other', clicks: 10 });
    // A known place still counts as itself after the limit.
    await app.request('/go/clicked', { headers: { 'user-agent': BROWSER_UA, referer: 'https://spam-3.example.net/page' } });
    const again = await report(app, 'clicked', '?from=2026-06-10&to=2026-06-10');
    expect(again.links.items.find((l: { url: string }) => l.url === 'https://spam-3.example.net/page').clicks).toBe(2);
    // Reports list the busiest places, as many as asked.
    const few = await report(app, 'clicked', '?from=2026-06-10&to=2026-06-10&links=5');
    expect(few.links).toMatchObject({ shown: 5, more: 46 });
    expect(few.links.items).toHaveLength(5);
    expect((await api('/api/writeups/clicked/report?links=5000')).status).toBe(400);
  });

  it('made-up referrers on reads add at most 50 new places a day too', async () => {
    await createWriteup(app, 'referred', { url: 'https://wiki.example.com/pir/referred' });
    for (let i = 0; i < 55; i++) {
      await sendBeacon(
        app,
        { w: 'referred', k: 'view', u: 'https://wiki.example.com/pir/referred', r: `https://blog-${i}.example.org/post`, v: newVisitId() },
        { 'x-forwarded-for': `203.0.113.${i}` },
      );
    }
    const { links, reads } = await report(app, 'referred', '?from=2026-06-10&to=2026-06-10');
    expect(reads.views).toBe(55);
    expect(links.total).toBe(50);
    expect(links.items.find((l: { overflow?: boolean }) => l.overflow)).toMatchObject({ views: 5, via: 'referrer' });
  });
});

describe('check-ins', () => {
  const schedule = async (startsAt: string, invitees: string[] = []) =>
    (await (await api('/api/writeups/probed/reviews', { startsAt, invitees })).json()) as { id: string; checkinUrl: string };
  const attendees = async (id: string) => {
    await settled();
    return (await (await api(`/api/reviews/${id}`)).json()).attendees as Array<{ name: string; invited?: boolean; role?: string }>;
  };

  it("keep the facilitator's record: a check-in under the same name, in another case or spacing, changes neither invitation nor role", async () => {
    const review = await schedule('2026-06-10T14:30:00Z', ['Ana Lima']);
    await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'Ana Lima', invited: true, role: 'facilitator', participated: true }] });
    const checkin = await form(new URL(review.checkinUrl).pathname, { name: '  ana   LIMA ', invited: 'no', role: 'observer' });
    expect(checkin.status).toBe(201);
    expect(await attendees(review.id)).toEqual([expect.objectContaining({ invited: true, role: 'facilitator', participated: true, checkedIn: true })]);
  });

  it('make names plain: zero-width and direction characters are dropped, so look-alike names are one person', async () => {
    const review = await schedule('2026-06-10T14:30:00Z');
    const path = new URL(review.checkinUrl).pathname;
    await form(path, { name: 'Bo Chen', role: 'responder' });
    await form(path, { name: 'Bo\u200b Ch\u202een', role: 'observer' });
    const people = await attendees(review.id);
    expect(people).toHaveLength(1);
    expect(people[0]!.name).toBe('Bo Chen');
    expect((await form(path, { name: 'x'.repeat(101) })).status).toBe(400);
  });

  it('open an hour before a review and close a day after its start; a facilitator can reopen one', async () => {
    const old = await schedule('2026-01-15T15:00:00Z');
    const path = new URL(old.checkinUrl).pathname;
    const page = await app.request(path, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Check-in is closed');
    await settled();
    const before = (await allItems(store)).length;
    expect((await form(path, { name: 'Late Comer' })).status).toBe(403);
    expect((await allItems(store)).length).toBe(before);
    const reopened = await (await api(`/api/reviews/${old.id}/checkin`, { hours: 2 })).json();
    expect(reopened).toMatchObject({ open: true, reopenedUntil: '2026-06-10T17:00:00.000Z' });
    expect((await form(path, { name: 'Late Comer' })).status).toBe(201);
    const soon = await schedule('2026-06-10T17:00:00Z');
    expect((await app.request(new URL(soon.checkinUrl).pathname, { headers: { accept: 'text/html' } })).status).toBe(403);
  });
});

describe('anonymity by timing', () => {
  it('an anonymous answer keeps only the day it came; a named one keeps its time', async () => {
    const anonymous = await (await api('/api/writeups/probed/reviews', { startsAt: '2026-06-10T13:00:00Z' })).json();
    const named = await (await api('/api/writeups/probed/reviews', { startsAt: '2026-06-10T13:00:00Z', anonymous: false })).json();
    await form(new URL(anonymous.surveyUrl).pathname, { learned: 'yes', surprise: 'timing probe, anonymous' });
    await form(new URL(named.surveyUrl).pathname, { learned: 'yes', name: 'Cy Dee', surprise: 'timing probe, named' });
    const responses = (await allItems(store)).filter((item) => String(item.sk).startsWith('RESPONSE#'));
    expect(responses.find((r) => r.reviewId === anonymous.id)!.submittedAt).toBe('2026-06-10');
    expect(responses.find((r) => r.reviewId === named.id)!.submittedAt).toBe('2026-06-10T15:00:00.000Z');
    await settled();
    const csv = await (await api('/api/export/responses.csv?from=2026-06-10&to=2026-06-10')).text();
    expect(csv).toContain(`${anonymous.id},probed,2026-06-10,`);
  });
});

describe('exhaustion and robustness', () => {
  it('refuses a huge body at once with 413, the login included, before reading it', async () => {
    // A client announces 300 MB and sends a little: the answer comes without waiting for the rest.
    const announce = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${product.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(300 * 1024 * 1024) },
        });
        request.on('response', (res) => {
          res.resume();
          resolve(res.statusCode!);
          request.destroy();
        });
        request.on('error', reject);
        request.write(`token=${'x'.repeat(1024)}`);
      });
    for (const path of ['/login', '/logout', '/api/writeups', '/c/AAAAAAAAAAAAAAAAAAAAAA', '/s/AAAAAAAAAAAAAAAAAAAAAA', '/e'])
      expect(await announce(path), path).toBe(413);
    // A body sent whole but over the limit (no length announced up front) is refused too.
    const chunked = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(200 * 1024)}`,
    });
    expect(chunked.status).toBe(413);
  });

  it('sends a login on only to paths on this site; nothing in `next` answers 500', async () => {
    for (const next of [
      '/\t/evil.example',
      '//evil.example',
      '/\\evil.example',
      '/%0d%0aSet-Cookie:x=1',
      '/\r\nLocation: https://evil.example',
      'https://evil.example',
      '/\u0000x',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe(next === '/%0d%0aSet-Cookie:x=1' ? next : '/');
      const res = await app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: ADMIN_TOKEN, next }),
      });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(new URL(res.headers.get('location')!, 'https://own.invalid').origin).toBe('https://own.invalid');
    }
    expect(safeNext('/writeups/probed?from=2026-01-01')).toBe('/writeups/probed?from=2026-01-01');
  });

  it('refuses question ids every object already has, so no answer reaches an inherited property', async () => {
    for (const id of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await api('/api/survey-templates', { id: 'probe-ids', title: 'Probe', questions: [{ id, type: 'text', prompt: 'Anything?' }] });
      expect(res.status, id).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ path: 'questions.0.id', message: 'this id is reserved' }]);
    }
  });

  it('never lets the check-in or the survey be framed by another site', async () => {
    const review = await (await api('/api/writeups/probed/reviews', { startsAt: '2026-06-10T15:00:00Z' })).json();
    for (const url of [review.checkinUrl, review.surveyUrl]) {
      const res = await app.request(new URL(url).pathname, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('the repository scanner on repositories it did not make', () => {
  it('finds URLs in a crafted 1 MB line in linear time (a URL followed by a million dots)', () => {
    const find = referenceFinder([{ id: 'probed', url: 'https://wiki.example.com/pir/probed' }], 'https://signals.example.com');
    const crafted = `see https://wiki.example.com/pir/probed${'.'.repeat(1_000_000)}x and https://x${'.'.repeat(200_000)}a`;
    const started = Date.now();
    expect([...find(crafted)]).toEqual([]);
    expect([...find('see https://wiki.example.com/pir/probed...')]).toEqual(['probed']);
    // Quadratic trimming took minutes on this input; the bench prints the figure.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("runs nothing the repository's own configuration names (fsmonitor, signature program, pager)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-repo-'));
    const pwned = join(dir, '..', `pwned-${Date.now()}`);
    const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    run('init', '-q');
    run('config', 'user.email', 'dev@example.com');
    run('config', 'user.name', 'Dev');
    writeFileSync(join(dir, 'notes.md'), 'See https://wiki.example.com/pir/probed\n');
    run('add', '-A');
    run('commit', '-q', '-m', 'first', '--no-verify');
    const script = join(dir, '..', `evil-${Date.now()}.sh`);
    writeFileSync(script, `#!/bin/sh\ntouch ${pwned}\n`, { mode: 0o755 });
    for (const [key, value] of [
      ['core.fsmonitor', script],
      ['log.showSignature', 'true'],
      ['gpg.program', script],
      ['core.pager', script],
    ])
      run('config', key!, value!);
    process.env.LEARNING_SIGNALS_URL = product.url;
    process.env.LEARNING_SIGNALS_TOKEN = ADMIN_TOKEN;
    const out: string[] = [];
    const code = await main(['scan', dir], { out: (line) => out.push(line), err: () => {} });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('1 reference (');
    expect(existsSync(pwned)).toBe(false);
  });
});
