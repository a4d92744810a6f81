import { IMPORT_BY_HAND_MS, importConfluence } from '../services/confluence';
import { INCIDENT_PLATFORMS, type IncidentPlatform } from '../domain/incident-platforms';
import { importFromPlatform } from '../services/incident-imports';
import { platformApi } from '../services/incident-platform-api';
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
    importIncidentPlatform: async (c) => {
      const platform = c.req.valid('param').platform as IncidentPlatform;
      const api = deps.incidentPlatforms?.[platform]?.api;
      if (!api) throw new ApiError(404, 'not_found', `${INCIDENT_PLATFORMS[platform].name} is not set up here (its API key).`);
      const { since } = c.req.valid('query');
      const report = await importFromPlatform(deps.store, platformApi(platform, api), nowOf(deps), { since, deadline: Date.now() + IMPORT_BY_HAND_MS });
      setAuditTarget(c, `${INCIDENT_PLATFORMS[platform].name}: ${plural(report.created, 'write-up')} registered, ${report.updated} updated`);
      return c.json(report, 200);
    },
  });
