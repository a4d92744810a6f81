import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjustRollups } from '../../functions/data/rollups';
import type { Store } from '../../functions/data/client';
import { main } from '../../cli/main';
import { localApp } from '../../local/server';
import { createWriteup, newVisitId, orgReport, report, sendBeacon } from '../helpers/apps';
import { adminHeaders, ADMIN_TOKEN, settled, testDeps } from '../helpers/deps';
import { serveApp, type Running } from '../helpers/servers';

let app: ReturnType<typeof localApp>;
let store: Store;
let server: Running;
let now = new Date('2026-09-10T12:00:00Z');

const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  process.env.LEARNING_SIGNALS_URL = server.url;
  process.env.LEARNING_SIGNALS_TOKEN = ADMIN_TOKEN;
  const code = await main(['recount', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
};

beforeAll(async () => {
  const deps = await testDeps({ now: () => now });
  store = deps.store;
  app = localApp(deps);
  server = await serveApp(app);
  await createWriteup(app, 'proven', { publishedAt: '2026-09-01' });
  for (const [day, readers] of [
    ['2026-09-02', 3],
    ['2026-09-05', 2],
  ] as const) {
    now = new Date(`${day}T10:00:00Z`);
    for (let i = 0; i < readers; i++) {
      const v = newVisitId();
      await sendBeacon(app, { w: 'proven', k: 'view', u: 'https://docs.example.com/pir/proven', r: null, v }, { 'x-forwarded-for': `198.51.100.${i}` });
      await sendBeacon(
        app,
        { w: 'proven', k: 'engage', u: 'https://docs.example.com/pir/proven', r: null, v, e: 45_000, s: 70 },
        { 'x-forwarded-for': `198.51.100.${i}` },
      );
    }
  }
  await app.request('/api/writeups/proven/links', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ url: 'https://github.com/acme/api/pull/9' }),
  });
  now = new Date('2026-09-10T12:00:00Z');
  await settled();
});

describe('recount: counts proved from their facts', () => {
  it('finds nothing to correct when the counts follow the facts', async () => {
    const { code, out } = await run('--from', '2026-09-01', '--to', '2026-09-09');
    expect(code).toBe(0);
    expect(out.at(-1)).toBe('Recounted 2026-09-01 to 2026-09-09: every count matches its facts.');
  });

  it('corrects counts that went wrong, says what it corrected, and leaves them equal to the facts', async () => {
    // Counts damaged behind the product's back: a day's reads lost, the organization's day inflated.
    await store.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: 'WRITEUP#proven', sk: 'READS#2026-09-05' } }));
    await adjustRollups(store, [
      { rollup: 'orgDay', day: '2026-09-02', counts: { views: 40, responses: 2 } },
      { rollup: 'orgMonth', month: '2026-09', writeupId: 'proven', counts: { links: 3 } },
    ]);
    const dry = await run('--from', '2026-09-01', '--to', '2026-09-09', '--dry-run');
    expect(dry.out).toContain('dailyReads proven 2026-09-05  views: 0 → 2');
    expect(dry.out.at(-1)).toMatch(/would correct \d+ counts/);
    expect((await report(app, 'proven', '?from=2026-09-05&to=2026-09-05')).reads.views).toBe(0);

    const fixed = await run('--from', '2026-09-01', '--to', '2026-09-09');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toEqual(
      expect.arrayContaining([
        'dailyReads proven 2026-09-05  views: 0 → 2',
        'dailyReads proven 2026-09-05  engaged: 0 → 2',
        'dailyReads proven 2026-09-05  readers: 0 → 2',
        'dailyReads proven 2026-09-05  engagedScroll: 0 → 140',
        'orgDay     2026-09-02  views: 43 → 3',
        'orgDay     2026-09-02  responses: 2 → 0',
        'orgMonth   proven 2026-09  links: 4 → 1',
      ]),
    );
    expect((await report(app, 'proven', '?from=2026-09-01&to=2026-09-09')).reads).toMatchObject({ views: 5, engaged: 5, readers: 5 });
    const org = await orgReport(app, '?from=2026-09-01&to=2026-09-09');
    expect(org.series[0]).toMatchObject({ writeups: 1, views: 5, engaged: 5, readers: 5, responses: 0 });
    expect(org.writeups[0]).toMatchObject({ id: 'proven', views: 5, engaged: 5, links: 1 });
    const again = await run('--from', '2026-09-01', '--to', '2026-09-09');
    expect(again.out.at(-1)).toBe('Recounted 2026-09-01 to 2026-09-09: every count matches its facts.');
  });

  it('says what it cannot prove: today, and reads older than readers’ days are kept', async () => {
    const { out } = await run('--from', '2026-07-01', '--to', '2026-09-10', '--dry-run');
    expect(out).toContain('Note: Today is left out: its facts may still be on their way to the counts.');
    expect(out).toContain("Note: Reads before 2026-08-07 cannot be recounted: readers' days are kept 35 days.");
  });

  it('refuses a bad range, clearly', async () => {
    expect((await run('--from', 'yesterday', '--to', '2026-09-09')).code).toBe(2);
    const res = await app.request('/api/recount', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ from: '2026-09-09', to: '2026-09-01' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { issues: [{ path: 'from', message: 'must not be after to' }] } });
  });
});
