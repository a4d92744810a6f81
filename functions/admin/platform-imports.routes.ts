import * as z from 'zod';
import { INCIDENT_PLATFORM_IDS } from '../domain/incident-platforms';
import { json, operations } from '../shared/operation';
import { dayParam } from '../shared/queries';

/** `POST /api/import/confluence`: the daily import of Confluence's page views, now. */
export const platformImportRoutes = operations(
  'admin',
  { name: 'import', description: "Imports of the platforms' own counts" },
  {
    importConfluence: {
      method: 'post',
      path: '/api/import/confluence',
      access: 'admin',
      action: 'platform.import',
      summary: "Import Confluence's own page views now (it also runs daily)",
      responses: {
        200: json(
          z.object({
            writeups: z.number().int().meta({ description: 'Write-ups whose page is on the site' }),
            days: z.number().int().meta({ description: 'Days imported' }),
            calls: z.number().int().meta({ description: 'Calls made to Confluence, retries included' }),
            left: z.number().int().meta({ description: 'Write-ups not reached before the time limit: the next run takes them' }),
            problems: z.array(z.string()),
          }),
          'What was imported, and any problem, said once',
        ),
      },
      errors: { 404: 'Confluence is not set up here' },
    },
    // After the Confluence route: its fixed path is matched first.
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
