import { importConfluence } from '../services/confluence';
import { group } from '../shared/app';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { platformImportRoutes } from './platform-imports.routes';

/** `POST /api/import/confluence`: the daily import of Confluence's page views, now (a site marked without analytics is tried again). */
export const platformImportHandlers = (deps: AppDeps) =>
  group(platformImportRoutes, {
    importConfluence: async (c) => {
      if (!deps.confluence) throw new ApiError(404, 'not_found', 'Confluence is not set up here (CONFLUENCE_URL, CONFLUENCE_EMAIL, CONFLUENCE_API_TOKEN).');
      return c.json(await importConfluence(deps.store, deps.confluence, nowOf(deps), { retrySite: true }), 200);
    },
  });
