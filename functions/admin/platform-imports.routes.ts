import * as z from 'zod';
import { INCIDENT_PLATFORM_IDS } from '../domain/incident-platforms';
import { json, operations } from '../shared/operation';
import { READ_PLACES, type ReadPlace } from '../domain/read-places';
import { dayParam } from '../shared/queries';

/** `POST /api/import/{confluence|google|microsoft}`: a place's daily import of its own views, now. */
function placeImport(place: ReadPlace) {
  const { name } = READ_PLACES[place];
  return {
    method: 'post' as const,
    path: `/api/import/${place}`,
    access: 'admin' as const,
    action: 'platform.import',
    summary: `Import ${name}'s own views now (it also runs daily)`,
    description: `${name} counts ${READ_PLACES[place].counts}, in ${READ_PLACES[place].clock}: stored per day beside the tracked reads, never added to them. A problem of the whole place said earlier is tried again.`,
    responses: {
      200: json(
        z.object({
          writeups: z
            .number()
            .int()
            .meta({ description: `Write-ups whose address or a copy is on ${name}` }),
          days: z.number().int().meta({ description: 'Days imported (read again ones included)' }),
          calls: z
            .number()
            .int()
            .meta({ description: `Calls made to ${name}, retries included` }),
          left: z.number().int().meta({ description: 'Write-ups not reached before the time limit: the next run takes them' }),
          problems: z.array(z.string()),
        }),
        'What was imported, and any problem, said once',
      ),
    },
    errors: { 404: `${name} is not set up here` },
  };
}

export const platformImportRoutes = operations(
  'admin',
  { name: 'import', description: "Imports of the platforms' own counts" },
  {
    importConfluence: placeImport('confluence'),
    importGoogle: placeImport('google'),
    importMicrosoft: placeImport('microsoft'),
    // After the places' routes: their fixed paths are matched first.
    importIncidentPlatform: {
      method: 'post',
      path: '/api/import/{platform}',
      access: 'admin',
      action: 'platform.backfill',
      summary: "Register an incident platform's post-mortems as write-ups now: a backfill, in steps",
      description:
        "Reads the platform's post-mortems page by page (since a day, or all) and registers each as a write-up, never one twice. Each call works about 20 seconds and says whether it got to the end (`done`); calling again with the same `since` goes on where it stopped. The command line (`learning-signals import <platform>`) calls it until done.",
      request: {
        params: z.object({ platform: z.enum(INCIDENT_PLATFORM_IDS as [string, ...string[]]).meta({ description: 'incident-io, rootly or firehydrant' }) }),
        query: z.object({ since: dayParam('Only post-mortems created (Rootly) or changed (incident.io, FireHydrant) since this day') }),
      },
      responses: {
        200: json(
          z.object({
            platform: z.string(),
            done: z.boolean().meta({ description: 'Gone through to the last page; false: call again to go on' }),
            since: z.string().optional(),
            pages: z.number().int(),
            calls: z.number().int().meta({ description: 'Calls made to the platform, retries included' }),
            created: z.number().int(),
            updated: z.number().int(),
            unchanged: z.number().int(),
            archived: z.number().int(),
            skipped: z.number().int(),
            problems: z.array(z.string()),
          }),
          'What this step registered, and whether there is more',
        ),
      },
      errors: { 404: "The platform's API key is not set up here" },
    },
  },
);
