import { beforeAll, describe, expect, it, vi } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, orgReport, report } from '../helpers/apps';
import { adminHeaders, testDeps } from '../helpers/deps';

/**
 * Adding a kind of place to the domain's list is the only change a new kind
 * needs: here the list gains `runbook` (and what the domain derives from the
 * list, its validation), and a link of that kind is counted in the
 * organization's report like any other.
 */
vi.mock('../../functions/domain/links', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../functions/domain/links')>();
  const z = await import('zod');
  const LINK_KINDS = [...original.LINK_KINDS, 'runbook'] as const;
  const linkKindSchema = z.enum(LINK_KINDS);
  return { ...original, LINK_KINDS, linkKindSchema, registerLinkSchema: original.registerLinkSchema.extend({ kind: linkKindSchema.optional() }) };
});

const NOW = new Date('2026-04-07T10:00:00Z');
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => NOW }));
  await createWriteup(app, 'failover', { publishedAt: '2026-04-01' });
});

describe('a kind of place added to LINK_KINDS', () => {
  it('is counted by kind in the organization report, beside the kinds there were', async () => {
    const add = (body: unknown) => app.request('/api/writeups/failover/links', { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
    expect((await add({ url: 'https://wiki.example.com/runbooks/failover', kind: 'runbook' })).status).toBe(201);
    expect((await add({ url: 'https://github.com/acme/api/pull/7' })).status).toBe(201);
    const { series } = await orgReport(app, '?from=2026-04-01&to=2026-04-30&bucket=month');
    expect(series[0]).toMatchObject({ links: 2, linksByKind: { runbook: 1, 'pull-request': 1 } });
    expect((await report(app, 'failover')).links.byKind).toEqual({ runbook: 1, 'pull-request': 1 });
  });
});
