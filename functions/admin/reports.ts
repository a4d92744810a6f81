import type { Context, Env } from 'hono';
import { stream } from 'hono/streaming';
import { resolveBucketedRange, resolveOpenRange, resolveRange } from '../domain/report-range';
import { EXPORTS } from '../services/exports';
import { orgReport } from '../services/org-report';
import { recountOrganization, recountWriteup } from '../services/recount';
import { findWriteup } from '../services/writeups';
import { group } from '../shared/app';
import { plural } from '../domain/words';
import { setAuditTarget } from './authorize';
import { nowOf, type AppDeps } from '../shared/deps';
import { notFound, validationFailed } from '../shared/errors';
import { exportRoutes, orgReportRoutes, recountRoutes } from './reports.routes';

/** `GET /api/report?from=&to=&bucket=week|month`: the organization's signals over time. */
export const orgReportHandlers = (deps: AppDeps) =>
  group(orgReportRoutes, {
    orgReport: async (c) => {
      const asked = resolveBucketedRange(c.req.valid('query'), nowOf(deps));
      if (!asked.ok) throw validationFailed([{ path: asked.path, message: asked.message }]);
      const { cost, ...report } = await orgReport(deps.store, asked.range, asked.bucket);
      c.header('X-Store-Items', String(cost.items));
      return c.json(report, 200);
    },
  });

/** An export's query as validated (`tag` only where the route declares it). */
type ExportQuery = { from?: string; to?: string; excel?: string; tag?: string };

/** The byte-order mark that tells Excel a CSV is UTF-8. */
const UTF8_BOM = '\uFEFF';

/** The CSV exports: one operation each, so each has its role. */
export const exportHandlers = (deps: AppDeps) => {
  const exportOf = (name: keyof typeof EXPORTS) => async (c: Context<Env, string, { out: { query: ExportQuery } }>) => {
    const query = c.req.valid('query');
    // Without from or to: every day the product knows, 2000-01-01 to 2999-12-31.
    const range = resolveOpenRange({ from: query.from, to: query.to });
    if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
    const rows = EXPORTS[name](deps.store, range.range, { tag: query.tag });
    // The first rows are read before answering, so a store outage is a clear 503, not a cut-off file.
    const first = await rows.next();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    c.header('Cache-Control', 'no-store');
    const forExcel = c.req.query('excel') === '1';
    if (forExcel) c.header('Content-Disposition', `attachment; filename="${name}-excel.csv"`);
    return stream(c, async (out) => {
      if (forExcel) await out.write(UTF8_BOM);
      if (!first.done) await out.write(first.value);
      for await (const row of rows) await out.write(row);
    });
  };
  return group(exportRoutes, {
    exportReads: exportOf('reads'),
    exportLinks: exportOf('links'),
    exportAttendance: exportOf('attendance'),
    exportResponses: exportOf('responses'),
    exportAudit: exportOf('audit'),
  });
};

/**
 * `POST /api/recount`: proves the counts of a range from the facts still in
 * the table, corrects what differs and says what it corrected. One write-up
 * per request (its reads), or the organization's days: each stays within a
 * request's time.
 */
export const recountHandlers = (deps: AppDeps) =>
  group(recountRoutes, {
    recount: async (c) => {
      const input = c.req.valid('json');
      const range = resolveRange(input, nowOf(deps));
      if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
      const options = { now: nowOf(deps), dryRun: input.dryRun ?? false };
      // The trail names what the recount covered and what it changed, as the answer does.
      const touched = (what: string, result: { corrections: unknown[] }) =>
        setAuditTarget(
          c,
          `${what}, ${range.range.from} to ${range.range.to}: ${plural(result.corrections.length, 'correction')}${options.dryRun ? ' found (dry run)' : ''}`,
        );
      if (!input.writeup) {
        const result = await recountOrganization(deps.store, range.range, options);
        touched('the organization', result);
        return c.json(result, 200);
      }
      if (!(await findWriteup(deps.store, input.writeup))) throw notFound('The write-up');
      const result = await recountWriteup(deps.store, input.writeup, range.range, options);
      touched(`write-up ${input.writeup}`, result);
      return c.json({ writeup: input.writeup, ...result }, 200);
    },
  });
