import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../functions/domain/csv';
import { localApp } from '../../local/server';
import { settled, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId, requestsTo, sendBeacon } from '../helpers/apps';

let app: ReturnType<typeof localApp>;
let now = new Date('2026-04-02T10:00:00Z');
const { api, form } = requestsTo(() => app);
const csv = async (name: string, query = '') => {
  await settled();
  const res = await api(`/api/export/${name}.csv${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}.csv"`);
  return (await res.text()).split('\r\n').filter(Boolean);
};

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => now }));
  await createWriteup(app, 'exported', { title: '=HYPERLINK("http://evil.example","click")' });
  await sendBeacon(app, { w: 'exported', k: 'engage', u: 'https://docs.example.com/pir/exported', r: null, v: newVisitId(), e: 40_000, s: 90 });
  now = new Date('2026-04-03T10:00:00Z');
  await sendBeacon(app, { w: 'exported', k: 'view', u: 'https://docs.example.com/pir/exported', r: null, v: newVisitId() });
  await api('/api/writeups/exported/links', { url: 'https://github.com/acme/api/commit/abcdef1', kind: 'commit' });
  const review = await (await api('/api/writeups/exported/reviews', { startsAt: '2026-04-03T15:00:00Z', invitees: ['Ana'] })).json();
  now = new Date('2026-04-03T15:05:00Z');
  await form(new URL(review.checkinUrl).pathname, { name: '@Ana', role: 'responder' });
  await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: '+Bo', invited: false, participated: true }] });
  await form(new URL(review.surveyUrl).pathname, {
    learned: 'yes',
    understanding: '4',
    surprise: '=1+2',
    mystery: '-2 replicas, "why"?\nNobody knows',
    notWorse: '@channel paged the DB team',
  });
});

describe('CSV exports', () => {
  it('reads: one row per write-up and day', async () => {
    // The title beside the id, neutralized as any cell: it starts with =.
    const title = `"'=HYPERLINK(""http://evil.example"",""click"")"`;
    expect(await csv('reads')).toEqual([
      'date,writeup,title,views,engaged,readers',
      `2026-04-02,exported,${title},1,1,1`,
      `2026-04-03,exported,${title},1,0,1`,
    ]);
    expect(await csv('reads', '?from=2026-04-03&to=2026-04-03')).toEqual(['date,writeup,title,views,engaged,readers', `2026-04-03,exported,${title},1,0,1`]);
  });

  it('links: every link with its counts and sightings', async () => {
    const [header, row] = await csv('links');
    expect(header).toBe('writeup,title,url,kind,via,clicks,views,firstSeen,lastSeen');
    expect(row).toBe(
      `exported,"'=HYPERLINK(""http://evil.example"",""click"")",https://github.com/acme/api/commit/abcdef1,commit,manual,0,0,2026-04-03T10:00:00.000Z,2026-04-03T10:00:00.000Z`,
    );
  });

  it('links: a range keeps the places seen within it, as the page that links the export shows', async () => {
    expect(await csv('links', '?from=2026-04-03&to=2026-04-30')).toHaveLength(2);
    expect(await csv('links', '?from=2026-04-04&to=2026-04-30')).toEqual(['writeup,title,url,kind,via,clicks,views,firstSeen,lastSeen']);
    expect(await csv('links', '?from=2026-03-01&to=2026-04-02')).toEqual(['writeup,title,url,kind,via,clicks,views,firstSeen,lastSeen']);
  });

  it('attendance: names neutralized against formulas', async () => {
    const rows = await csv('attendance');
    expect(rows[0]).toBe('review,writeup,startsAt,name,invited,role,participated,checkedIn');
    expect(rows.slice(1).map((r) => r.split(',').slice(3).join(','))).toEqual(expect.arrayContaining(["'@Ana,false,responder,,true", "'+Bo,false,,true,"]));
  });

  it('responses: one column per question, formulas neutralized, text quoted', async () => {
    const text = await (await api('/api/export/responses.csv')).text();
    const [header] = text.split('\r\n');
    expect(header).toBe('review,writeup,submittedAt,name,learned,understanding,surprise,mystery,notWorse,spoke,recommend');
    expect(text).toContain(`,yes,4,'=1+2,"'-2 replicas, ""why""?\nNobody knows",'@channel paged the DB team,,\r\n`);
    expect(text).not.toMatch(/,=1\+2/);
  });

  it('404s an unknown export and 400s a bad day', async () => {
    expect((await api('/api/export/secrets.csv')).status).toBe(404);
    expect((await api('/api/export/reads.csv?from=yesterday')).status).toBe(400);
  });
  it('for Excel (excel=1): the same rows after a UTF-8 byte-order mark, so accented names open right; nothing else is a BOM', async () => {
    const review = await (await api('/api/writeups/exported/reviews', { startsAt: '2026-04-03T16:00:00Z' })).json();
    await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'Zoë Núñez', participated: true }] });
    await settled();
    const bytes = async (query: string) => {
      const res = await api(`/api/export/attendance.csv${query}`);
      expect(res.status).toBe(200);
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    const plain = await bytes('');
    const excel = await bytes('?excel=1');
    expect([...excel.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(plain.body[0]).not.toBe(0xef);
    expect(excel.body.subarray(3).equals(plain.body)).toBe(true);
    expect(new TextDecoder('utf-8').decode(excel.body)).toContain('Zoë Núñez');
    expect(excel.res.headers.get('content-disposition')).toBe('attachment; filename="attendance-excel.csv"');
    const wrong = await api('/api/export/attendance.csv?excel=yes');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.issues).toEqual([{ path: 'excel', message: 'must be 1 (a CSV for Excel) or 0' }]);
  });
});

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain', 'plain'],
  ])('%j becomes %j', (input, output) => expect(csvCell(input)).toBe(output));
  it('leaves numbers alone, negative ones too', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
