import { beforeAll, describe, expect, it } from 'vitest';
import { getSession, putSession } from '../../functions/data/people';
import { adjustRollups } from '../../functions/data/rollups';
import { LEARNED_OPTIONS } from '../../functions/domain/counts';
import { LINK_KINDS } from '../../functions/domain/links';
import { IMAGE_PROXIES } from '../../functions/domain/proxies';
import type { AppDeps } from '../../functions/shared/deps';
import { recordProxiedView } from '../../functions/services/reads';
import { localApp } from '../../local/server';
import { createWriteup, orgReport, report, requestsTo } from '../helpers/apps';
import { testDeps } from '../helpers/deps';

// Every kind the domain lists is counted, whatever it is; a write the item type does not know is refused.
const NOW = new Date();
const TODAY = NOW.toISOString().slice(0, 10);
const THIS_MONTH = `?from=${TODAY.slice(0, 8)}01&to=${TODAY}&bucket=month`;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
const { api, form } = requestsTo(() => app);

beforeAll(async () => {
  deps = await testDeps({ now: () => NOW });
  app = localApp(deps);
});

describe('every kind in the domain lists', () => {
  it('counts a link of each kind in LINK_KINDS, by kind', async () => {
    await createWriteup(app, 'every-kind');
    for (const kind of LINK_KINDS) expect((await api('/api/writeups/every-kind/links', { url: `https://example.com/${kind}`, kind })).status, kind).toBe(201);
    const one = Object.fromEntries(LINK_KINDS.map((kind) => [kind, 1]));
    expect((await report(app, 'every-kind')).links.byKind).toEqual(one);
    const { series } = await orgReport(app, THIS_MONTH);
    expect(series[0]).toMatchObject({ links: LINK_KINDS.length, linksByKind: one });
  });

  it('counts a pixel fetched by each image proxy in IMAGE_PROXIES, by proxy', async () => {
    await createWriteup(app, 'every-proxy');
    for (const { id } of IMAGE_PROXIES)
      expect(await recordProxiedView(deps.store, 'every-proxy', id, { address: '192.0.2.1', userAgent: id }, NOW)).toBe('counted');
    const { reads } = await report(app, 'every-proxy');
    expect(reads.proxied).toEqual({ fetches: IMAGE_PROXIES.length, byProxy: Object.fromEntries(IMAGE_PROXIES.map(({ id }) => [id, 1])) });
  });

  it('counts a response with each answer in LEARNED_OPTIONS, by answer', async () => {
    await createWriteup(app, 'every-answer');
    const review = await (await api('/api/writeups/every-answer/reviews', { startsAt: new Date(NOW.getTime() - 3_600_000).toISOString() })).json();
    for (const learned of LEARNED_OPTIONS) {
      const res = await form(new URL(review.surveyUrl).pathname, { learned });
      expect(res.status, learned).toBeLessThan(400);
    }
    const { series } = await orgReport(app, THIS_MONTH);
    expect(series[0]).toMatchObject({ responses: LEARNED_OPTIONS.length, learned: Object.fromEntries(LEARNED_OPTIONS.map((option) => [option, 1])) });
  });
});

describe('a write naming an attribute its item type does not declare', () => {
  it('throws at once, naming it, and stores nothing of the update', async () => {
    const day = '2025-02-03';
    await expect(adjustRollups(deps.store, [{ rollup: 'orgDay', day, counts: { views: 1, 'links:nowhere': 1 } }])).rejects.toThrow(/links:nowhere/);
    const { series } = await orgReport(app, `?from=${day}&to=${day}&bucket=month`);
    expect(series[0]).toMatchObject({ views: 0, linksByKind: {} });
  });

  it('throws at once for a new item, naming it, and stores nothing', async () => {
    const session = {
      hash: 'strict-put',
      holder: 'ana@example.com',
      name: 'Ana',
      role: 'viewer' as const,
      createdAt: NOW.toISOString(),
      expiresAt: Math.floor(NOW.getTime() / 1000) + 3_600,
    };
    const withStray = { ...session, shownName: 'Ana B.' };
    await expect(putSession(deps.store, withStray)).rejects.toThrow(/shownName/);
    expect(await getSession(deps.store, 'strict-put')).toBeUndefined();
    await putSession(deps.store, session);
    expect(await getSession(deps.store, 'strict-put')).toEqual(session);
  });
});
