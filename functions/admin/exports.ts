import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { parseDay } from '../domain/dates';
import { EXPORTS } from '../services/exports';
import type { AppDeps } from '../shared/deps';
import { notFound, validationFailed } from '../shared/errors';

/** `GET /api/export/{reads|links|attendance|responses}.csv[?from=&to=]`: everything, or a range of days. */
export function exportRoutes(deps: AppDeps) {
  return new Hono().get('/:file', async (c) => {
    const match = /^(reads|links|attendance|responses)\.csv$/.exec(c.req.param('file'));
    if (!match) throw notFound('That export');
    const name = match[1] as keyof typeof EXPORTS;
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (from !== undefined && !parseDay(from)) throw validationFailed([{ path: 'from', message: 'must be a day written YYYY-MM-DD' }]);
    if (to !== undefined && !parseDay(to)) throw validationFailed([{ path: 'to', message: 'must be a day written YYYY-MM-DD' }]);
    const rows = EXPORTS[name](deps.store, { from: from ?? '0000-01-01', to: to ?? '9999-12-31' });
    // The first rows are read before answering, so a store outage is a clear 503, not a cut-off file.
    const first = await rows.next();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      if (!first.done) await out.write(first.value);
      for await (const row of rows) await out.write(row);
    });
  });
}
