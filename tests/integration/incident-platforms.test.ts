import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { platformApi } from '../../functions/services/incident-platform-api';
import { dailyPulls, importFromPlatform } from '../../functions/services/incident-imports';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import {
  firehydrantReport,
  incidentIoDelivery,
  incidentIoDocument,
  incidentIoIncident,
  INCIDENT_IO_SECRET,
  KEYS,
  platformApis,
  rootlyDelivery,
  rootlyIncident,
  rootlyPostMortem,
  ROOTLY_SECRET,
  statusChange,
} from '../helpers/incident-platforms';
import { serveApp, type Running } from '../helpers/servers';
import { allItems } from '../helpers/table';

const EVENT = 'public_incident.postmortem_document_status_updated_v1';
let apis: Awaited<ReturnType<typeof platformApis>>;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  apis = await platformApis();
  deps = await testDeps({
    incidentPlatforms: {
      'incident-io': { webhookSecret: async () => INCIDENT_IO_SECRET, api: { key: KEYS['incident-io'], url: apis.urls['incident-io'], maxWaitMs: 2_000 } },
      rootly: { webhookSecret: async () => ROOTLY_SECRET, api: { key: KEYS.rootly, url: apis.urls.rootly } },
      firehydrant: { api: { key: KEYS.firehydrant, url: apis.urls.firehydrant } },
    },
  });
  app = localApp(deps, NO_LIMITS);
});

afterAll(async () => {
  await apis?.close();
});

const writeup = async (id: string) => (await app.request(`/api/writeups/${id}`, { headers: adminHeaders })).json();
const allWriteups = async (archived = false) => {
  const all: Array<Record<string, any>> = [];
  let after: string | undefined;
  do {
    const page = await (
      await app.request(`/api/writeups?limit=100${archived ? '&archived=true' : ''}${after ? `&after=${after}` : ''}`, { headers: adminHeaders })
    ).json();
    all.push(...page.writeups);
    after = page.next;
  } while (after);
  return all;
};
const fromSource = async (platform: string, id: string) =>
  [...(await allWriteups()), ...(await allWriteups(true))].filter((w) => w.source?.platform === platform && w.source.id === id);
const hook = async (path: string, request: { method: string; headers: Record<string, string>; body: string }) => {
  const res = await app.request(path, request);
  return { status: res.status, body: await res.json() };
};

