import { IMPORT_BY_HAND_MS, importConfluence } from '../services/confluence';
import { plural } from '../domain/words';
import { group } from '../shared/app';
import { setAuditTarget } from './authorize';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { platformImportRoutes } from './platform-imports.routes';

/** `POST /api/import/confluence`: the daily import of Confluence's page views, now (a site marked without analytics is tried again). */
export const platformImportHandlers = (deps: AppDeps) =>
  group(platformImportRoutes, {
    importConfluence: async (c) => {
      if (!deps.confluence) throw new ApiError(404, 'not_found', 'Confluence is not set up here (CONFLUENCE_URL, CONFLUENCE_EMAIL, CONFLUENCE_API_TOKEN).');
      // Within the request's time: what is left, the next run (or the next call) takes.
      const report = await importConfluence(deps.store, deps.confluence, nowOf(deps), { retrySite: true, deadline: Date.now() + IMPORT_BY_HAND_MS });
      setAuditTarget(c, `${plural(report.writeups, 'write-up')} on Confluence, ${plural(report.days, 'day')} of views`);
      return c.json(report, 200);
    },
  });
