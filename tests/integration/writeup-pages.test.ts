import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { localApp } from '../../local/server';
import { adminHeaders, ADMIN_TOKEN, BROWSER_UA, loginCookie, settled, testDeps } from '../helpers/deps';
import { serveApp, type Running } from '../helpers/servers';
import { allItems } from '../helpers/table';
import type { AppDeps } from '../../functions/shared/deps';

const OWN = 'https://signals.example.com';
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  deps = await testDeps({ now: () => new Date() });
  app = localApp(deps);
  cookie = await loginCookie(deps);
});

const form = (path: string, fields: Record<string, string>) =>
  app.request(`${OWN}${path}`, {
    method: 'POST',
    headers: { cookie, origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
/** The facts a refused form or import could have left: write-ups, their URLs, reviews, attendees. */
const itemCount = async () => {
  await settled();
  return (await allItems(deps.store)).filter((item) => /^(WRITEUP#|WURL#|REVIEW#|TOKEN#)/.test(String(item.pk)) && !String(item.sk).startsWith('READS#'))
    .length;
};

describe('the pages and the API share one service', () => {
  it('makes the same write-up from the form as from the API', async () => {
    const fields = {
      title: 'Ledger lag',
      url: 'https://wiki.example.com/pir/ledger-lag',
      incidentDate: '2026-10-01',
      publishedAt: '2026-10-03',
      tags: 'Payments, sev2',
    };
    const page = await form('/writeups', { ...fields, id: 'ledger-lag-page' });
    expect(page.status).toBe(303);
    const api = await app.request('/api/writeups', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({
        id: 'ledger-lag-api',
        title: fields.title,
        url: fields.url.replace('ledger-lag', 'ledger-lag-2'),
        incidentDate: fields.incidentDate,
        publishedAt: fields.publishedAt,
        tags: ['Payments', 'sev2'],
      }),
    });
    expect(api.status).toBe(201);
    const read = async (id: string) => {
      const { id: _id, url: _url, createdAt: _c, updatedAt: _u, ...rest } = await (await app.request(`/api/writeups/${id}`, { headers: adminHeaders })).json();
      return rest;
    };
    expect(await read('ledger-lag-page')).toEqual(await read('ledger-lag-api'));
    expect(await read('ledger-lag-page')).toMatchObject({ tags: ['payments', 'sev2'], publishedAt: '2026-10-03' });
    const stored = (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('WRITEUP#ledger-lag') && item.sk === 'WRITEUP');
    expect(stored).toHaveLength(2);
    expect(Object.keys(stored[0]!).sort()).toEqual(Object.keys(stored[1]!).sort());
  });

  it('refuses bad input beside the field, storing nothing: a bad URL, a taken id, too many invitees, an unreal time', async () => {
    const before = await itemCount();
    const badUrl = await form('/writeups', { title: 'Bad', url: 'ftp://files.example.com/x' });
    expect(badUrl.status).toBe(400);
    expect(await badUrl.text()).toContain('must be an http or https URL');
    const taken = await form('/writeups', { title: 'Again', id: 'ledger-lag-page', url: 'https://wiki.example.com/pir/again' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toMatch(/id="field-id-error">&quot;ledger-lag-page&quot; is taken/);
    const many = Array.from({ length: 501 }, (_, i) => `Person ${i}`).join('\n');
    const invitees = await form('/writeups/ledger-lag-page/reviews', { startsLocal: '2026-12-01T10:00', timeZone: 'Europe/Berlin', invitees: many });
    expect(invitees.status).toBe(400);
    expect(await invitees.text()).toContain('at most 500 people (this list has 501)');
    const unreal = await form('/writeups/ledger-lag-page/reviews', { startsLocal: '2026-02-30T10:00', timeZone: 'Europe/Berlin' });
    expect(unreal.status).toBe(400);
    expect(await unreal.text()).toContain('must be a date and a time');
    const zone = await form('/writeups/ledger-lag-page/reviews', { startsLocal: '2026-12-01T10:00', timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(await itemCount()).toBe(before);
  });

  it('schedules a review in the past with a note, and in the named time zone', async () => {
    const res = await form('/writeups/ledger-lag-page/reviews', {
      startsLocal: '2026-03-29T02:30',
      timeZone: 'Europe/Berlin',
      title: 'Look back',
      invitees: 'Priya Raman, Sam Okafor',
    });
    expect(res.status).toBe(303);
    const page = await app.request(`${OWN}${res.headers.get('location')}`, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('start is in the past');
    // 02:30 does not exist in Berlin that night (clocks go 02:00 → 03:00): it is read as 03:30 CEST, 01:30 UTC.
    expect(html).toContain('2026-03-29 01:30 UTC (2026-03-29 03:30 Europe/Berlin)');
  });

  it('shows who was invited and did not come, each attendee’s role, and how long the review lasts', async () => {
    const scheduled = await app.request(`${OWN}/api/writeups/ledger-lag-page/reviews`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ startsAt: new Date().toISOString(), durationMinutes: 45, invitees: ['Ana Lima', 'Bo Chen', 'Cy Dee'] }),
    });
    const { id, checkinUrl } = await scheduled.json();
    const checkedIn = await app.request(new URL(checkinUrl).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'user-agent': BROWSER_UA },
      body: new URLSearchParams({ name: 'ana lima', role: 'responder' }),
    });
    expect(checkedIn.status).toBe(201);
    const html = await (await app.request(`${OWN}/reviews/${id}`, { headers: { cookie } })).text();
    expect(html).toContain('45 minutes');
    expect(html).toMatch(/ana lima, responder/i);
    expect(html).toContain('Invited, not here: Bo Chen, Cy Dee.');

    // The room's screen: its title on screen; it refreshes in place with the dashboard's script, by itself only without scripts.
    const present = await app.request(`${OWN}/reviews/${id}/present`, { headers: { cookie } });
    // Its script may ask this site for the page again, and nothing else.
    expect(present.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const screen = await present.text();
    expect(screen).toContain('<p class="title">Review of “Ledger lag”</p>');
    expect(screen).toContain('<main data-refresh="10">');
    expect(screen).toContain('<script defer="" src="/assets/dashboard.js"></script>');
    expect(screen.replace(/<noscript>.*?<\/noscript>/s, '')).not.toContain('http-equiv="refresh"');
    expect(screen).toContain('1 person checked in so far');
  });

  it('reopens a past review’s check-in from its page, extends it and closes it again', async () => {
    const scheduled = await app.request(`${OWN}/api/writeups/ledger-lag-page/reviews`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ startsAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), title: 'Three days ago' }),
    });
    const { id, checkinUrl } = await scheduled.json();
    const checkin = () => app.request(new URL(checkinUrl).pathname, { headers: { accept: 'text/html' } });
    expect((await checkin()).status).not.toBe(200);
    const page = await (await app.request(`${OWN}/reviews/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('reopen it below');
    expect(page).toContain(`action="/reviews/${id}/checkin"`);

    const reopened = await form(`/reviews/${id}/checkin`, { hours: '4' });
    expect(reopened.status).toBe(303);
    const after = await (await app.request(`${OWN}${reopened.headers.get('location')}`, { headers: { cookie } })).text();
    expect(after).toMatch(/The check-in is open until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
    expect(after).toContain('Close the reopened check-in now');
    const until = Date.parse((await (await app.request(`${OWN}/api/reviews/${id}`, { headers: adminHeaders })).json()).checkinReopenedUntil);
    expect(Math.round((until - Date.now()) / 3_600_000)).toBe(4);
    expect((await checkin()).status).toBe(200);

    expect((await form(`/reviews/${id}/checkin`, { hours: '999' })).status).toBe(400);
    const closed = await form(`/reviews/${id}/checkin`, { hours: '0' });
    expect(closed.headers.get('location')).toBe(`/reviews/${id}?closed=1`);
    expect((await checkin()).status).not.toBe(200);
    const audit = await (await app.request(`${OWN}/api/audit`, { headers: adminHeaders })).json();
    expect(JSON.stringify(audit).match(/checkin\.reopen/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('importing a backlog', () => {
  it('through the API: a broken row imports nothing and names its line; a dry run checks; a taken id refuses all', async () => {
    const post = (body: unknown) => app.request('/api/writeups/import', { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
    const before = await itemCount();
    const broken = await post({ csv: 'title,url\nGood one,https://wiki.example.com/pir/good\n"Unclosed,https://x' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.issues).toEqual([{ path: 'line 3', message: 'a quoted field is never closed' }]);
    const twice = await post({ csv: 'id,title,url\nsame,One,https://wiki.example.com/pir/1\nsame,Two,https://wiki.example.com/pir/2\n' });
    expect((await twice.json()).error.issues).toEqual([{ path: 'line 3', message: 'id "same" is on line 2 too' }]);
    const taken = await post({ csv: 'id,title,url\nledger-lag-page,Taken,https://wiki.example.com/pir/t\nfresh,Fresh,https://wiki.example.com/pir/f\n' });
    expect(taken.status).toBe(409);
    expect(await itemCount()).toBe(before);
    const dry = await post({ csv: 'title,url,tags\nCache stampede,https://wiki.example.com/pir/cache,infra;sev3\n', dryRun: true });
    expect(await dry.json()).toEqual({
      dryRun: true,
      rows: [{ line: 2, id: 'cache-stampede', title: 'Cache stampede', url: 'https://wiki.example.com/pir/cache', tags: ['infra', 'sev3'] }],
    });
    expect(await itemCount()).toBe(before);
  });

  describe('with `npx learning-signals import writeups`', () => {
    let product: Running;
    beforeAll(async () => {
      product = await serveApp(app);
    });
    afterAll(() => product?.close());

    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      process.env.LEARNING_SIGNALS_URL = product.url;
      process.env.LEARNING_SIGNALS_TOKEN = ADMIN_TOKEN;
      const code = await main(['import', 'writeups', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('checks with --dry-run, imports, then refuses the same file again, naming each line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'import-'));
      const file = join(dir, 'backlog.csv');
      writeFileSync(
        file,
        'title,url,publishedAt,tags\nQueue backlog,https://wiki.example.com/pir/queue,2026-01-10,infra\n"Login loop, again",https://wiki.example.com/pir/login,,auth\n',
      );
      const dry = await run(file, '--dry-run');
      expect(dry.code, dry.err).toBe(0);
      expect(dry.out).toContain('Dry run: nothing imported.');
      expect(await (await app.request('/api/writeups/queue-backlog', { headers: adminHeaders })).status).toBe(404);
      const done = await run(file);
      expect(done.code, done.err).toBe(0);
      expect(done.out).toContain('Imported 2 write-ups.');
      expect(done.out).toContain('login-loop-again');
      const again = await run(file);
      expect(again.code).toBe(1);
      expect(again.err).toContain('line 2: id "queue-backlog" is taken');
      expect(again.err).toContain('line 3: id "login-loop-again" is taken');
      expect((await run(join(dir, 'missing.csv'))).err).toContain('there is no such file');
    });
  });
});