describe('POST /hooks/incident-io', () => {
  it("makes one write-up of a post-mortem, with its exports as copies and its incident's day and tags; a redelivery and later changes keep it one", async () => {
    apis.incidents.set('01HZZINCIDENT0000000000001', incidentIoIncident());
    const document = incidentIoDocument({
      exported_urls: ['https://www.notion.so/acme/INC-42-Checkout-latency-0f1e2d3c', 'https://docs.google.com/document/d/1AbCdEfGh/edit'],
    });
    const first = incidentIoDelivery(EVENT, statusChange(document, 'not_started', 'created'));
    const created = await hook('/hooks/incident-io', first);
    expect(created).toEqual({
      status: 200,
      body: { ok: true, event: EVENT, outcome: 'created', writeup: 'inc-42-checkout-latency-after-the-cache-failover' },
    });
    const made = await writeup('inc-42-checkout-latency-after-the-cache-failover');
    expect(made).toMatchObject({
      title: 'INC-42: Checkout latency after the cache failover',
      url: 'https://app.incident.io/acme/incidents/42/post-mortem',
      copies: document.exported_urls,
      incidentDate: '2026-11-18',
      tags: ['payments', 'sev-2'],
      source: { platform: 'incident-io', id: document.id, url: 'https://app.incident.io/acme/incidents/42' },
    });
    expect(made.publishedAt).toBeUndefined();

    // Svix retries with the same webhook-id: nothing again.
    expect((await hook('/hooks/incident-io', first)).body).toEqual({ ok: true, event: EVENT, duplicate: true });

    // Completed: the same write-up, published when the document says it changed.
    const completed = { ...document, status: 'completed', updated_at: '2026-11-24T16:30:00Z' };
    expect((await hook('/hooks/incident-io', incidentIoDelivery(EVENT, statusChange(completed, 'review', 'complete')))).body).toMatchObject({
      outcome: 'updated',
      writeup: made.id,
    });
    expect((await writeup(made.id)).publishedAt).toBe('2026-11-24T16:30:00.000Z');

    // A delivery of an older state, arriving late (deliveries can come out of order), changes nothing.
    const older = { ...document, title: 'INC-42: an older title', status: 'in_review', updated_at: '2026-11-22T10:00:00Z' };
    expect((await hook('/hooks/incident-io', incidentIoDelivery(EVENT, statusChange(older, 'created', 'review')))).body).toMatchObject({
      outcome: 'unchanged',
    });
    expect((await writeup(made.id)).title).toBe('INC-42: Checkout latency after the cache failover');
    expect(await fromSource('incident-io', document.id)).toHaveLength(1);
  });

  it('finds a write-up registered by hand at an exported copy: the same write-up, never a twin, keeping what people typed', async () => {
    await createWriteup(app, 'search-outage-by-hand', { title: 'Search outage (our notes)', url: 'https://www.notion.so/acme/Search-outage-77aa' });
    const document = incidentIoDocument({
      id: '01HZZPMDOC0000000000000002',
      incident_id: '01HZZINCIDENT0000000000002',
      title: 'INC-51: Search outage',
      document_url: 'https://app.incident.io/acme/incidents/51/post-mortem',
      exported_urls: ['https://www.notion.so/acme/Search-outage-77aa'],
    });
    apis.incidents.set(
      '01HZZINCIDENT0000000000002',
      incidentIoIncident({ id: '01HZZINCIDENT0000000000002', permalink: 'https://app.incident.io/acme/incidents/51' }),
    );
    const answer = await hook('/hooks/incident-io', incidentIoDelivery(EVENT, statusChange(document, 'not_started', 'created')));
    expect(answer.body).toMatchObject({ outcome: 'updated', writeup: 'search-outage-by-hand' });
    const twin = await writeup('search-outage-by-hand');
    expect(twin).toMatchObject({
      title: 'Search outage (our notes)',
      url: 'https://www.notion.so/acme/Search-outage-77aa',
      copies: ['https://app.incident.io/acme/incidents/51/post-mortem'],
      source: { platform: 'incident-io', id: document.id, byHand: true },
    });
    // The next change of the document finds it by its source now.
    const completed = { ...document, status: 'completed', title: 'INC-51: Search outage, renamed', updated_at: '2026-11-25T08:00:00Z' };
    expect((await hook('/hooks/incident-io', incidentIoDelivery(EVENT, statusChange(completed, 'review', 'complete')))).body).toMatchObject({
      writeup: 'search-outage-by-hand',
    });
    expect((await writeup('search-outage-by-hand')).title).toBe('Search outage (our notes)');
    expect(await fromSource('incident-io', document.id)).toHaveLength(1);
  });

  it('refuses a wrong signature, a stale or future timestamp and missing headers with 401, storing nothing', async () => {
    await settled();
    const before = (await allItems(deps.store)).length;
    const document = incidentIoDocument({ id: '01HZZPMDOC0000000000000666', title: 'Should never be stored' });
    const resource = statusChange(document, 'not_started', 'created');
    const wrong = incidentIoDelivery(EVENT, resource, { secret: `whsec_${Buffer.from('another secret').toString('base64')}` });
    const stale = incidentIoDelivery(EVENT, resource, { at: new Date(Date.now() - 6 * 60_000) });
    const future = incidentIoDelivery(EVENT, resource, { at: new Date(Date.now() + 6 * 60_000) });
    const tampered = incidentIoDelivery(EVENT, resource);
    tampered.body = tampered.body.replace('Should never be stored', 'Changed on the way');
    const unsigned = { ...incidentIoDelivery(EVENT, resource), headers: { 'content-type': 'application/json' } };
    for (const [name, request] of Object.entries({ wrong, stale, future, tampered, unsigned })) {
      const res = await hook('/hooks/incident-io', request);
      expect({ name, status: res.status, code: res.body.error.code }).toEqual({ name, status: 401, code: 'unauthorized' });
    }
    expect((await hook('/hooks/incident-io', stale)).body.error.message).toMatch(/five minutes/);
    await settled();
    expect((await allItems(deps.store)).length).toBe(before);
  });

  it('answers the events it does not read with 200 and ignores them; a signed body it cannot read is a 400', async () => {
    for (const type of ['public_incident.incident_created_v2', 'public_incident.follow_up_created_v1', 'schedule.shift_change_v1']) {
      expect((await hook('/hooks/incident-io', incidentIoDelivery(type, { incident: incidentIoIncident() }))).body).toMatchObject({
        ok: true,
        event: type,
        outcome: 'ignored',
      });
    }
    const broken = await hook('/hooks/incident-io', incidentIoDelivery(EVENT, { previous_status: 'created', new_status: 'review' }));
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/postmortem_document/);
  });

  it("reads a private incident's post-mortem from the API; when the API fails it answers 503, and incident.io's retry registers it once", async () => {
    const PRIVATE = 'private_incident.postmortem_document_status_updated_v1';
    const document = incidentIoDocument({
      id: '01HZZPMDOC0000000000000003',
      incident_id: '01HZZINCIDENT0000000000003',
      title: 'INC-60: Access review',
      document_url: 'https://app.incident.io/acme/incidents/60/post-mortem',
    });
    apis.documents.push(document);
    apis.incidents.set('01HZZINCIDENT0000000000003', incidentIoIncident({ id: '01HZZINCIDENT0000000000003', visibility: 'private' }));
    const delivery = incidentIoDelivery(PRIVATE, { id: document.id });
    // Down for every try of the call.
    for (let i = 0; i < 4; i++)
      apis.faults.push({ platform: 'incident-io', status: 503, headers: { 'retry-after': '0' }, body: '{"type":"unavailable","status":503}' });
    const down = await hook('/hooks/incident-io', delivery);
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(/incident\.io answered 503/);
    expect(await fromSource('incident-io', document.id)).toHaveLength(0);
    const retried = await hook('/hooks/incident-io', delivery);
    expect(retried.body).toMatchObject({ outcome: 'created', writeup: 'inc-60-access-review' });
    expect(await fromSource('incident-io', document.id)).toHaveLength(1);
  });
});

