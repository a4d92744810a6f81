import type { LinkKind } from '../domain/links';
import { registerLinkFor } from '../services/links';
import { group } from '../shared/app';
import { linkSettingsOf, nowOf, type AppDeps } from '../shared/deps';
import { setAuditTarget } from './authorize';
import { linkBatchRoutes } from './links.routes';

type Result = { writeup: string; url: string | null; kind?: LinkKind; status: 'created' | 'existing' | 'refused'; message?: string };

/**
 * `POST /api/links`: many links at once (the repository scanner sends its
 * findings in batches). Each link is answered on its own: created, existing,
 * or why it was refused.
 */
export const linkBatchHandlers = (deps: AppDeps) =>
  group(linkBatchRoutes, {
    registerLinks: async (c) => {
      const { links } = c.req.valid('json');
      const now = nowOf(deps);
      const results: Result[] = [];
      for (const { writeup, ...input } of links) {
        const result = await registerLinkFor(deps.store, writeup, input, linkSettingsOf(deps), now);
        if (result.ok) results.push({ writeup, url: result.link.url, kind: result.link.kind, status: result.created ? 'created' : 'existing' });
        else results.push({ writeup, url: input.url, status: 'refused', message: result.reason === 'no-writeup' ? 'no such write-up' : result.message });
      }
      const count = (status: Result['status']) => results.filter((r) => r.status === status).length;
      // The trail names every write-up the batch reached (a link made or already there), once each.
      const touched = [...new Set(results.filter((r) => r.status !== 'refused').map((r) => r.writeup))].sort();
      setAuditTarget(c, touched.length ? touched.join(', ') : 'no write-up (every link refused)');
      return c.json({ created: count('created'), existing: count('existing'), refused: count('refused'), results }, 200);
    },
  });
