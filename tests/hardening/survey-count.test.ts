import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/data/client';
import { localApp, NO_LIMITS } from '../../local/server';
import { adminHeaders, BROWSER_UA, freshStore, settled, testDeps } from '../helpers/deps';
import { StoreUnavailable } from '../../functions/domain/errors';
import { createWriteup } from '../helpers/apps';

/**
 * The store fails around a survey answer: the reply to the write that stores it
 * is lost (the store stalled after storing it), or the write never lands. The
 * person retries; the answer and its count must each be there exactly once.
 */
let store: Store;
let app: ReturnType<typeof localApp>;
let fault: 'none' | 'reply-lost' | 'write-lost' = 'none';

beforeAll(async () => {
  store = await freshStore();
  const send = store.doc.send.bind(store.doc) as (...args: unknown[]) => Promise<unknown>;
  store.doc.send = (async (...args: unknown[]) => {
    // A survey answer's write: the response alone, or with the single-use link it spends.
    const isAnswer = JSON.stringify((args[0] as { input?: unknown }).input ?? {}).includes('RESPONSE#');
    const injected = isAnswer ? fault : 'none';
    if (injected !== 'none') fault = 'none';
    if (injected === 'write-lost') throw new StoreUnavailable('the store stalled');
    const result = await send(...args);
    if (injected === 'reply-lost') throw new StoreUnavailable('the store stalled before answering');
    return result;
  }) as typeof store.doc.send;
  app = localApp(await testDeps({ store, now: () => new Date('2026-07-01T16:00:00Z') }), NO_LIMITS);
  await createWriteup(app, 'fragile');
});

const schedule = async () =>
  (await (
    await app.request('/api/writeups/fragile/reviews', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ startsAt: '2026-07-01T15:00:00Z' }) })
  ).json()) as {
    id: string;
    surveyUrl: string;
  };
const submit = (path: string, submissionId: string, surprise: string) =>
  app.request(path, {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA },
    body: new URLSearchParams({ submissionId, learned: 'yes', surprise }),
  });
const counts = async () => {
  await settled();
  const writeup = await (await app.request('/api/writeups/fragile/report?from=2026-07-01&to=2026-07-01', { headers: adminHeaders })).json();
  const org = await (await app.request('/api/report?from=2026-07-01&to=2026-07-01', { headers: adminHeaders })).json();
  const surprises = writeup.surveys.questions.find((q: { id: string }) => q.id === 'surprise').answers as string[];
  return {
    writeup: writeup.surveys.responses as number,
    org: org.series[0].responses as number,
    learnedYes: (org.series[0].learned.yes ?? 0) as number,
    surprises,
  };
};

describe('a survey answer when the store fails around it', () => {
  it('shared link, reply lost: the form comes back (503), the retry is thanked, the answer and its count are there once', async () => {
    const review = await schedule();
    const path = new URL(review.surveyUrl).pathname;
    const before = await counts();
    fault = 'reply-lost';
    const first = await submit(path, 'reply-lost-shared-0001', 'stored while the reply was lost');
    expect(first.status).toBe(503);
    const page = await first.text();
    expect(page).toContain('stored while the reply was lost');
    expect(page).toContain('value="reply-lost-shared-0001"');
    expect((await submit(path, 'reply-lost-shared-0001', 'stored while the reply was lost')).status).toBe(201);
    const after = await counts();
    expect(after.writeup - before.writeup).toBe(1);
    expect(after.org - before.org).toBe(1);
    expect(after.learnedYes - before.learnedYes).toBe(1);
    expect(after.surprises.filter((s) => s === 'stored while the reply was lost')).toHaveLength(1);
  });

  it('single-use link, reply lost: the retry of that form is thanked, not told the link is used; another form is', async () => {
    const review = await schedule();
    const [url] = (
      await (await app.request(`/api/reviews/${review.id}/survey-links`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ count: 1 }) })).json()
    ).urls;
    const path = new URL(url).pathname;
    const before = await counts();
    fault = 'reply-lost';
    expect((await submit(path, 'reply-lost-once-00001', 'single-use, reply lost')).status).toBe(503);
    const retry = await submit(path, 'reply-lost-once-00001', 'single-use, reply lost');
    expect(retry.status).toBe(201);
    expect(await retry.text()).toContain('Thank you');
    expect((await submit(path, 'someone-else-form-0001', 'a second person')).status).toBe(409);
    const after = await counts();
    expect(after.writeup - before.writeup).toBe(1);
    expect(after.org - before.org).toBe(1);
    expect(after.surprises).not.toContain('a second person');
  });

  it('write lost: 503 with the answers kept, nothing stored or counted, and the retry counts once', async () => {
    const review = await schedule();
    const path = new URL(review.surveyUrl).pathname;
    const before = await counts();
    fault = 'write-lost';
    expect((await submit(path, 'write-lost-shared-0001', 'the write never landed')).status).toBe(503);
    const between = await counts();
    expect(between.writeup).toBe(before.writeup);
    expect(between.org).toBe(before.org);
    expect((await submit(path, 'write-lost-shared-0001', 'the write never landed')).status).toBe(201);
    const after = await counts();
    expect(after.writeup - before.writeup).toBe(1);
    expect(after.org - before.org).toBe(1);
  });
});