describe('POST /hooks/rootly', () => {
  it('makes a write-up of a new post-mortem, publishes it when Rootly does, and archives it when deleted there', async () => {
    const pm = rootlyPostMortem();
    apis.rootlyIncidents.set(pm.incident_id, rootlyIncident(pm.incident_id));
    const created = rootlyDelivery('incident_post_mortem.created', pm);
    expect((await hook('/hooks/rootly', created)).body).toEqual({
      ok: true,
      event: 'incident_post_mortem.created',
      outcome: 'created',
      writeup: 'ledger-lag-during-the-monday-batch',
    });
    expect(await writeup('ledger-lag-during-the-monday-batch')).toMatchObject({
      url: pm.url,
      copies: [pm.short_url],
      incidentDate: '2026-11-16',
      tags: ['data', 'sev1'],
      source: { platform: 'rootly', id: pm.id, url: `https://rootly.com/account/incidents/${pm.incident_id}` },
    });
    expect((await hook('/hooks/rootly', created)).body).toMatchObject({ duplicate: true });
    const published = { ...pm, status: 'published', published_at: '2026-11-19T12:00:00.000-08:00', updated_at: '2026-11-19T12:00:00.000-08:00' };
    expect((await hook('/hooks/rootly', rootlyDelivery('incident_post_mortem.published', published))).body).toMatchObject({ outcome: 'updated' });
    expect((await writeup('ledger-lag-during-the-monday-batch')).publishedAt).toBe('2026-11-19T20:00:00.000Z');
    expect((await hook('/hooks/rootly', rootlyDelivery('incident_post_mortem.deleted', published))).body).toMatchObject({ outcome: 'archived' });
    expect((await allWriteups()).map((w) => w.id)).not.toContain('ledger-lag-during-the-monday-batch');
    expect((await allWriteups(true)).map((w) => w.id)).toContain('ledger-lag-during-the-monday-batch');
    expect((await hook('/hooks/rootly', rootlyDelivery('incident.created', { id: 'x' }))).body).toMatchObject({ outcome: 'ignored' });
  });

  it('refuses a wrong or stale signature with 401, storing nothing', async () => {
    await settled();
    const before = (await allItems(deps.store)).length;
    const pm = rootlyPostMortem({ id: 'never-stored', title: 'Never stored' });
    const requests = {
      wrong: rootlyDelivery('incident_post_mortem.created', pm, { secret: 'not the secret' }),
      stale: rootlyDelivery('incident_post_mortem.created', pm, { at: new Date(Date.now() - 10 * 60_000) }),
      garbled: rootlyDelivery('incident_post_mortem.created', pm, { signature: 'v1=abc' }),
    };
    for (const [name, request] of Object.entries(requests)) {
      const res = await hook('/hooks/rootly', request);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    await settled();
    expect((await allItems(deps.store)).length).toBe(before);
  });
});

// A backfill works in steps of about 20 seconds each (the import route's budget) and registers every
// post-mortem it reads: a busy machine takes longer than vitest's usual 30 s, and that is not a fault.
const BACKFILL_TEST_MS = 120_000;

describe('backfills and the daily pull', () => {
  it(
    'backfills Rootly page by page, waiting out a 429 until its X-RateLimit-Reset, and registers each post-mortem once',
    async () => {
      for (let i = 1; i <= 120; i++)
        apis.rootlyPostMortems.push(
          rootlyPostMortem({ id: `rpm-${i}`, title: `Backfilled post-mortem ${i}`, url: `https://rootly.com/account/incidents/${i}/retrospective` }),
        );
      const reset = Math.ceil(Date.now() / 1000) + 1;
      apis.faults.push({
        platform: 'rootly',
        status: 429,
        headers: { 'x-ratelimit-reset': String(reset) },
        body: '{"error":"Rate limit exceeded. Try again later."}',
      });
      const started = apis.requests.length;
      // Steps of about 20 s each, as the command line calls them, until done: how many depends on the machine's speed.
      const total = { pages: 0, created: 0, updated: 0, skipped: 0, calls: 0 };
      for (let step = 0; step < 10; step++) {
        const answer = await (await app.request('/api/import/rootly', { method: 'POST', headers: adminHeaders })).json();
        for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += answer[key];
        if (answer.done) break;
        expect(answer.problems).toEqual([expect.stringMatching(/^Stopped after .* run it again to go on\.$/)]);
      }
      expect(total).toEqual({ pages: 3, created: 120, updated: 0, skipped: 0, calls: 4 });
      const mine = apis.requests.slice(started);
      expect(mine[0]!.status).toBe(429);
      expect(mine[1]!.at).toBeGreaterThanOrEqual(reset * 1000 - 50);
      expect(mine.map((r) => r.query.get('page[number]'))).toEqual(['1', '1', '2', '3']);
      const again = await (await app.request('/api/import/rootly', { method: 'POST', headers: adminHeaders })).json();
      expect(again).toMatchObject({ done: true, created: 0, unchanged: 120 });
      expect(await fromSource('rootly', 'rpm-77')).toHaveLength(1);
    },
    BACKFILL_TEST_MS,
  );

  it(
    'goes on where a stopped backfill stopped, and the daily pull then asks FireHydrant only for what changed since',
    async () => {
      for (let i = 1; i <= 120; i++) apis.reports.push(firehydrantReport(i));
      const api = () => platformApi('firehydrant', { key: KEYS.firehydrant, url: apis.urls.firehydrant });
      const now = new Date();
      const first = await importFromPlatform(deps.store, api(), now, { pages: 1 });
      expect(first).toMatchObject({ done: false, pages: 1, created: 50 });
      const started = apis.requests.length;
      const rest = await importFromPlatform(deps.store, api(), now);
      expect(rest).toMatchObject({ done: true, pages: 2, created: 70 });
      expect(apis.requests.slice(started).map((r) => r.query.get('page'))).toEqual(['2', '3']);
      expect(await writeup('retrospective-queue-backlog-7')).toMatchObject({
        url: 'https://app.firehydrant.io/incidents/inc-7',
        incidentDate: '2026-11-09',
        tags: ['platform', 'sev3'],
        source: { platform: 'firehydrant', id: 'rpt-7' },
      });

      const daily = apis.requests.length;
      const [pulled] = await dailyPulls(deps.store, deps.incidentPlatforms, new Date(now.getTime() + 86_400_000));
      expect(pulled).toMatchObject({ platform: 'firehydrant', done: true, created: 0 });
      // A day before the last complete run began: what changed while it ran is asked again.
      expect(apis.requests.slice(daily)[0]!.query.get('updated_since')).toBe(addDay(now.toISOString().slice(0, 10), -1));
    },
    BACKFILL_TEST_MS,
  );

  it('runs the backfill from the command line in steps until done, and says PagerDuty cannot be imported', async () => {
    apis.reports.push(firehydrantReport(500, { name: 'Retrospective: from the command line', updated_at: new Date().toISOString() }));
    apis.faults.push({ platform: 'firehydrant', status: 429, headers: { 'retry-after': '1' }, body: '{"error":"rate limit exceeded"}' });
    const product: Running = await serveApp(app);
    const out: string[] = [];
    const err: string[] = [];
    process.env.LEARNING_SIGNALS_URL = product.url;
    process.env.LEARNING_SIGNALS_TOKEN = adminHeaders.authorization.slice('Bearer '.length);
    try {
      const since = new Date().toISOString().slice(0, 10);
      expect(await main(['import', 'firehydrant', '--since', since], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
      expect(out.at(-1)).toBe('FireHydrant: 1 page read, 1 write-up registered, 0 updated, 0 unchanged.');
      expect(err).toEqual([]);
      expect(await main(['import', 'pagerduty'], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(2);
      expect(err.at(-1)).toMatch(/PagerDuty .* documents no API that lists its post-incident reviews/);
      expect(await main(['import', 'rootly', '--since', 'yesterday'], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(2);
    } finally {
      delete process.env.LEARNING_SIGNALS_URL;
      delete process.env.LEARNING_SIGNALS_TOKEN;
      await product.close();
    }
  });

  it('says a refused key once, clearly, and registers nothing; a platform without a key is a 404', async () => {
    const refused = await importFromPlatform(deps.store, platformApi('firehydrant', { key: 'fhb-revoked', url: apis.urls.firehydrant }), new Date(), {
      since: '2026-01-01',
    });
    expect(refused).toMatchObject({ done: false, pages: 0, created: 0 });
    expect(refused.problems).toEqual([expect.stringMatching(/^FireHydrant refused the API key: Unauthorized; what was registered stays/)]);
    const bare = localApp(await testDeps({ store: deps.store }), NO_LIMITS);
    const res = await bare.request('/api/import/firehydrant', { method: 'POST', headers: adminHeaders });
    expect(res.status).toBe(404);
    // No platform of that name: nothing at that address, as for any unknown path parameter.
    expect((await bare.request('/api/import/pagerduty', { method: 'POST', headers: adminHeaders })).status).toBe(404);
  });
});

function addDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
