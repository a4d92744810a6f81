import { Hono } from 'hono';
import { resolveBucketedRange } from '../domain/report-range';
import { orgReport } from '../services/org-report';
import { nowOf, type AppDeps } from '../shared/deps';
import { validationFailed } from '../shared/errors';

/** `GET /api/report?from=&to=&bucket=week|month`: the organization's signals over time. */
export function orgReportRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const asked = resolveBucketedRange({ from: c.req.query('from'), to: c.req.query('to'), bucket: c.req.query('bucket') }, nowOf(deps));
    if (!asked.ok) throw validationFailed([{ path: asked.path, message: asked.message }]);
    const { cost, ...report } = await orgReport(deps.store, asked.range, asked.bucket);
    c.header('X-Store-Items', String(cost.items));
    return c.json(report);
  });
}
