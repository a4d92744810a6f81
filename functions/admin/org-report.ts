import { Hono } from 'hono';
import { resolveRange } from '../domain/report-range';
import { orgReport } from '../services/org-report';
import { nowOf, type AppDeps } from '../shared/deps';
import { validationFailed } from '../shared/errors';

/** `GET /api/report?from=&to=&bucket=week|month`: the organization's signals over time. */
export function orgReportRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const bucket = c.req.query('bucket') ?? 'month';
    if (bucket !== 'week' && bucket !== 'month') throw validationFailed([{ path: 'bucket', message: 'must be week or month' }]);
    const range = resolveRange({ from: c.req.query('from'), to: c.req.query('to') }, nowOf(deps));
    if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
    const { cost, ...report } = await orgReport(deps.store, range.range, bucket);
    c.header('X-Store-Requests', String(cost.requests));
    c.header('X-Store-Items', String(cost.items));
    return c.json(report);
  });
}
