import * as z from 'zod';
import { json, operations } from '../shared/operation';

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
  },
);
