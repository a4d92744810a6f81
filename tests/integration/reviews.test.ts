import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/data/client';
import { createStore } from '../../functions/data/client';
import { freePort } from '../../local/dynamodb-local';
import { localApp } from '../../local/server';
import { BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { createWriteup, report, requestsTo } from '../helpers/apps';
import { allItems } from '../helpers/table';

let app: ReturnType<typeof localApp>;
let store: Store;
beforeAll(async () => {
  const deps = await testDeps({ now: () => new Date('2026-03-10T17:00:00Z') });
  store = deps.store;
  app = localApp(deps);
  await createWriteup(app, 'db-outage');
});

const { api } = requestsTo(() => app);
const pathOf = (url: string) => new URL(url).pathname;
const browser = { 'user-agent': BROWSER_UA, accept: 'text/html', 'x-forwarded-for': '203.0.113.50' };
const postForm = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return app.request(path, { method: 'POST', headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' }, body });
};
const postJson = (path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { ...browser, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const hiddenSubmissionId = (html: string) => /name="submissionId" value="([^"]+)"/.exec(html)?.[1];

async function schedule(body: Record<string, unknown> = {}) {
  const res = await api('/api/writeups/db-outage/reviews', { startsAt: '2026-03-10T15:00:00Z', title: 'DB outage review', ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; checkinUrl: string; surveyUrl: string; surveyTemplate: string };
}

describe('scheduling a review', () => {
  it('answers its check-in and survey links', async () => {
    const review = await schedule({ invitees: ['Ana Lima'] });
    expect(review.checkinUrl).toMatch(/^https:\/\/signals\.example\.com\/c\/[A-Za-z0-9_-]{22}$/);
    expect(review.surveyUrl).toMatch(/^https:\/\/signals\.example\.com\/s\/[A-Za-z0-9_-]{22}$/);
    expect(review.surveyTemplate).toBe('post-review-v1@1');
    const listed = await (await api('/api/writeups/db-outage/reviews')).json();
    expect(listed.reviews.map((r: { id: string }) => r.id)).toContain(review.id);
  });

  it('refuses bad input with 400 and stores nothing, and 404s an unknown write-up', async () => {
    await settled();
    const before = (await allItems(store)).length;
    for (const body of [
      { startsAt: 'tomorrow' },
      { startsAt: '2026-03-10T15:00:00Z', invitees: ['x'.repeat(101)] },
      { startsAt: '2026-03-10T15:00:00Z', surveyTemplate: 'no-such-template' },
      { startsAt: '2026-03-10T15:00:00Z', anonymous: 'no' },
    ]) {
      expect((await api('/api/writeups/db-outage/reviews', body)).status).toBe(400);
    }
    expect((await api('/api/writeups/nobody/reviews', { startsAt: '2026-03-10T15:00:00Z' })).status).toBe(404);
    expect((await allItems(store)).length).toBe(before);
  });
});

describe('check-in (/c/{token})', () => {
  it('shows a form with a required name, invitation and role', async () => {
    const { checkinUrl } = await schedule();
    const res = await app.request(pathOf(checkinUrl), { headers: browser });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="name"');
    expect(html).toContain('(required)');
    expect(html).toMatch(/name="invited" value="yes"/);
    expect(html).toMatch(/name="role" value="observer"/);
  });

  it('records one attendee per name, compared case-insensitively; invitation from the invitee list when unsaid', async () => {
    const review = await schedule({ invitees: ['Ana Lima', 'Bo Chen'] });
    const path = pathOf(review.checkinUrl);
    expect((await postForm(path, { name: 'Ana Lima', role: 'observer' })).status).toBe(201);
    expect((await postForm(path, { name: '  ana   LIMA ', role: 'responder' })).status).toBe(201);
    expect((await postJson(path, { name: 'Cy Dee', role: 'other' })).status).toBe(201);
    expect((await postForm(path, { name: 'Bo Chen', invited: 'no' })).status).toBe(201);
    const details = await (await api(`/api/reviews/${review.id}`)).json();
    expect(details.attendees).toEqual(
      expect.arrayContaining([
        // The first spelling stays: a later "ana LIMA" is the same person, not a new name.
        expect.objectContaining({ name: 'Ana Lima', invited: true, role: 'responder', checkedIn: true }),
        expect.objectContaining({ name: 'Cy Dee', invited: false }),
        expect.objectContaining({ name: 'Bo Chen', invited: false }),
      ]),
    );
    expect(details.attendance).toEqual({ attendees: 3, voluntary: 2, participated: 0 });
  });

  it('shows the error next to the field and keeps what was typed', async () => {
    const { checkinUrl } = await schedule();
    const res = await postForm(pathOf(checkinUrl), { name: 'x'.repeat(101), role: 'observer' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="error-name"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/name="role" value="observer" checked/);
    const empty = await postJson(pathOf(checkinUrl), { name: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.issues[0].path).toBe('name');
  });

  it('answers a 404 page for an unknown link, and a survey token is no check-in token', async () => {
    const { surveyUrl } = await schedule();
    expect((await app.request('/c/AAAAAAAAAAAAAAAAAAAAAA', { headers: browser })).status).toBe(404);
    expect((await app.request(`/c/${pathOf(surveyUrl).slice(3)}`, { headers: browser })).status).toBe(404);
  });
});

describe("the facilitator's attendance record", () => {
  it('merges with check-ins of the same name and counts participants', async () => {
    const review = await schedule({ invitees: ['Ana Lima'] });
    await postForm(pathOf(review.checkinUrl), { name: 'Ana Lima', role: 'responder' });
    const res = await api(`/api/reviews/${review.id}/attendance`, {
      attendees: [
        { name: 'ana lima', participated: true },
        { name: 'Dee', invited: false, participated: true },
        { name: 'Eve', participated: false },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.attendance).toEqual({ attendees: 3, voluntary: 2, participated: 2 });
    expect(body.attendees).toContainEqual(expect.objectContaining({ name: 'ana lima', role: 'responder', invited: true, participated: true, checkedIn: true }));
  });

  it('refuses bad records and unknown reviews', async () => {
    const review = await schedule();
    expect((await api(`/api/reviews/${review.id}/attendance`, { attendees: [] })).status).toBe(400);
    expect((await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'A', role: 'boss' }] })).status).toBe(400);
    expect((await api('/api/reviews/nonexistent1/attendance', { attendees: [{ name: 'A' }] })).status).toBe(404);
  });
});

describe('the survey (/s/{token})', () => {
  it('shows every question of post-review-v1, the required one marked, with a fresh submission id', async () => {
    const { surveyUrl } = await schedule();
    const res = await app.request(pathOf(surveyUrl), { headers: browser });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ['learned', 'understanding', 'surprise', 'mystery', 'notWorse', 'spoke', 'recommend']) expect(html).toContain(`name="${id}"`);
    expect(html.match(/\(required\)/g)).toHaveLength(1);
    expect(hiddenSubmissionId(html)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(html).not.toContain('name="name"');
  });

  it('keeps every typed answer, escaped, when one needs fixing', async () => {
    const { surveyUrl } = await schedule();
    const res = await postForm(pathOf(surveyUrl), {
      submissionId: 'retry-safe-id-0000000001',
      understanding: '4',
      surprise: '<script>alert("x")</script> & more',
      recommend: 'unsure',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="error-learned"');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script>alert');
    expect(html).toMatch(/value="4" checked/);
    expect(html).toMatch(/value="unsure" checked/);
    expect(hiddenSubmissionId(html)).toBe('retry-safe-id-0000000001');
  });

  it('stores a response through the shared link once, however often it is retried', async () => {
    const review = await schedule();
    const path = pathOf(review.surveyUrl);
    const answers = { submissionId: 'shared-link-submission-01', learned: 'yes', understanding: '5', surprise: 'Failover took 11 minutes' };
    const first = await postForm(path, answers);
    expect(first.status).toBe(201);
    expect(await first.text()).toContain('Thank you');
    expect((await postForm(path, answers)).status).toBe(201);
    const json = await postJson(path, { learned: 'somewhat', understanding: 3, recommend: 'yes' });
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({ ok: true });
    const { surveys } = await report(app, 'db-outage', '?from=2026-03-10&to=2026-03-10');
    const mine = surveys.questions.find((q: { id: string }) => q.id === 'surprise');
    expect(mine.answers.filter((a: string) => a === 'Failover took 11 minutes')).toHaveLength(1);
  });

  it('refuses a submission id it did not make (400 naming the field), and stores nothing, rather than counting a retry twice', async () => {
    const review = await schedule();
    const path = pathOf(review.surveyUrl);
    await settled();
    const before = (await allItems(store)).length;
    for (const submissionId of ['short', 'has spaces in it', 'x'.repeat(65), 'ünïcödé-submission']) {
      const json = await postJson(path, { submissionId, learned: 'yes', surprise: 'a bad id' });
      expect(json.status).toBe(400);
      expect((await json.json()).error.issues).toEqual([{ path: 'submissionId', message: 'must be 8 to 64 letters, digits, _ or -' }]);
      const page = await postForm(path, { submissionId, learned: 'yes', surprise: 'a bad id' });
      expect(page.status).toBe(400);
      const html = await page.text();
      expect(html).toContain('nothing was saved');
      // What the person typed comes back, ready to send again.
      expect(html).toContain('a bad id');
    }
    expect((await allItems(store)).length).toBe(before);
    // Eight characters is enough: the contract's lower bound.
    expect((await postJson(path, { submissionId: 'abcd-123', learned: 'yes' })).status).toBe(201);
  });

  it('stores no name, address or user agent for an anonymous review', async () => {
    const review = await schedule();
    await postForm(pathOf(review.surveyUrl), { learned: 'yes', name: 'Sneaky Name', surprise: 'privacy check answer' });
    const items = JSON.stringify(await allItems(store));
    expect(items).toContain('privacy check answer');
    expect(items).not.toContain('Sneaky Name');
    expect(items).not.toContain('203.0.113.50');
    expect(items).not.toContain(BROWSER_UA);
  });

  it('asks for a name when the review is not anonymous', async () => {
    const review = await schedule({ anonymous: false });
    const page = await (await app.request(pathOf(review.surveyUrl), { headers: browser })).text();
    expect(page).toContain('name="name"');
    const missing = await postForm(pathOf(review.surveyUrl), { learned: 'yes' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="error-name"');
    expect((await postForm(pathOf(review.surveyUrl), { learned: 'yes', name: 'Named Person' })).status).toBe(201);
    expect(JSON.stringify(await allItems(store))).toContain('Named Person');
  });

  it('refuses a too-long answer with the limit named, keeping it in the form', async () => {
    const { surveyUrl } = await schedule();
    const res = await postForm(pathOf(surveyUrl), { learned: 'yes', mystery: 'm'.repeat(4_001) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('4,000');
  });
});

describe('single-use survey links', () => {
  it('mints 1 to 500 links and refuses other counts', async () => {
    const review = await schedule();
    const res = await api(`/api/reviews/${review.id}/survey-links`, { count: 3 });
    expect(res.status).toBe(201);
    const { urls } = await res.json();
    expect(new Set(urls).size).toBe(3);
    for (const count of [0, 501, 2.5, '3']) expect((await api(`/api/reviews/${review.id}/survey-links`, { count })).status).toBe(400);
    expect((await api('/api/reviews/nonexistent1/survey-links', { count: 1 })).status).toBe(404);
  });

  it('takes one response; used again it answers a 409 page on GET and POST', async () => {
    const review = await schedule();
    const [url] = (await (await api(`/api/reviews/${review.id}/survey-links`, { count: 1 })).json()).urls;
    expect((await postForm(pathOf(url), { learned: 'yes' })).status).toBe(201);
    const get = await app.request(pathOf(url), { headers: browser });
    expect(get.status).toBe(409);
    expect(await get.text()).toContain('This link has been used');
    expect((await postForm(pathOf(url), { learned: 'no' })).status).toBe(409);
  });

  it('stores exactly one of ten concurrent submits and answers 409 to the other nine', async () => {
    const review = await schedule({ title: 'race' });
    const [url] = (await (await api(`/api/reviews/${review.id}/survey-links`, { count: 1 })).json()).urls;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await postForm(pathOf(url), { learned: 'yes', surprise: `race answer ${i}` })).status),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const stored = (await allItems(store)).filter((item) => JSON.stringify(item).includes('race answer'));
    expect(stored).toHaveLength(1);
  });
});

describe('custom survey templates', () => {
  const retro = {
    id: 'short-retro',
    title: 'Short retro',
    questions: [
      { id: 'helped', type: 'multi', prompt: 'What helped?', options: ['logs', 'dashboards', 'people'], required: true },
      { id: 'clarity', type: 'scale', prompt: 'How clear was the timeline?', min: 1, max: 3 },
      { id: 'oneWord', type: 'text', prompt: 'One word for it?' },
    ],
  };

  it('are versioned, and a review keeps the version it was scheduled with', async () => {
    const v1 = await api('/api/survey-templates', retro);
    expect(v1.status).toBe(201);
    expect((await v1.json()).version).toBe(1);
    const review = await schedule({ surveyTemplate: 'short-retro' });
    expect(review.surveyTemplate).toBe('short-retro@1');
    const v2 = await api('/api/survey-templates', { ...retro, questions: [...retro.questions, { id: 'extra', type: 'longtext', prompt: 'Anything else?' }] });
    expect((await v2.json()).version).toBe(2);
    const page = await (await app.request(pathOf(review.surveyUrl), { headers: browser })).text();
    expect(page).toContain('What helped?');
    expect(page).not.toContain('Anything else?');
    expect((await postForm(pathOf(review.surveyUrl), { helped: ['logs', 'people'], clarity: '3', oneWord: 'murky' })).status).toBe(201);
    expect((await api('/api/survey-templates/short-retro/versions/1')).status).toBe(200);
    expect((await (await api('/api/survey-templates/short-retro')).json()).version).toBe(2);
    const listed = await (await api('/api/survey-templates')).json();
    expect(listed.templates.map((t: { id: string }) => t.id)).toEqual(['post-review-v1', 'short-retro']);
  });

  it('refuse invalid definitions and the built-in id', async () => {
    expect((await api('/api/survey-templates', { ...retro, id: 'post-review-v1' })).status).toBe(409);
    expect((await api('/api/survey-templates', { ...retro, questions: [{ id: 'q', type: 'rating', prompt: 'x' }] })).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => ({ id: `q${i}`, type: 'text', prompt: 'Why?' }));
    expect((await api('/api/survey-templates', { ...retro, id: 'too-long', questions: many })).status).toBe(400);
    expect((await api('/api/survey-templates/too-long')).status).toBe(404);
  });
});

describe('the write-up report', () => {
  it('shows attendance and survey results with exact numbers', async () => {
    await createWriteup(app, 'report-reviews');
    const res = await api('/api/writeups/report-reviews/reviews', { startsAt: '2026-03-10T09:00:00Z', invitees: ['Ana', 'Bo'] });
    const review = await res.json();
    await postForm(pathOf(review.checkinUrl), { name: 'Ana' });
    await postForm(pathOf(review.checkinUrl), { name: 'Cy', invited: 'no' });
    await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'Ana', participated: true }, { name: 'Bo' }] });
    await postForm(pathOf(review.surveyUrl), { learned: 'yes', understanding: '4', surprise: 'the retry storm' });
    await postForm(pathOf(review.surveyUrl), { learned: 'somewhat', understanding: '2' });
    const { attendance, surveys } = await report(app, 'report-reviews', '?from=2026-03-01&to=2026-03-31');
    expect(attendance).toMatchObject({ reviews: 1, attendees: 3, voluntary: 1, participated: 1 });
    expect(surveys).toMatchObject({ responses: 2, responseRate: 0.67 });
    const byId = Object.fromEntries(surveys.questions.map((q: { id: string }) => [q.id, q]));
    expect(byId.learned.counts).toEqual({ yes: 1, somewhat: 1, no: 0 });
    expect(byId.understanding).toMatchObject({ counts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 }, mean: 3 });
    expect(byId.surprise.answers).toEqual(['the retry storm']);
  });
});

describe('when the store is down', () => {
  it('gives the survey back with a 503, every answer and the submission id filled in', async () => {
    const port = await freePort();
    const down = localApp(await testDeps({ store: createStore({ table: 'gone', endpoint: `http://127.0.0.1:${port}` }) }));
    const res = await down.request('/s/AAAAAAAAAAAAAAAAAAAAAA', {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        submissionId: 'kept-across-outage-0001',
        template: 'post-review-v1@1',
        learned: 'somewhat',
        mystery: 'why region B recovered first',
      }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const html = await res.text();
    expect(html).toContain('could not save your answers');
    expect(html).toMatch(/value="somewhat" checked/);
    expect(html).toContain('why region B recovered first');
    expect(hiddenSubmissionId(html)).toBe('kept-across-outage-0001');
    const checkin = await down.request('/c/AAAAAAAAAAAAAAAAAAAAAA', {
      method: 'POST',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Ana Lima', role: 'observer' }),
    });
    expect(checkin.status).toBe(503);
    const checkinHtml = await checkin.text();
    expect(checkinHtml).toContain('value="Ana Lima"');
    expect(checkinHtml).toMatch(/value="observer" checked/);
  });
});
