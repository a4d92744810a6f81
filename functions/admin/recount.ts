import { Hono } from 'hono';
import * as z from 'zod';
import { resolveRange } from '../domain/report-range';
import { writeupIdSchema } from '../domain/writeup';
import { recountOrganization, recountWriteup } from '../services/recount';
import { findWriteup } from '../services/writeups';
import { jsonInput } from '../shared/body';
import { nowOf, type AppDeps } from '../shared/deps';
import { notFound, validationFailed } from '../shared/errors';

const recountSchema = z.strictObject({
  from: z.string().max(10),
  to: z.string().max(10),
  /** One write-up's reads and months; without it, the organization's days. */
  writeup: writeupIdSchema.optional(),
  dryRun: z.boolean().optional(),
});

/**
 * `POST /api/recount`: proves the counts of a range from the facts still in
 * the table, corrects what differs and says what it corrected. One write-up
 * per request (its reads), or the organization's days: each stays within a
 * request's time.
 */
export function recountRoutes(deps: AppDeps) {
  return new Hono().post('/', jsonInput(recountSchema), async (c) => {
    const input = c.req.valid('json');
    const range = resolveRange(input, nowOf(deps));
    if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
    const options = { now: nowOf(deps), dryRun: input.dryRun ?? false };
    if (!input.writeup) return c.json(await recountOrganization(deps.store, range.range, options));
    if (!(await findWriteup(deps.store, input.writeup))) throw notFound('The write-up');
    return c.json({ writeup: input.writeup, ...(await recountWriteup(deps.store, input.writeup, range.range, options)) });
  });
}
