import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../functions/data/client';
import { listReaderDays } from '../../functions/data/reads';
import { dayOf } from '../../functions/domain/dates';
import { ensureTable } from '../../functions/data/bootstrap';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';
import { localApp, NO_LIMITS } from '../../local/server';
import { adminHeaders, BROWSER_UA, countStream, settled, testDeps } from '../helpers/deps';
import { newVisitId } from '../helpers/apps';
import { recordFigure } from '../helpers/figures';

// Its own DynamoDB Local, on disk, so it can be stalled, killed and started again.
const dataDir = mkdtempSync(join(tmpdir(), 'faults-'));
let dynamo: DynamoDbLocal;
let store: Store;
let app: ReturnType<typeof localApp>;
let survey: string;
let checkin: string;

const form = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA };
const beacon = (address = '198.51.100.20') =>
  app.request('/e', {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': address },
    body: JSON.stringify({ w: 'faulty', k: 'view', u: 'https://docs.example.com/pir/faulty', r: null, v: newVisitId() }),
  });
const answer = (text: string, submissionId: string) =>
  app.request(survey, { method: 'POST', headers: form, body: new URLSearchParams({ learned: 'yes', surprise: text, submissionId }) });
const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};
const surveyAnswers = async () => {
  await settled();
  const report = await (await app.request('/api/writeups/faulty/report?from=2026-01-01', { headers: adminHeaders })).json();
  return report.surveys.questions.find((q: { id: string }) => q.id === 'surprise').answers as string[];
};
const waitHealthy = async () => {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await app.request('/healthz')).status === 200) return Date.now();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the product did not recover');
};

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ dataDir });
  store = createStore({ table: 'faults', endpoint: dynamo.endpoint });
  countStream(store, dynamo.endpoint, (await ensureTable(store)).streamArn);
  app = localApp(await testDeps({ store }), NO_LIMITS);
  await app.request('/api/writeups', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ id: 'faulty', title: 'Faulty', url: 'https://docs.example.com/pir/faulty' }),
  });
  const review = await (
    await app.request('/api/writeups/faulty/reviews', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ startsAt: '2026-11-01T10:00:00Z' }) })
  ).json();
  survey = new URL(review.surveyUrl).pathname;
  checkin = new URL(review.checkinUrl).pathname;
}, 120_000);

afterAll(async () => {
  process.kill(dynamo.pid, 'SIGCONT');
  await dynamo.stop();
});

describe('a failing store', () => {
  it('stalled (SIGSTOP): every request answers 503 within 10 s, the survey keeps its answers; it recovers without a restart and a retry counts once', async () => {
    for (let i = 0; i < 5; i++) expect((await answer(`before the stall ${i}`, `before-stall-000000000${i}`)).status).toBe(201);
    process.kill(dynamo.pid, 'SIGSTOP');
    const during = await Promise.all([
      timed(async () => app.request('/healthz')),
      timed(async () => beacon()),
      timed(async () => app.request(survey, { headers: form })),
      timed(async () => answer('typed while the store was stalled', 'stalled-submission-0001')),
      timed(async () => app.request(checkin, { method: 'POST', headers: form, body: new URLSearchParams({ name: 'Ana Lima' }) })),
      timed(async () => app.request('/api/writeups', { headers: adminHeaders })),
    ]);
    process.kill(dynamo.pid, 'SIGCONT');
    for (const { result, ms } of during) {
      expect(result.status).toBe(503);
      expect(result.headers.get('retry-after')).toBe('5');
      expect(ms).toBeLessThan(10_000);
    }
    const page = await during[3]!.result.text();
    expect(page).toContain('typed while the store was stalled');
    expect(page).toContain('value="stalled-submission-0001"');
    const slowest = Math.max(...during.map((d) => d.ms));

    const stalledAt = Date.now();
    await waitHealthy();
    expect((await answer('typed while the store was stalled', 'stalled-submission-0001')).status).toBe(201);
    expect((await answer('typed while the store was stalled', 'stalled-submission-0001')).status).toBe(201);
    const answers = await surveyAnswers();
    expect(answers.filter((a) => a === 'typed while the store was stalled')).toHaveLength(1);
    for (let i = 0; i < 5; i++) expect(answers).toContain(`before the stall ${i}`);
    recordFigure(
      `stalled store (SIGSTOP): 6 kinds of request answered 503 in at most ${(slowest / 1000).toFixed(1)} s; recovered ${((Date.now() - stalledAt) / 1000).toFixed(1)} s after SIGCONT without a restart; the retried survey counted once`,
    );
  }, 60_000);

  it('killed mid-run (SIGKILL) and started again: everything acknowledged before is still there', async () => {
    const acknowledged: string[] = [];
    let ackedBeacons = 0;
    const views = async () => {
      await settled();
      return (await (await app.request('/api/writeups/faulty/report?from=2026-01-01', { headers: adminHeaders })).json()).reads.views as number;
    };
    // The facts themselves: each acknowledged beacon is a visit on its reader's day.
    const visits = async () => (await listReaderDays(store, 'faulty', dayOf(new Date()))).reduce((n, day) => n + (day.visits?.size ?? 0), 0);
    const viewsBefore = await views();
    const visitsBefore = await visits();
    let sent = 0;
    // Beacons and survey answers keep coming while the store dies.
    const traffic = (async () => {
      for (let i = 0; i < 400; i++) {
        sent++;
        const [b, s] = await Promise.all([beacon(`198.51.100.${i % 200}`), answer(`during the crash ${i}`, `crash-submission-${String(i).padStart(6, '0')}`)]);
        if (b.status === 202) ackedBeacons++;
        if (s.status === 201) acknowledged.push(`during the crash ${i}`);
      }
    })();
    await new Promise((r) => setTimeout(r, 1_500));
    process.kill(dynamo.pid, 'SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1_000));
    dynamo = await startDynamoDbLocal({ dataDir, port: dynamo.port });
    await traffic;
    const recoveredAt = await waitHealthy();
    const answers = await surveyAnswers();
    const lost = acknowledged.filter((a) => !answers.includes(a));
    expect(lost).toEqual([]);
    const stored = (await visits()) - visitsBefore;
    expect(stored).toBeGreaterThanOrEqual(ackedBeacons);
    expect(stored).toBeLessThanOrEqual(sent);
    // Counted from DynamoDB Local's stream, which a SIGKILL may cut mid-record (DynamoDB's own is durable): never more than the facts.
    const counted = (await views()) - viewsBefore;
    expect(counted).toBeLessThanOrEqual(stored);
    expect(acknowledged.length).toBeGreaterThan(0);
    recordFigure(
      `killed store (SIGKILL, restarted on its data): ${acknowledged.length} acknowledged survey answers and ${ackedBeacons} acknowledged beacons of ${sent} sent, none lost (${stored} visits stored, ${counted} counted from the stream); healthy again ${((recoveredAt - killedAt) / 1000).toFixed(1)} s after the kill, without restarting the product`,
    );
  }, 120_000);
});
