import * as z from 'zod';
import { MAX_RANGE_DAYS } from '../domain/dates';
import { writeupIdSchema } from '../domain/writeup';
import { json, jsonBody, media, operations, type OperationSpec } from '../shared/operation';
import { bucketQuery, daySchema, dayMeta, openRangeQuery, rangeQuery, spreadsheetQuery, tagQuery } from '../shared/queries';
import { orgReportSchema, rangeSchema } from '../shared/schemas';

/** `GET /api/report`: the organization's signals over time. */
export const orgReportRoutes = operations(
  'admin',
  { name: 'report', description: "The organization's signals" },
  {
    orgReport: {
      method: 'get',
      path: '/api/report',
      access: 'viewer',
      summary: "The organization's signals over time",
      request: { query: rangeQuery.extend(bucketQuery.shape) },
      responses: { 200: json(orgReportSchema, 'The report (`X-Store-Items`: the items it read)') },
    },
  },
);

/** An export; one that hands out names or the trail itself says so in the trail (`export.download`). */
const csv = (access: OperationSpec['access'], name: string, summary: string, options: { recorded?: true; byTag?: true } = {}): OperationSpec => ({
  method: 'get',
  path: `/api/export/${name}.csv`,
  access,
  ...(options.recorded ? { action: 'export.download' } : {}),
  summary,
  request: {
    query: (options.byTag ? openRangeQuery.extend(spreadsheetQuery.shape).extend(tagQuery.shape) : openRangeQuery.extend(spreadsheetQuery.shape)).meta({
      description: options.byTag ? 'Without from and to: everything; with tag: only the write-ups carrying it' : 'Without from and to: everything',
    }),
  },
  responses: { 200: media('text/csv', 'A CSV file (UTF-8, CRLF lines), its header first; with `excel=1`, a byte-order mark first') },
});

/**
 * `GET /api/export/{name}.csv[?from=&to=&tag=]`: everything, or a range of days, of every write-up or those with a tag (as the
 * organization's page that links them is filtered). Names are in attendance and responses: admins only.
 */
export const exportRoutes = operations(
  'admin',
  { name: 'export', description: 'CSV exports' },
  {
    exportReads: csv('viewer', 'reads', 'Reads a day, as CSV', { byTag: true }),
    exportLinks: csv('viewer', 'links', 'Links, as CSV', { byTag: true }),
    exportAttendance: csv('admin', 'attendance', 'Attendance with names, as CSV', { recorded: true, byTag: true }),
    exportResponses: csv('admin', 'responses', 'Survey responses, as CSV', { recorded: true, byTag: true }),
    exportAudit: csv('admin', 'audit', 'The audit trail, as CSV', { recorded: true }),
  },
);

export const recountSchema = z.strictObject({
  from: daySchema.meta(dayMeta('First day, inclusive (UTC)')),
  to: daySchema.meta(dayMeta(`Last day, inclusive (UTC). A range covers at most ${MAX_RANGE_DAYS} days`)),
  /** One write-up's reads and months; without it, the organization's days. */
  writeup: writeupIdSchema.optional().meta({ description: "One write-up's reads and months; without it, the organization's days" }),
  dryRun: z.boolean().optional().meta({ description: 'Say what differs, correct nothing' }),
});

const correction = z.object({
  rollup: z.enum(['dailyReads', 'orgDay', 'orgMonth']),
  of: z.string(),
  writeupId: z.string().optional(),
  counter: z.string(),
  was: z.number(),
  now: z.number(),
});

/** `POST /api/recount`: proves the counts of a range from the facts still in the table, and corrects them. */
export const recountRoutes = operations(
  'admin',
  { name: 'recount', description: 'Healing counts from the facts' },
  {
    recount: {
      method: 'post',
      path: '/api/recount',
      access: 'admin',
      action: 'counts.recount',
      summary: 'Prove counts from the stored facts and correct them',
      request: { body: jsonBody(recountSchema) },
      responses: {
        200: json(
          z.object({ writeup: z.string().optional(), range: rangeSchema, corrections: z.array(correction), notes: z.array(z.string()), applied: z.boolean() }),
          'What differed, and whether it was corrected',
        ),
      },
      errors: { 404: 'No write-up with that id' },
    },
  },
);
