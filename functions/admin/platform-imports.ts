import type { Context } from 'hono';
import { IMPORT_BY_HAND_MS } from '../services/place-imports';
import { importReadPlace, PLACE_SETTINGS } from '../services/read-places';
import { READ_PLACES, type ReadPlace } from '../domain/read-places';
import { INCIDENT_PLATFORMS, type IncidentPlatform } from '../domain/incident-platforms';
import { importFromPlatform } from '../services/incident-imports';
import { platformApi } from '../services/incident-platform-api';
import { plural } from '../domain/words';
import { group } from '../shared/app';
import { setAuditTarget } from './authorize';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { platformImportRoutes } from './platform-imports.routes';

/** A place's daily import, now (a problem of the whole place said before is tried again). */
const placeImportHandler = (deps: AppDeps, place: ReadPlace) => async (c: Context) => {
  const name = READ_PLACES[place].name;
  // Within the request's time: what is left, the next run (or the next call) takes.
  const report = await importReadPlace(deps.store, deps, place, nowOf(deps), { retrySite: true, deadline: Date.now() + IMPORT_BY_HAND_MS });
  if (!report) throw new ApiError(404, 'not_found', `${name} is not set up here (${PLACE_SETTINGS[place]}).`);
  setAuditTarget(c, `${plural(report.writeups, 'write-up')} on ${name}, ${plural(report.days, 'day')} of views`);
  return c.json(report, 200);
};

/** `POST /api/import/{place}` and `/api/import/{platform}`: the imports, now. */
export const platformImportHandlers = (deps: AppDeps) =>
  group(platformImportRoutes, {
    importConfluence: placeImportHandler(deps, 'confluence'),
    importGoogle: placeImportHandler(deps, 'google'),
    importMicrosoft: placeImportHandler(deps, 'microsoft'),
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
