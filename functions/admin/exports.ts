import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { parseDay } from '../domain/dates';
import { EXPORTS } from '../services/exports';
import type { AppDeps } from '../shared/deps';
import { validationFailed } from '../shared/errors';

/**
 * `GET /api/export/{reads|links|attendance|responses|audit}.csv[?from=&to=]`:
 * everything, or a range of days. One route each, so the route table gives
 * each its role (names are in attendance and responses: admins only).
 */
export function exportRoutes(deps: AppDeps) {
  const app = new Hono();
  for (const name of Object.keys(EXPORTS) as Array<keyof typeof EXPORTS>) app.get(`/${name}.csv`, (c) => exportOf(c, name));
  return app;

  async function exportOf(c: Context, name: keyof typeof EXPORTS) {
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
  }
}
